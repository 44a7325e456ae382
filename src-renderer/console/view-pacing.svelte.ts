// What a console view draws while its first connect is under way, and when. Between the click and
// the first picture the renderer has little to spare: every millisecond it spends drawing chrome
// delays the VNC handshake's round trips or the first framebuffer (measured in `npm run bench`,
// "click → first frame"). So the view holds back what is not needed yet:
//   - the "Connecting…" overlay waits QUIET_CONNECT_MS, so a quick connect never flashes it (errors,
//     a stopped instance, a password prompt are not 'connecting' and show at once);
//   - the toolbar's buttons, disabled until connected anyway, are drawn once the first picture is
//     up and the browser is idle, or after TOOLS_AT_LATEST_MS, whichever comes first. Their bar
//     keeps its height meanwhile, so nothing moves when they appear.
// A tab is usually drawn together with its console's first picture (workspace.svelte.ts): its view
// then starts settled, and only the buttons wait, for the browser to be idle after that frame.

/** A connect that gets its picture within this long never shows the "Connecting…" overlay. */
export const QUIET_CONNECT_MS = 250;
/** The toolbar's buttons are drawn after this long even if no picture came. */
export const TOOLS_AT_LATEST_MS = 300;

export interface ViewPacingOptions {
  /**
   * The console is past its first connect (it has shown a picture, or stopped, failed, …): the
   * overlay may show at once, and the buttons come when the browser is idle.
   */
  settled: boolean;
  quietMs?: number;
  toolsAtLatestMs?: number;
}

type IdleCallback = (fn: () => void, timeoutMs: number) => () => void;

/** requestIdleCallback where there is one (Chromium), else the next task. */
const whenIdle: IdleCallback = (fn, timeoutMs) => {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(fn, { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(fn, 0);
  return () => clearTimeout(handle);
};

export class ViewPacing {
  /** The "Connecting…" overlay may show. */
  overlayAllowed = $state(false);
  /** The toolbar's buttons are drawn. */
  toolsDrawn = $state(false);

  private readonly settled: boolean;
  private readonly quietMs: number;
  private readonly toolsAtLatestMs: number;
  private readonly cancels: (() => void)[] = [];
  private idleScheduled = false;

  constructor(options: ViewPacingOptions) {
    this.quietMs = options.quietMs ?? QUIET_CONNECT_MS;
    this.toolsAtLatestMs = options.toolsAtLatestMs ?? TOOLS_AT_LATEST_MS;
    this.settled = options.settled;
    if (options.settled) this.overlayAllowed = true;
  }

  /** The view is on screen: the clocks start (stop() ends them). */
  start(): void {
    if (this.settled) return this.drawToolsWhenIdle();
    this.after(this.quietMs, () => (this.overlayAllowed = true));
    this.after(this.toolsAtLatestMs, () => this.drawTools());
  }

  /** The first picture is on screen: the rest of the view follows when the browser is idle. */
  firstPicture(): void {
    this.overlayAllowed = true;
    this.drawToolsWhenIdle();
  }

  stop(): void {
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  private drawTools(): void {
    this.toolsDrawn = true;
  }

  private drawToolsWhenIdle(): void {
    if (this.toolsDrawn || this.idleScheduled) return;
    this.idleScheduled = true;
    this.cancels.push(whenIdle(() => this.drawTools(), this.toolsAtLatestMs));
  }

  private after(ms: number, fn: () => void): void {
    if (ms <= 0) return fn();
    const handle = setTimeout(fn, ms);
    this.cancels.push(() => clearTimeout(handle));
  }
}
