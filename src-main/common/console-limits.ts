// The console gateway's rules (DESIGN.md §3–§4), enforced by the gateway, main and the renderer:
// a console URL works once and for 15 s; an instance takes at most 30 connects in any 60 s.

/** How long the gateway honours a console URL after it was issued. */
export const CONSOLE_URL_VALID_MS = 15_000;
/** A URL older than this is never used (3 s short of its validity, for the connect itself). */
export const CONSOLE_URL_MAX_AGE_MS = 12_000;
/** Connects (hence URLs) allowed per instance in any sliding CONSOLE_CONNECT_WINDOW_MS. */
export const CONSOLE_CONNECTS_PER_WINDOW = 30;
export const CONSOLE_CONNECT_WINDOW_MS = 60_000;

/**
 * At most `max` events in any sliding window of `windowMs`: an event recorded at `t` counts while
 * `now - t < windowMs`. Times are whatever clock the caller passes (ms).
 */
export class SlidingWindow {
  // Ascending, so the oldest events are at the front.
  private readonly stamps: number[] = [];

  constructor(
    readonly max = CONSOLE_CONNECTS_PER_WINDOW,
    readonly windowMs = CONSOLE_CONNECT_WINDOW_MS,
  ) {}

  /** Events in (now - windowMs, now]. */
  count(now: number): number {
    this.prune(now);
    return this.stamps.length;
  }

  /** 0 when one more event fits now, else the ms until one does. */
  waitMs(now: number): number {
    this.prune(now);
    // The slot frees when the (length - max + 1)-th oldest event leaves the window.
    const freeing = this.stamps[this.stamps.length - this.max];
    return freeing === undefined ? 0 : Math.max(0, freeing + this.windowMs - now);
  }

  /** Counts an event at `now` (whether or not it fitted); returns the stamp to `release` it by. */
  record(now: number): number {
    let i = this.stamps.length;
    while (i > 0 && (this.stamps[i - 1] as number) > now) i--;
    this.stamps.splice(i, 0, now);
    return now;
  }

  /** Gives back one event recorded at `stamp` (an attempt that, after all, never reached the gateway). */
  release(stamp: number): void {
    const i = this.stamps.indexOf(stamp);
    if (i >= 0) this.stamps.splice(i, 1);
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.stamps.length && now - (this.stamps[drop] as number) >= this.windowMs) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
  }
}

/** One SlidingWindow per key (an instance), forgotten once it is empty. */
export class SlidingWindows {
  private readonly windows = new Map<string, SlidingWindow>();

  constructor(
    readonly max = CONSOLE_CONNECTS_PER_WINDOW,
    readonly windowMs = CONSOLE_CONNECT_WINDOW_MS,
  ) {}

  count(key: string, now: number): number {
    return this.live(key, now)?.count(now) ?? 0;
  }

  waitMs(key: string, now: number): number {
    return this.live(key, now)?.waitMs(now) ?? 0;
  }

  record(key: string, now: number): number {
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new SlidingWindow(this.max, this.windowMs)));
    return window.record(now);
  }

  release(key: string, stamp: number): void {
    this.windows.get(key)?.release(stamp);
  }

  private live(key: string, now: number): SlidingWindow | undefined {
    const window = this.windows.get(key);
    if (window?.count(now) === 0) this.windows.delete(key);
    return this.windows.get(key);
  }
}
