// When to try a failed API call again, and how long to wait first.
// Throttling is retried for every action (a throttled request was never executed).
// Network errors and 5xx-like failures are retried only for the read-only Describe* calls:
// a Start/Stop/Reboot may have run even though its answer was lost.
import type { CloudError } from './errors';

/** At most this many backoff retries per call (the SDKs' practice). The clock fix is extra. */
export const MAX_RETRIES = 3;
/** First backoff step; doubles each retry: ~0.5, 1, 2 s before jitter. */
export const BACKOFF_BASE_MS = 500;
/** Hint given to the caller when throttling outlasts our retries. */
export const THROTTLE_RETRY_AFTER_MS = 1000;

/** Codes of transient failures on Tencent's side, worth a retry on read-only calls. */
export function isTransientServerCode(code: string): boolean {
  return (
    code.startsWith('InternalError') || code === 'ServiceUnavailable' || /^HttpStatus\.5\d\d$/.test(code)
  );
}

export function isRetryable(err: CloudError, readOnly: boolean): boolean {
  if (err.kind === 'throttled') return true;
  if (!readOnly) return false;
  return err.kind === 'network' || (err.kind === 'server' && isTransientServerCode(err.code));
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries
 * of many callers spread out but none retries immediately. `retry` counts from 1.
 */
export function backoffMs(retry: number, random: () => number): number {
  const step = BACKOFF_BASE_MS * 2 ** (retry - 1);
  return Math.round(step / 2 + random() * (step / 2));
}
