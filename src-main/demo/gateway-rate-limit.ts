// The per-instance connect cap: at most N accepted connects in any rolling 60 s window.

const WINDOW_MS = 60_000;

export class ConnectLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** 0 when a connect is allowed now, else the ms until the oldest counted connect leaves the window. */
  waitMs(instanceId: string, now: number): number {
    const times = this.recent(instanceId, now);
    return times.length < this.perMinute ? 0 : times[0]! + WINDOW_MS - now;
  }

  record(instanceId: string, now: number): void {
    const times = this.recent(instanceId, now);
    times.push(now);
    this.accepted.set(instanceId, times);
  }

  /** Gives back a slot recorded at `at` (a connect that failed after it was counted). */
  forget(instanceId: string, at: number): void {
    const times = this.accepted.get(instanceId);
    const i = times?.indexOf(at) ?? -1;
    if (times && i >= 0) times.splice(i, 1);
  }

  private recent(instanceId: string, now: number): number[] {
    const times = (this.accepted.get(instanceId) ?? []).filter((t) => now - t < WINDOW_MS);
    if (times.length === 0) this.accepted.delete(instanceId);
    else this.accepted.set(instanceId, times);
    return times;
  }
}
