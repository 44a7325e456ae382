import { describe, it, expect } from 'vitest';
import {
  ACTION_RATES,
  RateLimiterRegistry,
  burstOf,
  sharedRateLimiter,
} from '../../../src-main/cloud/rate-limiter';

/** A fake monotonic clock whose sleep advances time instantly and records each wait. */
function fakeTime() {
  let t = 1_000;
  const waits: number[] = [];
  return {
    clock: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    waits,
    now: () => t,
  };
}

describe('RateLimiterRegistry', () => {
  it('documents the limits of every action the client uses', () => {
    expect(ACTION_RATES).toMatchObject({
      'cvm/DescribeInstanceVncUrl': 10,
      'cvm/DescribeInstances': 40,
      'cvm/StartInstances': 10,
      'cvm/StopInstances': 10,
      'cvm/RebootInstances': 10,
      'region/DescribeRegions': 50,
    });
  });

  it('bursts one second of requests less a 0.1 s jitter reserve', () => {
    expect([10, 40, 50, 1].map(burstOf)).toEqual([9, 36, 45, 1]);
  });

  it('lets the burst through, then paces at the documented rate', async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry({ clock: time.clock, sleep: time.sleep });
    const start = time.now();
    const sentAt: number[] = [];
    // Sequential callers: each waits for its turn, as a loop of awaits would.
    for (let i = 0; i < 30; i++) {
      await limiter.acquire('AKID1', 'cvm', 'DescribeInstanceVncUrl');
      sentAt.push(time.now() - start);
    }
    expect(sentAt.slice(0, 9).every((t) => t === 0)).toBe(true);
    // After the burst of 9, one request every 100 ms: the 30th at 2.1 s.
    expect(sentAt[9]).toBeCloseTo(100, 6);
    expect(sentAt[29]).toBeCloseTo(2100, 6);
    // Never more than 9 + 10·t requests by time t (seconds).
    sentAt.forEach((t, i) => expect(i + 1).toBeLessThanOrEqual(9 + (10 * t) / 1000 + 1e-9));
  });

  it('paces concurrent callers in arrival order without polling', async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry({
      clock: time.clock,
      sleep: async (ms) => void time.waits.push(ms),
    });
    await Promise.all(Array.from({ length: 40 }, () => limiter.acquire('AKID1', 'cvm', 'DescribeInstances')));
    // 36 free, then 4 callers wait 25, 50, 75, 100 ms (40/s), each slept exactly once.
    expect(time.waits).toEqual([25, 50, 75, 100]);
  });

  it('refills over time up to the burst, not more', async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry({ clock: time.clock, sleep: time.sleep });
    for (let i = 0; i < 9; i++) await limiter.acquire('AKID1', 'cvm', 'StopInstances');
    time.advance(60_000); // a long idle must not bank 600 tokens
    for (let i = 0; i < 9; i++) await limiter.acquire('AKID1', 'cvm', 'StopInstances');
    expect(time.waits).toEqual([]);
    await limiter.acquire('AKID1', 'cvm', 'StopInstances');
    expect(time.waits).toEqual([100]);
  });

  it('keeps separate buckets per SecretId and per action', async () => {
    const time = fakeTime();
    const limiter = new RateLimiterRegistry({ clock: time.clock, sleep: time.sleep });
    for (let i = 0; i < 9; i++) await limiter.acquire('AKID1', 'cvm', 'DescribeInstanceVncUrl');
    for (let i = 0; i < 9; i++) await limiter.acquire('AKID2', 'cvm', 'DescribeInstanceVncUrl');
    for (let i = 0; i < 9; i++) await limiter.acquire('AKID1', 'cvm', 'StartInstances');
    // cvm and region DescribeRegions are different limits even though the action name is the same.
    for (let i = 0; i < 9; i++) await limiter.acquire('AKID1', 'cvm', 'DescribeRegions');
    for (let i = 0; i < 45; i++) await limiter.acquire('AKID1', 'region', 'DescribeRegions');
    expect(time.waits).toEqual([]);
    await limiter.acquire('AKID1', 'cvm', 'DescribeInstanceVncUrl');
    expect(time.waits).toEqual([100]);
  });

  it('uses the strictest known rate for an unknown action', () => {
    expect(new RateLimiterRegistry().rateOf('cvm', 'SomethingNew')).toBe(10);
  });

  it('exports one shared registry for the whole process', async () => {
    const again = await import('../../../src-main/cloud/rate-limiter');
    expect(again.sharedRateLimiter).toBe(sharedRateLimiter);
  });
});
