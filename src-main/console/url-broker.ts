// The console-URL broker (DESIGN.md §3–§4): every call asks the cloud for a brand-new URL — no
// cache, no merging of concurrent calls, because a URL is single-use — and at most
// `maxAttemptsPerWindow` URLs are issued per instance in any sliding `windowMs`. The gateway
// refuses the 31st connect in a minute anyway; refusing here costs no API call and tells the
// renderer exactly how long to wait. Several console windows share this one budget.
// It does not look at the URLs: `issue` hands it only URLs that cloud/vnc-url.ts accepted.
import type { ErrorKind, InstanceRef, IssuedConsoleUrl } from '../contract';

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

/** Thrown (as an Error carrying the envelope's fields) when the per-instance window is full. */
export class ConsoleAttemptLimitError extends Error {
  readonly kind: ErrorKind = 'throttled';
  readonly code = 'ConsoleAttemptLimit';

  constructor(
    readonly retryAfterMs: number,
    max: number,
    windowMs: number,
  ) {
    super(
      `Too many console connection attempts for this instance (at most ${max} in ${Math.round(windowMs / 1000)} s). ` +
        `Next attempt possible in ${Math.ceil(retryAfterMs / 1000)} s.`,
    );
    this.name = 'ConsoleAttemptLimitError';
  }

  /** The error envelope of the contract, e.g. for IPC. */
  toJSON(): { kind: ErrorKind; code: string; message: string; retryAfterMs: number } {
    return { kind: this.kind, code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

export function createConsoleUrlBroker<T extends { url: string } = IssuedConsoleUrl>(
  options: ConsoleUrlBrokerOptions<T>,
): ConsoleUrlBroker<T> {
  const now = options.now ?? Date.now;
  const max = options.maxAttemptsPerWindow ?? 30;
  const windowMs = options.windowMs ?? 60_000;
  // Per instance: one entry per issued or in-flight attempt. An object per entry so a failed
  // attempt releases exactly its own slot.
  const slots = new Map<string, { at: number }[]>();

  // Keyed by instance, not profile: two profiles reaching the same instance share its gateway limit.
  const keyOf = (ref: InstanceRef): string => `${ref.region}/${ref.instanceId}`;

  function live(key: string, at: number): { at: number }[] {
    const list = (slots.get(key) ?? []).filter((s) => s.at > at - windowMs);
    if (list.length === 0) slots.delete(key);
    else slots.set(key, list);
    return list;
  }

  return {
    async issueUrl(ref) {
      const key = keyOf(ref);
      const at = now();
      const list = live(key, at);
      if (list.length >= max) {
        const oldest = Math.min(...list.map((s) => s.at));
        throw new ConsoleAttemptLimitError(Math.max(1, oldest + windowMs - at), max, windowMs);
      }
      // Reserve before awaiting, so concurrent calls cannot overshoot the window together.
      const slot = { at };
      list.push(slot);
      slots.set(key, list);
      try {
        return await options.issue(ref);
      } catch (error) {
        // No URL was issued, so the gateway saw no attempt: give the slot back.
        const current = slots.get(key);
        if (current) {
          const i = current.indexOf(slot);
          if (i >= 0) current.splice(i, 1);
          if (current.length === 0) slots.delete(key);
        }
        throw error;
      }
    },
    attemptsInWindow(ref) {
      return live(keyOf(ref), now()).length;
    },
  };
}
