import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SlidingWindow, SlidingWindows } from '../../../src-main/common/console-limits';
import { maxInAnyWindow } from '../renderer/console/fakes';

describe('SlidingWindow', () => {
  it('allows 30 events, then makes the 31st wait until the oldest leaves the window', () => {
    const window = new SlidingWindow(30, 60_000);
    for (let i = 0; i < 30; i++) {
      expect(window.waitMs(1000 + i)).toBe(0);
      window.record(1000 + i);
    }
    expect(window.count(1030)).toBe(30);
    expect(window.waitMs(1030)).toBe(59_970);
    expect(window.waitMs(60_999)).toBe(1);
    // At exactly t0 + 60 s the first event no longer counts.
    expect(window.waitMs(61_000)).toBe(0);
    expect(window.count(61_000)).toBe(29);
  });

  it('gives back a released event, and only one of two recorded at the same time', () => {
    const window = new SlidingWindow(2, 10_000);
    const first = window.record(500);
    window.record(500);
    expect(window.waitMs(600)).toBe(9900);
    window.release(first);
    expect(window.count(600)).toBe(1);
    expect(window.waitMs(600)).toBe(0);
  });

  it('never lets more than max events into any sliding window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 10 }),
        (gaps, max) => {
          const window = new SlidingWindow(max, 10_000);
          const taken: number[] = [];
          let t = 0;
          for (const gap of gaps) {
            t += gap;
            // Whoever asks, takes the earliest allowed slot.
            const at = t + window.waitMs(t);
            expect(window.waitMs(at)).toBe(0);
            window.record(at);
            taken.push(at);
            t = at;
          }
          expect(maxInAnyWindow(taken, 10_000)).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});

describe('SlidingWindows', () => {
  it('keeps one window per key and says how long to wait', () => {
    const windows = new SlidingWindows(3, 60_000);
    const stamps = [0, 10_000, 20_000].map((t) => {
      expect(windows.waitMs('a', t)).toBe(0);
      return windows.record('a', t);
    });
    expect(windows.waitMs('a', 30_000)).toBe(30_000);
    expect(windows.waitMs('b', 30_000)).toBe(0);
    expect(windows.waitMs('a', 59_999)).toBe(1);
    windows.release('a', stamps[1]!);
    expect(windows.count('a', 30_000)).toBe(2);
    expect(windows.waitMs('a', 30_000)).toBe(0);
    expect(windows.count('a', 80_000)).toBe(0);
  });
});
