import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src-renderer/console/backoff';

describe('backoffDelay', () => {
  it('retries at once first, then ~1, 2, 4, 8 s, capped at 15 s', () => {
    const noJitter = (): number => 0.5;
    const delays = [1, 2, 3, 4, 5, 6, 7, 20].map((f) => backoffDelay(f, noJitter));
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it('treats zero or negative failure counts as the first retry', () => {
    expect(backoffDelay(0, () => 0.9)).toBe(0);
    expect(backoffDelay(-3, () => 0.9)).toBe(0);
  });

  it('spreads each delay by at most ±20 % and never exceeds the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (f, r) => {
          // DESIGN.md §4's schedule, written out: 1, 2, 4, 8 s, then the 15 s cap.
          const base = [1000, 2000, 4000, 8000][f - 2] ?? 15_000;
          const d = backoffDelay(f, () => r);
          expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
          expect(d).toBeLessThanOrEqual(Math.min(15_000, Math.ceil(base * 1.2)));
        },
      ),
    );
  });

  it('actually jitters: different random draws give different delays', () => {
    expect(backoffDelay(3, () => 0)).toBe(1600);
    expect(backoffDelay(3, () => 0.999)).toBe(2399);
  });

  it('honours a custom policy', () => {
    const policy = { ...DEFAULT_BACKOFF, firstDelayMs: 100, capMs: 250, jitter: 0 };
    expect([2, 3, 4].map((f) => backoffDelay(f, () => 0.3, policy))).toEqual([100, 200, 250]);
  });
});
