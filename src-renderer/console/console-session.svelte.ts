// One open console: the reconnect machine for one instance, the noVNC connection it drives, and
// the view settings that outlive each connection. Svelte components render its runes; the
// machine decides when to connect, this class only wires it to noVNC, the main process and the
// browser's online/offline signals.
import type RFB from '@novnc/novnc';
import type { InstanceRef } from '../../src-main/contract';
import { createReconnectMachine } from './reconnect-machine';
import type {
  ReconnectMachine,
  ReconnectMetrics,
  ReconnectOptions,
  ReconnectState,
} from './reconnect-machine';
import type { Connector } from './connector';
import { createNoVncConnector } from './novnc-connector';
import type { CredentialsAnswer, RfbClass } from './novnc-connector';
import { PasswordKeeper } from './password-keeper';
import type { ConsoleServices } from './console-services';
import { pressCombo } from './key-combos';
import { screenshotName } from './screenshot-name';
import type { SendKey } from './key-combos';

export type ScaleMode = 'fit' | 'actual' | 'remote';

export interface ViewSettings {
  scale: ScaleMode;
  viewOnly: boolean;
  /** JPEG quality 0–9 (noVNC default 6). */
  quality: number;
  /** Compression level 0–9 (noVNC default 2). */
  compression: number;
}

export const DEFAULT_VIEW_SETTINGS: ViewSettings = {
  scale: 'fit',
  viewOnly: false,
  quality: 6,
  compression: 2,
};

export interface CredentialRequest {
  types: readonly string[];
}

export interface ConsoleSessionOptions {
  ref: InstanceRef;
  title: string;
  services: ConsoleServices;
  loadRfb: () => Promise<RfbClass>;
  /** Machine overrides (tests); defaults are DESIGN.md §4's numbers. */
  machine?: Partial<ReconnectOptions>;
  /** Stand-in for noVNC (component tests); by default the noVNC connector. */
  connector?: Connector;
}

export function refKey(ref: InstanceRef): string {
  return `${ref.profileId}/${ref.region}/${ref.instanceId}`;
}

/** A server that sends no picture after the handshake is shown as connected after this anyway. */
const REVEAL_FALLBACK_MS = 1000;

const clamp09 = (n: number): number => Math.min(9, Math.max(0, Math.round(n)));

export class ConsoleSession {
  readonly ref: InstanceRef;
  readonly key: string;
  title = $state('');
  state = $state.raw<ReconnectState>({ phase: 'idle', attempt: 0 });
  settings = $state<ViewSettings>({ ...DEFAULT_VIEW_SETTINGS });
  /** The connected server accepts SetDesktopSize (remote resize). */
  resizeSupported = $state(false);
  /** A noVNC connection is up and can take keys. */
  live = $state(false);
  credentialRequest = $state.raw<CredentialRequest | null>(null);
  /** The last picture before the link went away (object URL), shown dimmed under the overlay. */
  snapshotUrl = $state<string | null>(null);
  /** click → first frame of the most recent fresh connect, ms. */
  firstFrameMs = $state<number | undefined>(undefined);
  /** Unintended drop → first frame again, for the most recent drop, ms. */
  restoredFrameMs = $state<number | undefined>(undefined);
  /** How many times this console reached 'connected' (diagnostics and tests). */
  connects = $state(0);

  private readonly services: ConsoleServices;
  private readonly loadRfbClass: () => Promise<RfbClass>;
  private readonly machine: ReconnectMachine;
  private readonly passwords = new PasswordKeeper();
  private readonly cleanups: (() => void)[] = [];
  private rfbClass: RfbClass | undefined;
  private rfbLoading: Promise<RfbClass> | undefined;
  private connector: Connector | undefined;
  private rfb: RFB | undefined;
  /**
   * The element noVNC draws into. The session owns it, so a console can start connecting the
   * moment it is opened, while its view is still being laid out; each view that shows the console
   * moves it into place (attach).
   */
  private readonly screenHost: HTMLElement | undefined = createScreenHost();
  private target: HTMLElement | undefined = this.screenHost;
  private pendingCredentials: ((answer: CredentialsAnswer | null) => void) | undefined;
  private disposed = false;
  private started = false;
  private shown = false;
  private readonly shownWaiters: (() => void)[] = [];
  private frameEnds: 'drop' | 'connect' = 'connect';
  private pendingReveal: ReconnectState | undefined;
  private revealTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ConsoleSessionOptions) {
    this.ref = { ...options.ref };
    this.key = refKey(options.ref);
    this.title = options.title;
    this.services = options.services;
    this.loadRfbClass = options.loadRfb;
    this.connector = options.connector;
    const online = typeof navigator === 'undefined' ? true : navigator.onLine;
    this.machine = createReconnectMachine(
      {
        clock: {
          now: () => Date.now(),
          setTimeout: (fn, ms) => setTimeout(fn, ms),
          clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
        },
        random: Math.random,
        issueUrl: () => this.services.issueUrl(this.ref),
        connect: (url, hints, events) =>
          this.connect()(url, hints, {
            ...events,
            onFirstFrame: () => {
              events.onFirstFrame();
              this.noteFirstFrame();
            },
          }),
        getInstanceState: () => this.services.instanceState(this.ref),
        startInstance: () => this.services.startInstance(this.ref),
      },
      { online, ...options.machine },
    );
    this.cleanups.push(this.machine.subscribe((state) => this.onState(state)));
    this.listenToEnvironment();
  }

  // ---- Lifecycle ----------------------------------------------------------------------------

  /** Shows the console's screen inside `container` (a view's screen area). */
  attach(container: HTMLElement): void {
    if (!this.screenHost) {
      this.target = container;
      return;
    }
    if (this.screenHost.parentElement !== container) container.appendChild(this.screenHost);
  }

  detach(container: HTMLElement): void {
    if (!this.screenHost) {
      if (this.target === container) this.target = undefined;
      return;
    }
    if (this.screenHost.parentElement === container) container.removeChild(this.screenHost);
  }

  /** Loads noVNC (once) and connects: at once, in the caller's task, when noVNC is already loaded. */
  async start(): Promise<void> {
    this.started = true;
    if (!this.rfbClass) await this.ensureRfb();
    if (!this.disposed) this.machine.start();
  }

  /** The first mount of a view starts the console; later mounts (a tab moved) leave it as it is. */
  startOnce(): Promise<void> {
    return this.started ? Promise.resolve() : this.start();
  }

  /**
   * Resolves when the console first has something to show: its first picture, or anything but a
   * connect under way (waiting for the instance, stopped, failed, a password prompt…), or the end
   * of the session.
   */
  firstShown(): Promise<void> {
    return new Promise((resolve) => {
      if (this.shown || this.disposed) resolve();
      else this.shownWaiters.push(resolve);
    });
  }

  /** Hover on Open: load noVNC and fetch a URL now, so the click only has to connect. */
  prefetch(): void {
    void this.ensureRfb().catch(() => {});
    this.machine.prefetch();
  }

  /** Retry now / Reconnect / Connect: whatever state the machine is in. */
  async reconnect(): Promise<void> {
    await this.ensureRfb();
    if (!this.disposed) this.machine.retryNow();
  }

  disconnect(): void {
    this.answerCredentials(null, false);
    this.machine.userDisconnect();
  }

  cancel(): void {
    this.answerCredentials(null, false);
    this.machine.cancel();
  }

  startInstance(): Promise<void> {
    return this.machine.startInstance();
  }

  /** After the server refused a password: try again with the one the user typed. */
  async retryWithPassword(password: string): Promise<void> {
    this.passwords.setUserPassword(password);
    await this.reconnect();
  }

  /** The user answered the password prompt (null: Cancel, which disconnects). */
  answerCredentials(answer: CredentialsAnswer | null, cancelOnNull = true): void {
    const resolve = this.pendingCredentials;
    this.pendingCredentials = undefined;
    this.credentialRequest = null;
    resolve?.(answer);
    if (resolve && !answer && cancelOnNull) this.machine.cancel();
  }

  setOnline(online: boolean): void {
    this.machine.setOnline(online);
  }

  notifyResume(): void {
    this.machine.notifyResume();
  }

  metrics(): ReconnectMetrics {
    return this.machine.getMetrics();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.answerCredentials(null, false);
    this.clearReveal();
    this.markShown();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.machine.dispose();
    this.setSnapshot(null);
    this.rfb = undefined;
    this.live = false;
  }

  // ---- Keyboard and view --------------------------------------------------------------------

  /** Sends one key event to the live console; false when there is none (or it is view-only). */
  readonly send: SendKey = (keysym, down) => {
    if (!this.rfb || !this.live || this.settings.viewOnly) return;
    this.rfb.sendKey(keysym, null, down);
  };

  get canSend(): boolean {
    return this.live && !this.settings.viewOnly;
  }

  pressCombo(keysyms: readonly number[]): void {
    pressCombo(this.send, keysyms);
    this.focus();
  }

  focus(): void {
    this.rfb?.focus({ preventScroll: true });
  }

  setScale(scale: ScaleMode): void {
    this.settings.scale = scale;
    this.applySettings();
  }

  setViewOnly(viewOnly: boolean): void {
    this.settings.viewOnly = viewOnly;
    this.applySettings();
  }

  setQuality(level: number): void {
    this.settings.quality = clamp09(level);
    this.applySettings();
  }

  setCompression(level: number): void {
    this.settings.compression = clamp09(level);
    this.applySettings();
  }

  /** Shows the save dialog (in main) for a PNG of the screen; false when the user cancelled. */
  saveScreenshot(): Promise<boolean> {
    const png = this.screenshotBase64();
    return this.services.saveScreenshot(screenshotName(this.title || this.ref.instanceId, Date.now()), png);
  }

  copyScreenshot(): Promise<boolean> {
    return this.services.copyScreenshot(this.screenshotBase64());
  }

  /** The fallback: Tencent's own console page in the default browser (main fetches a fresh URL). */
  openWebConsole(): Promise<void> {
    return this.services.openWebConsole(this.ref);
  }

  /** The framebuffer as a PNG (base64, no data: prefix), at the remote screen's own size. */
  screenshotBase64(): string {
    if (!this.rfb || !this.live) throw new Error('The console is not connected.');
    const dataUrl = this.rfb.toDataURL('image/png');
    return dataUrl.slice(dataUrl.indexOf(',') + 1);
  }

  // ---- Wiring -------------------------------------------------------------------------------

  private async ensureRfb(): Promise<RfbClass> {
    if (this.rfbClass) return this.rfbClass;
    this.rfbLoading ??= this.loadRfbClass().then(
      (cls) => (this.rfbClass = cls),
      (error: unknown) => {
        this.rfbLoading = undefined;
        throw error;
      },
    );
    return this.rfbLoading;
  }

  private connect(): Connector {
    if (this.connector) return this.connector;
    if (!this.rfbClass) throw new Error('noVNC is not loaded yet.');
    this.connector = createNoVncConnector({
      RFB: this.rfbClass,
      target: () => this.target,
      passwords: this.passwords,
      hooks: {
        configure: (rfb) => this.configure(rfb),
        onLive: (rfb) => {
          this.rfb = rfb;
          // Going live waits for the first frame (see onState); going away is immediate.
          if (!rfb) this.live = false;
        },
        askCredentials: (types) =>
          new Promise<CredentialsAnswer | null>((resolve) => {
            this.answerCredentials(null, false);
            this.pendingCredentials = resolve;
            this.credentialRequest = { types };
            this.markShown();
          }),
        onResizeSupport: (supported) => (this.resizeSupported = supported),
        onLinkEnded: (report) => this.services.reportLink(this.ref, report),
        onSnapshot: (blob) => {
          if (!this.disposed && this.state.phase !== 'connected') this.setSnapshot(URL.createObjectURL(blob));
        },
      },
    });
    return this.connector;
  }

  private configure(rfb: RFB): void {
    rfb.background = 'var(--console-bg, rgb(28, 31, 38))';
    rfb.focusOnClick = true;
    this.applySettings(rfb);
  }

  private applySettings(rfb: RFB | undefined = this.rfb): void {
    if (!rfb) return;
    const s = this.settings;
    rfb.clipViewport = false;
    rfb.scaleViewport = s.scale === 'fit';
    rfb.resizeSession = s.scale === 'remote';
    rfb.viewOnly = s.viewOnly;
    rfb.qualityLevel = s.quality;
    rfb.compressionLevel = s.compression;
  }

  private onState(state: ReconnectState): void {
    this.clearReveal();
    if (state.phase === 'connected' && this.state.phase !== 'connected') {
      // This connect either ended a drop (the machine just stamped its restore time) or is a fresh one.
      const drops = this.machine.getMetrics().drops;
      const drop = drops[drops.length - 1];
      this.frameEnds =
        drop && drop.restoredInMs !== undefined && drop.firstFrameInMs === undefined ? 'drop' : 'connect';
      // Show "connected" with the first picture, not before: the overlay never gives way to an empty
      // canvas, and re-rendering the page does not sit between the handshake and the first frame.
      this.pendingReveal = state;
      this.revealTimer = setTimeout(() => this.reveal(), REVEAL_FALLBACK_MS);
      return;
    }
    this.state = state;
    if (state.phase !== 'idle' && state.phase !== 'connecting') this.markShown();
    // A prompt belongs to one handshake; once the machine moved on, nobody will answer it.
    if (this.pendingCredentials && !(state.phase === 'connecting' || state.phase === 'reconnecting')) {
      this.answerCredentials(null, false);
    }
  }

  private reveal(): void {
    const state = this.pendingReveal;
    this.clearReveal();
    if (!state || this.disposed) return;
    this.connects++;
    this.state = state;
    this.live = this.rfb !== undefined;
    this.setSnapshot(null);
    this.markShown();
  }

  private markShown(): void {
    if (this.shown) return;
    this.shown = true;
    for (const resolve of this.shownWaiters.splice(0)) resolve();
  }

  private clearReveal(): void {
    clearTimeout(this.revealTimer);
    this.revealTimer = undefined;
    this.pendingReveal = undefined;
  }

  private noteFirstFrame(): void {
    this.reveal();
    // The machine filed the frame under the drop or the fresh connect it ended; read back which.
    const { connects, drops } = this.machine.getMetrics();
    const record = this.frameEnds === 'drop' ? drops[drops.length - 1] : connects[connects.length - 1];
    if (record?.firstFrameInMs === undefined) return;
    if (this.frameEnds === 'drop') this.restoredFrameMs = record.firstFrameInMs;
    else this.firstFrameMs = record.firstFrameInMs;
  }

  private setSnapshot(url: string | null): void {
    if (this.snapshotUrl) URL.revokeObjectURL(this.snapshotUrl);
    this.snapshotUrl = url;
  }

  private listenToEnvironment(): void {
    if (typeof window !== 'undefined') {
      const online = (): void => this.machine.setOnline(true);
      const offline = (): void => this.machine.setOnline(false);
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      this.cleanups.push(() => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
      });
    }
    try {
      this.cleanups.push(this.services.onSystemResume(() => this.machine.notifyResume()));
    } catch {
      // Outside the app window (no bridge) there is no resume signal; nothing else depends on it.
    }
  }
}

/** A box that fills its parent; noVNC puts its own screen (and canvas) inside. */
function createScreenHost(): HTMLElement | undefined {
  if (typeof document === 'undefined') return undefined;
  const host = document.createElement('div');
  host.className = 'console-screen-host';
  host.style.width = '100%';
  host.style.height = '100%';
  return host;
}
