// The console-URL broker (DESIGN.md §3–§4): every call asks the cloud for a brand-new URL — no
// cache, no merging of concurrent calls, because a URL is single-use — and at most
// `maxAttemptsPerWindow` URLs are issued per instance in any sliding `windowMs`. The gateway
// refuses the 31st connect in a minute anyway; refusing here costs no API call and tells the
// renderer exactly how long to wait. Several console windows share this one budget.
// It does not look at the URLs: `issue` hands it only URLs that cloud/vnc-url.ts accepted.
import { EnvelopeError } from '../common/errors';
import {
  CONSOLE_CONNECT_WINDOW_MS,
  CONSOLE_CONNECTS_PER_WINDOW,
  SlidingWindows,
} from '../common/console-limits';
import type { InstanceRef, IssuedConsoleUrl } from '../contract';

export type { InstanceRef, IssuedConsoleUrl } from '../contract';

export interface ConsoleUrlBrokerOptions<T extends { url: string } = IssuedConsoleUrl> {
  /** Fetches one fresh URL (DescribeInstanceVncUrl, decoded and checked by cloud/vnc-url.ts). */
  issue: (ref: InstanceRef) => Promise<T>;
  now?: () => number;
  maxAttemptsPerWindow?: number;
  windowMs?: number;
}

export interface ConsoleUrlBroker<T extends { url: string } = IssuedConsoleUrl> {
  /** A fresh URL for one connection attempt, or a `ConsoleAttemptLimitError`. */
  issueUrl(ref: InstanceRef): Promise<T>;
  /** URLs issued (or being issued) for this instance in the current window. */
  attemptsInWindow(ref: InstanceRef): number;
}

/** Thrown when the per-instance window is full; says how long until an attempt fits. */
export class ConsoleAttemptLimitError extends EnvelopeError {
  override readonly retryAfterMs: number;

  constructor(retryAfterMs: number, max: number, windowMs: number) {
    super(
      'throttled',
      'ConsoleAttemptLimit',
      `Too many console connection attempts for this instance (at most ${max} in ${Math.round(windowMs / 1000)} s). ` +
        `Next attempt possible in ${Math.ceil(retryAfterMs / 1000)} s.`,
      retryAfterMs,
    );
    this.retryAfterMs = retryAfterMs;
    this.name = 'ConsoleAttemptLimitError';
  }
}

export function createConsoleUrlBroker<T extends { url: string } = IssuedConsoleUrl>(
  options: ConsoleUrlBrokerOptions<T>,
): ConsoleUrlBroker<T> {
  const now = options.now ?? Date.now;
  const max = options.maxAttemptsPerWindow ?? CONSOLE_CONNECTS_PER_WINDOW;
  const windowMs = options.windowMs ?? CONSOLE_CONNECT_WINDOW_MS;
  // Keyed by instance, not profile: two profiles reaching the same instance share its gateway limit.
  const windows = new SlidingWindows(max, windowMs);
  const keyOf = (ref: InstanceRef): string => `${ref.region}/${ref.instanceId}`;

  return {
    async issueUrl(ref) {
      const key = keyOf(ref);
      const at = now();
      const wait = windows.waitMs(key, at);
      if (wait > 0) throw new ConsoleAttemptLimitError(Math.max(1, wait), max, windowMs);
      // Reserve before awaiting, so concurrent calls cannot overshoot the window together.
      const stamp = windows.record(key, at);
      try {
        return await options.issue(ref);
      } catch (error) {
        // No URL was issued, so the gateway saw no attempt: give the slot back.
        windows.release(key, stamp);
        throw error;
      }
    },
    attemptsInWindow(ref) {
      return windows.count(keyOf(ref), now());
    },
  };
}
