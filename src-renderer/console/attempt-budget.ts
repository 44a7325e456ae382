// The hard ceiling of DESIGN.md §4: at most `max` attempts in any sliding window of `windowMs`.
// The gateway refuses the 31st connect in a minute, and main enforces the same rule; keeping it
// here too means the renderer waits instead of burning attempts on refusals.

export class AttemptBudget {
  private stamps: number[] = [];

  constructor(
    private readonly max = 30,
    private readonly windowMs = 60_000,
  ) {}

  /** Attempts whose timestamp lies in (now - windowMs, now]. */
  countInWindow(now: number): number {
    this.prune(now);
    return this.stamps.length;
  }

  /** The earliest time (≥ now) an attempt fits in the window. */
  nextAllowedAt(now: number): number {
    this.prune(now);
    if (this.stamps.length < this.max) return now;
    // Sorted ascending; the slot frees when the (len - max + 1)-th oldest leaves the window.
    const freeing = this.stamps[this.stamps.length - this.max];
    return freeing === undefined ? now : freeing + this.windowMs;
  }

  record(now: number): void {
    this.stamps.push(now);
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < this.stamps.length && (this.stamps[drop] as number) <= cutoff) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
  }
}
