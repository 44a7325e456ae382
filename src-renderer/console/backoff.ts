// Retry delays for DESIGN.md §4: the first retry at once, then ~1, 2, 4, 8 s, capped at ~15 s.
// Jitter keeps several consoles (and several users behind one gateway) from retrying in lockstep.

export interface BackoffPolicy {
  /** Delay before the second retry. */
  firstDelayMs: number;
  factor: number;
  capMs: number;
  /** Relative spread: 0.2 means ±20 %. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { firstDelayMs: 1000, factor: 2, capMs: 15_000, jitter: 0.2 };

/**
 * How long to wait before the next attempt after `failures` consecutive failures (1-based).
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(
  failures: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  if (failures <= 1) return 0;
  const base = Math.min(policy.capMs, policy.firstDelayMs * policy.factor ** (failures - 2));
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.round(Math.min(policy.capMs, Math.max(0, base + spread)));
}
