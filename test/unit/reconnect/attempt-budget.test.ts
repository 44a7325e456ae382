import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AttemptBudget } from '../../../src-renderer/console/attempt-budget';
import { maxInAnyWindow } from './fakes';

describe('AttemptBudget', () => {
  it('allows 30 attempts, then makes the 31st wait until the oldest leaves the window', () => {
    const budget = new AttemptBudget(30, 60_000);
    for (let i = 0; i < 30; i++) {
      expect(budget.nextAllowedAt(1000 + i)).toBe(1000 + i);
      budget.record(1000 + i);
    }
    expect(budget.countInWindow(1030)).toBe(30);
    expect(budget.nextAllowedAt(1030)).toBe(61_000);
    expect(budget.nextAllowedAt(60_999)).toBe(61_000);
    // At exactly t0 + 60 s the first attempt no longer counts.
    expect(budget.nextAllowedAt(61_000)).toBe(61_000);
    expect(budget.countInWindow(61_000)).toBe(29);
  });

  it('never lets more than max attempts into any sliding window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 10 }),
        (gaps, max) => {
          const budget = new AttemptBudget(max, 10_000);
          const taken: number[] = [];
          let t = 0;
          for (const gap of gaps) {
            t += gap;
            // Whoever asks, takes the earliest allowed slot.
            const at = budget.nextAllowedAt(t);
            expect(at).toBeGreaterThanOrEqual(t);
            budget.record(at);
            taken.push(at);
            t = at;
          }
          expect(maxInAnyWindow(taken, 10_000)).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});
