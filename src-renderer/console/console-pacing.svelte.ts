// When a new console's parts are drawn, from the click to its first picture: one clock per console,
// in one place. Between the click and the first picture the renderer has little to spare: every
// millisecond it spends drawing chrome delays the VNC handshake's round trips or the decoding of the
// first framebuffer update (measured in `npm run bench`, "click → first frame"). So:
//   - the tab, with its console view, is drawn as soon as the VNC handshake is through (the first
//     update has been asked for, and the server takes a while to send it: the idlest moment of the
//     connect), or with the picture or anything else the console has to show (an error, a stopped
//     instance, a password prompt), or TAB_AT_LATEST_MS after the click, whichever comes first —
//     that last one in a moment the browser is idle, TAB_IDLE_GRACE_MS later at most. Drawn any
//     later, with the picture itself, the view's mount and layout stood between the picture's last
//     rectangle and the screen (docs/benchmarks.md, "the Xvnc first frame");
//   - a view drawn before its picture holds back the "Connecting…" overlay for QUIET_CONNECT_MS, so a
//     quick connect never flashes it (errors are not 'connecting' and show at once), and draws the
//     toolbar's buttons (disabled until connected anyway) after TOOLS_AT_LATEST_MS;
//   - once the picture is up, the overlay may show at once and the buttons come when the browser is
//     idle. Their bar keeps its height meanwhile, so nothing moves when they appear.
//   - what the click sets off that nobody waits for (the recents, the tab's report to main: IPC, and
//     work in main) waits until the buttons are drawn (`quiet`).
// The console session feeds it (start, linkUp, picture, settle); the workspace draws the tab when tabDue
// resolves; the view reads overlayAllowed and toolsDrawn.
import { Disposables } from '../lib/disposables';

/** A new tab waits at most this long for its console's first picture. 100 ms still feels immediate. */
export const TAB_AT_LATEST_MS = 100;
/** How long a tab due at TAB_AT_LATEST_MS may wait for the browser to be idle. */
export const TAB_IDLE_GRACE_MS = 50;
/** A view drawn before its picture shows the "Connecting…" overlay only after this long. */
export const QUIET_CONNECT_MS = 250;
/** A view drawn before its picture draws the toolbar's buttons after this long. */
export const TOOLS_AT_LATEST_MS = 300;

export interface PacingDelays {
  tabAtLatestMs?: number;
  tabIdleGraceMs?: number;
  quietMs?: number;
  toolsAtLatestMs?: number;
}

export class ConsolePacing {
  /** The console's tab and view are drawn. */
  tabDrawn = $state(false);
  /** The "Connecting…" overlay may show. */
  overlayAllowed = $state(false);
  /** The toolbar's buttons are drawn. */
  toolsDrawn = $state(false);
  /** Resolves when the tab is to be drawn. */
  readonly tabDue: Promise<void>;
  /**
   * Resolves when the first connect no longer needs the machine to itself (its tools are drawn, or
   * the console is closed): work the click set off but nobody waits for (the recents, reports to
   * main) waits for it, so it does not hold up the handshake and the first picture.
   */
  readonly quiet: Promise<void>;

  private readonly timers = new Disposables();
  private readonly delays: Required<PacingDelays>;
  private resolveTab!: () => void;
  private resolveQuiet!: () => void;
  private started = false;
  /** The console has something to show: its picture, or anything but a connect under way. */
  private settled = false;
  private pictured = false;
  private toolsScheduled = false;

  constructor(delays: PacingDelays = {}) {
    this.delays = {
      tabAtLatestMs: delays.tabAtLatestMs ?? TAB_AT_LATEST_MS,
      tabIdleGraceMs: delays.tabIdleGraceMs ?? TAB_IDLE_GRACE_MS,
      quietMs: delays.quietMs ?? QUIET_CONNECT_MS,
      toolsAtLatestMs: delays.toolsAtLatestMs ?? TOOLS_AT_LATEST_MS,
    };
    this.tabDue = new Promise((resolve) => (this.resolveTab = resolve));
    this.quiet = new Promise((resolve) => (this.resolveQuiet = resolve));
  }

  /** The click: the console starts connecting, and the clock starts. */
  start(): void {
    if (this.started || this.timers.isDisposed) return;
    this.started = true;
    if (this.settled) return this.drawTab();
    const { tabAtLatestMs, tabIdleGraceMs } = this.delays;
    this.after(tabAtLatestMs, () =>
      tabIdleGraceMs > 0 ? this.timers.idle(() => this.drawTab(), tabIdleGraceMs) : this.drawTab(),
    );
  }

  /**
   * The VNC handshake is through and the first update requested: until the server sends it the
   * renderer has nothing to do, so the tab is drawn now rather than with the picture.
   */
  linkUp(): void {
    if (this.started) this.drawTab();
  }

  /** The console's first complete picture is drawn. */
  picture(): void {
    if (this.pictured) return;
    this.pictured = true;
    this.settle();
    this.overlayAllowed = true;
    if (this.tabDrawn) this.drawToolsWhenIdle();
  }

  /** The console has something else to show than a connect under way. */
  settle(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.started) this.drawTab();
  }

  dispose(): void {
    this.timers.dispose();
    this.resolveQuiet();
  }

  private drawTab(): void {
    if (this.tabDrawn || this.timers.isDisposed) return;
    this.tabDrawn = true;
    this.resolveTab();
    if (this.settled) {
      // Drawn with what it has to show: the view starts complete, only the buttons wait.
      this.overlayAllowed = true;
      this.drawToolsWhenIdle();
      return;
    }
    this.after(this.delays.quietMs, () => (this.overlayAllowed = true));
    this.after(this.delays.toolsAtLatestMs, () => this.drawTools());
  }

  private drawToolsWhenIdle(): void {
    if (this.toolsDrawn || this.toolsScheduled) return;
    this.toolsScheduled = true;
    this.timers.idle(() => this.drawTools(), this.delays.toolsAtLatestMs);
  }

  private drawTools(): void {
    this.toolsDrawn = true;
    this.resolveQuiet();
  }

  private after(ms: number, fn: () => void): void {
    if (ms <= 0) fn();
    else this.timers.timeout(fn, ms);
  }
}
