// Client-side token buckets so this process never exceeds Tencent's per-action limits,
// however many consoles, lists and tray refreshes call at once.
// A reservation bucket: each acquire takes a token now and, if the bucket is in debt, waits
// until the debt is repaid. Callers are served in arrival order and nothing polls.

/** Tencent's documented limits, requests per second (reference §3). */
export const ACTION_RATES: Readonly<Record<string, number>> = {
  'cvm/DescribeInstanceVncUrl': 10,
  'cvm/DescribeInstances': 40,
  'cvm/StartInstances': 10,
  'cvm/StopInstances': 10,
  'cvm/RebootInstances': 10,
  // UNCONFIRMED for the old cvm DescribeRegions; 10/s is the most common CVM limit.
  'cvm/DescribeRegions': 10,
  'region/DescribeRegions': 50,
  'sts/AssumeRole': 600,
};
/** For any action not listed above: the strictest limit we know. */
export const DEFAULT_RATE = 10;
/**
 * Seconds of requests kept back from the burst. Requests reach the server with varying delay
 * (a new TLS connection is slower than a reused one), so a client pacing exactly at the limit
 * gets throttled now and then; holding back 0.1 s worth of tokens absorbs 100 ms of jitter.
 * The sustained rate is still the documented one.
 */
export const JITTER_RESERVE_S = 0.1;

/** How many requests may go at once: one second's worth, less the jitter reserve. */
export function burstOf(ratePerSecond: number): number {
  return Math.max(1, ratePerSecond - Math.ceil(ratePerSecond * JITTER_RESERVE_S));
}

export interface RateLimiterOptions {
  /** Monotonic milliseconds; default performance.now. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  rates?: Readonly<Record<string, number>>;
}

class Bucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly ratePerSecond: number,
    now: number,
  ) {
    this.capacity = burstOf(ratePerSecond);
    this.tokens = this.capacity; // starts full
    this.last = now;
  }

  /** Takes a token; returns how long to wait (ms) before using it. */
  reserve(now: number): number {
    const elapsed = Math.max(0, now - this.last);
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.ratePerSecond;
  }
}

export class RateLimiterRegistry {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly rates: Readonly<Record<string, number>>;

  constructor(options: RateLimiterOptions = {}) {
    this.clock = options.clock ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.rates = options.rates ?? ACTION_RATES;
  }

  rateOf(service: string, action: string): number {
    return this.rates[`${service}/${action}`] ?? DEFAULT_RATE;
  }

  /** Resolves when this (SecretId, action) may send one request. */
  async acquire(secretId: string, service: string, action: string): Promise<void> {
    const key = `${secretId}\n${service}/${action}`;
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Bucket(this.rateOf(service, action), now);
      this.buckets.set(key, bucket);
    }
    const wait = bucket.reserve(now);
    if (wait > 0) await this.sleep(wait);
  }
}

/** The one registry shared by every client in the process (DESIGN.md §4: "the API limits are shared"). */
export const sharedRateLimiter = new RateLimiterRegistry();
