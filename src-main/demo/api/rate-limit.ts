// Per-action request-rate limits, one token bucket per SecretId + service + action, as the
// real API applies them (reference §3). A bucket holds one second's worth of requests, so a
// burst up to the limit passes and the rest of that second is refused.

/** Requests per second, keyed `service:Action`. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = {
  'cvm:DescribeInstanceVncUrl': 10,
  'cvm:DescribeInstances': 40,
  'cvm:StartInstances': 10,
  'cvm:StopInstances': 10,
  'cvm:RebootInstances': 10,
  'cvm:DescribeRegions': 20,
  'region:DescribeRegions': 50,
};

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly limits = new Map<string, number>(Object.entries(DEFAULT_RATE_LIMITS));
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number) {}

  /** Requests per second for `service:Action`; undefined means unlimited. */
  limit(service: string, action: string): number | undefined {
    return this.limits.get(`${service}:${action}`);
  }

  /** Changes a limit (Infinity or 0 … n); resets that action's buckets. */
  setLimit(service: string, action: string, perSecond: number): void {
    this.limits.set(`${service}:${action}`, perSecond);
    for (const key of this.buckets.keys())
      if (key.endsWith(`|${service}:${action}`)) this.buckets.delete(key);
  }

  /** Takes one token; false when the caller is over the limit. */
  take(secretId: string, service: string, action: string): boolean {
    const rate = this.limit(service, action);
    if (rate === undefined || rate === Infinity) return true;
    const key = `${secretId}|${service}:${action}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: rate, at: now };
    // A clock that went back (tests move it by hand) refills nothing.
    bucket.tokens = Math.min(rate, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rate);
    bucket.at = Math.max(bucket.at, now);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
    this.limits.clear();
    for (const [k, v] of Object.entries(DEFAULT_RATE_LIMITS)) this.limits.set(k, v);
  }
}
