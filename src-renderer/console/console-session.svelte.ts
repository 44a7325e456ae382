// One open console: the reconnect machine for one instance, the noVNC connection it drives, and
// the view settings that outlive each connection. The machine is the one source of truth: this
// class renders what it publishes (its state and its 'shown'/'lost' events) into runes for the
// Svelte components, and forwards the user's actions to it. It also feeds the console's pacing
// (console-pacing.svelte.ts) and wires the machine to noVNC, main and the browser's online signals.
import type RFB from '@novnc/novnc';
import type { InstanceRef } from '../../src-main/contract';
import { Disposables } from '../lib/disposables';
import { AttemptLog } from './attempt-log';
import { diagnosticsText } from './diagnostics';
import { KeyboardCapture } from './keyboard-capture.svelte';
import { ConsolePacing } from './console-pacing.svelte';
import type { PacingDelays } from './console-pacing.svelte';
import type { ConsoleServices } from './console-services';
import type { Connection, Connector, CredentialsAnswer } from './connector';
import { pressCombo } from './key-combos';
import type { SendKey } from './key-combos';
import { createNoVncConnector, onlyProbeAnswer } from './novnc-connector';
import { releasePixels, watchFrames } from './novnc-picture';
import type { NoVncConnection, RfbClass } from './novnc-connector';
import { PasswordKeeper } from './password-keeper';
import { createReconnectMachine } from './reconnect-machine';
import type { ReconnectMachine } from './reconnect-machine';
import type { ReconnectEvent, ReconnectOptions, ReconnectState } from './reconnect-types';
import { screenshotName } from './screenshot-name';
import { TextCapture } from './text/text-capture.svelte';
import { appTextClient } from './text/text-client';
import type { TextClient } from './text/text-client';
import type { PixelImage, Rect } from './text/pixel-image';
import type { Recognition } from './text/text-recognizer';
import { applyViewSettings, clamp09, DEFAULT_VIEW_SETTINGS } from './view-settings';
import type { ScaleMode, ViewSettings } from './view-settings';
import { t } from '../lib/translate';

/** What the view needs of a connection: noVNC's, or a stand-in in component tests. */
export type SessionConnection = Connection & Partial<Pick<NoVncConnection, 'rfb' | 'supportsResize'>>;

export interface ConsolePreferences {
  defaultScale(): ScaleMode;
  autoReconnect(): boolean;
}

export interface ConsoleSessionOptions {
  ref: InstanceRef;
  title: string;
  services: ConsoleServices;
  loadRfb: () => Promise<RfbClass>;
  /** Machine overrides (tests); defaults are DESIGN.md §4's numbers. */
  machine?: Partial<ReconnectOptions>;
  /** Pacing overrides (tests); see console-pacing.svelte.ts. */
  pacing?: PacingDelays;
  /** The user's settings a new console starts with (read when it opens, and at each drop). */
  preferences?: ConsolePreferences;
  /** Stand-in for noVNC (component tests); by default the noVNC connector. */
  connector?: Connector<SessionConnection>;
  /** The text worker's client (tests pass a stand-in); by default the window's one. */
  textClient?: TextClient;
  /** How long after a picture is shown the transcript starts reading (keeps the first frame free). */
  textStartMs?: number;
}

/** The transcript starts this long after a picture is shown, so connecting never waits for it. */
const TEXT_START_MS = 500;

/** The built-in demo cloud's profile (src-main/demo/demo-profile.ts): it has no Tencent web console. */
const DEMO_PROFILE_ID = 'demo';

export function refKey(ref: InstanceRef): string {
  return `${ref.profileId}/${ref.region}/${ref.instanceId}`;
}

export class ConsoleSession {
  readonly ref: InstanceRef;
  readonly key: string;
  /** When the tab, the overlay and the buttons of this console are drawn. */
  readonly pacing: ConsolePacing;
  title = $state('');
  state = $state.raw<ReconnectState>({ phase: 'idle', attempt: 0 });
  settings = $state<ViewSettings>({ ...DEFAULT_VIEW_SETTINGS });
  /** The connected server accepts SetDesktopSize (remote resize). */
  resizeSupported = $state(false);
  /** A noVNC connection is shown and can take keys (a test stand-in without an RFB is not live). */
  live = $state(false);
  /** The last picture before the link went away (object URL), shown dimmed under the overlay. */
  snapshotUrl = $state<string | null>(null);
  /** How many times this console was shown connected (diagnostics and tests). */
  connects = $state(0);
  /** Attempts that failed in a row (from the attempt log): the overlay's guidance starts at 3. */
  failures = $state(0);
  /**
   * The HTTP status with which the gateway refused this console's last handshake (main saw it;
   * the WebSocket only closes). Forgotten when the next URL is asked for.
   */
  httpStatus = $state<number | undefined>(undefined);
  /** Counts requests to open Type text from outside the view (the app menu's command). */
  typeTextRequests = $state(0);
  /** Who has the keyboard: this console's screen or the app. */
  readonly keyboard = new KeyboardCapture();
  /** What the machine did, for the overlay's guidance and Copy diagnostics. */
  readonly attempts = new AttemptLog();
  /** The transcript's reader: frames go to the text worker (text/text-capture.svelte.ts). */
  readonly text: TextCapture;

  private readonly services: ConsoleServices;
  private readonly loadRfbClass: () => Promise<RfbClass>;
  private readonly machine: ReconnectMachine<SessionConnection>;
  private readonly passwords = new PasswordKeeper();
  private readonly disposables = new Disposables();
  private rfbClass: RfbClass | undefined;
  private rfbLoading: Promise<RfbClass> | undefined;
  private connector: Connector<SessionConnection> | undefined;
  /** The shown connection's RFB: keys, screenshots and view settings go to it. */
  private rfb: RFB | undefined;
  /**
   * The element noVNC draws into. The session owns it, so a console can start connecting the
   * moment it is opened, while its view is still being laid out; each view that shows the console
   * moves it into place (attach).
   */
  private readonly screenHost: HTMLElement | undefined = createScreenHost();
  private target: HTMLElement | undefined = this.screenHost;
  private started = false;
  private readonly textClient: () => TextClient;
  private readonly textStartMs: number;
  private textTimer: ReturnType<typeof setTimeout> | undefined;
  private stopFrames: (() => void) | undefined;

  constructor(options: ConsoleSessionOptions) {
    this.ref = { ...options.ref };
    this.key = refKey(options.ref);
    this.title = options.title;
    this.services = options.services;
    this.loadRfbClass = options.loadRfb;
    this.connector = options.connector;
    this.pacing = new ConsolePacing(options.pacing);
    if (options.preferences) this.settings.scale = options.preferences.defaultScale();
    this.textClient = options.textClient ? () => options.textClient! : appTextClient;
    this.textStartMs = options.textStartMs ?? TEXT_START_MS;
    this.text = new TextCapture({
      client: { frame: (...args) => this.textClient().frame(...args) },
      consoleId: this.key,
      grab: () => this.picture(),
    });
    const online = typeof navigator === 'undefined' ? true : navigator.onLine;
    this.machine = createReconnectMachine<SessionConnection>(
      {
        clock: {
          now: () => Date.now(),
          setTimeout: (fn, ms) => setTimeout(fn, ms),
          clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
        },
        random: Math.random,
        issueUrl: () => {
          this.httpStatus = undefined;
          return this.services.issueUrl(this.ref);
        },
        // The handshake through is the moment to draw the tab (console-pacing.svelte.ts).
        connect: (url, hints, events) =>
          this.connectWith()(url, hints, {
            ...events,
            connected: () => {
              events.connected();
              this.pacing.linkUp();
            },
          }),
        getInstanceState: () => this.services.instanceState(this.ref),
        startInstance: () => this.services.startInstance(this.ref),
        log: (event, detail) => {
          this.attempts.record(event, detail);
          this.failures = this.attempts.failuresInRow;
        },
        ...(options.preferences ? { autoReconnect: options.preferences.autoReconnect } : {}),
      },
      { online, ...options.machine },
    );
    this.disposables.add(this.machine.subscribe((state) => this.render(state)));
    this.disposables.add(this.machine.onEvent((event) => this.renderEvent(event)));
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

  /**
   * The click: loads noVNC (once) and connects — at once, in the caller's task, when noVNC is
   * already loaded. Only the first call starts; its owner (the workspace) calls it once.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.pacing.start();
    if (!this.rfbClass) await this.ensureRfb();
    if (!this.disposables.isDisposed) this.machine.start();
  }

  /** Hover on Open: load noVNC and fetch a URL now, so the click only has to connect. */
  prefetch(): void {
    void this.ensureRfb().catch(() => {});
    this.machine.prefetch();
  }

  /** Retry now / Reconnect / Connect: whatever state the machine is in. */
  async reconnect(): Promise<void> {
    await this.ensureRfb();
    if (!this.disposables.isDisposed) this.machine.retryNow();
  }

  disconnect(): void {
    this.machine.userDisconnect();
  }

  cancel(): void {
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

  /** The user answered the password prompt (null: Cancel, which stops connecting). */
  answerCredentials(answer: CredentialsAnswer | null): void {
    this.machine.answerCredentials(answer);
  }

  setOnline(online: boolean): void {
    this.machine.setOnline(online);
  }

  notifyResume(): void {
    this.machine.notifyResume();
  }

  dispose(): void {
    if (this.disposables.isDisposed) return;
    this.disposables.dispose();
    this.stopText();
    if (this.text.frames > 0)
      void this.textClient()
        .forget(this.key)
        .catch(() => {});
    this.pacing.dispose();
    this.machine.dispose();
    this.setSnapshot(null);
    // Nothing shows this console any more (after a drop its canvas stays until the dimmed
    // snapshot is up, and goes at the next garbage collection).
    if (this.rfb) releasePixels(this.rfb);
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

  /** Key-ups for keys the console saw go down (the release chord's modifiers). */
  releaseKeys(keysyms: readonly number[]): void {
    for (const keysym of keysyms) this.send(keysym, false);
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

  /** Shows the save dialog (in main) for a PNG of the screen: where it was saved, null when cancelled. */
  saveScreenshot(): Promise<string | null> {
    const png = this.screenshotBase64();
    return this.services.saveScreenshot(screenshotName(this.title || this.ref.instanceId, Date.now()), png);
  }

  copyScreenshot(): Promise<boolean> {
    return this.services.copyScreenshot(this.screenshotBase64());
  }

  /** The attempt log and the state as plain text for a support ticket (no URL, token or key). */
  diagnostics(now = Date.now()): string {
    return diagnosticsText({
      ref: this.ref,
      title: this.title,
      state: this.state,
      entries: this.attempts.entries(),
      now,
    });
  }

  copyText(text: string): Promise<void> {
    return this.services.copyText(text);
  }

  /** Shows a file this console saved (a screenshot) in the system's file manager. */
  showInFolder(path: string): Promise<void> {
    return this.services.showInFolder(path);
  }

  /** Tencent's web console can open this instance: a key profile's, not the demo cloud's. */
  get webConsoleAvailable(): boolean {
    return this.ref.profileId !== DEMO_PROFILE_ID;
  }

  /** The fallback: Tencent's own console page in the default browser (main fetches a fresh URL). */
  openWebConsole(): Promise<void> {
    return this.services.openWebConsole(this.ref);
  }

  // ---- Text ---------------------------------------------------------------------------------

  /**
   * The text on the screen, or in `rect` (framebuffer pixels): read by cells on a text screen, by
   * OCR otherwise, in the text worker.
   */
  readText(rect?: Rect): Promise<Recognition> {
    const image = this.picture();
    if (!image) return Promise.reject(new Error(t('console.notConnected')));
    return this.textClient().recognize(this.key, image, rect);
  }

  /**
   * A reading is coming (the user starts a selection): on a screen that is not text, OCR gets ready
   * meanwhile (models loaded, engine run once), so the reading itself takes only its own time.
   */
  prepareText(): void {
    if (this.text.textScreen === false)
      void this.textClient()
        .warmUp()
        .catch(() => {});
  }

  /** Transcript lines containing `query` (case-insensitive), oldest first. */
  searchTranscript(query: string): ReturnType<TextClient['search']> {
    return this.textClient().search(this.key, query);
  }

  /** The transcript's last lines, oldest first. */
  transcriptTail(count: number): ReturnType<TextClient['tail']> {
    return this.textClient().tail(this.key, count);
  }

  /** Shows the save dialog (in main) for the transcript as .txt: where it was saved, null when cancelled. */
  async saveTranscript(): Promise<string | null> {
    const text = await this.textClient().exportText(this.key);
    const name = screenshotName(this.title || this.ref.instanceId, Date.now()).replace(
      /\.png$/,
      '-transcript.txt',
    );
    return this.services.saveTranscript(name, text);
  }

  async clearTranscript(): Promise<void> {
    await this.textClient().clear(this.key);
    this.text.lines = 0;
  }

  /** The live framebuffer's pixels (a copy), or undefined when none is shown. */
  private picture(): PixelImage | undefined {
    if (!this.rfb || !this.live) return undefined;
    const canvas = this.screenHost?.querySelector('canvas');
    const context = canvas?.getContext('2d');
    if (!canvas || !context || canvas.width === 0 || canvas.height === 0) return undefined;
    return context.getImageData(0, 0, canvas.width, canvas.height);
  }

  private startText(rfb: RFB): void {
    this.stopText();
    try {
      // The liveness probe's answer redraws one pixel of an idle screen every 1.5 s: not news.
      this.stopFrames = watchFrames(rfb, (damage) => {
        if (!onlyProbeAnswer(damage)) this.text.frameDrawn();
      });
    } catch {
      return; // a noVNC without the hook: no transcript, the console itself is unaffected
    }
    this.textTimer = setTimeout(() => this.text.start(), this.textStartMs);
  }

  private stopText(): void {
    clearTimeout(this.textTimer);
    this.stopFrames?.();
    this.stopFrames = undefined;
    this.text.stop();
  }

  /** The framebuffer as a PNG (base64, no data: prefix), at the remote screen's own size. */
  screenshotBase64(): string {
    if (!this.rfb || !this.live) throw new Error(t('console.notConnected'));
    const dataUrl = this.rfb.toDataURL('image/png');
    return dataUrl.slice(dataUrl.indexOf(',') + 1);
  }

  // ---- Rendering what the machine publishes -------------------------------------------------

  private render(state: ReconnectState): void {
    this.state = state;
    // Anything but a connect under way (an error, a stopped instance, a password prompt…) is
    // something to show at once.
    const connecting = state.phase === 'idle' || state.phase === 'connecting';
    if (!connecting || state.credentialTypes) this.pacing.settle();
  }

  private renderEvent(event: ReconnectEvent<SessionConnection>): void {
    if (event.type === 'shown') {
      this.rfb = event.connection.rfb;
      this.live = this.rfb !== undefined;
      this.resizeSupported = event.connection.supportsResize?.() ?? false;
      this.connects++;
      this.setSnapshot(null);
      this.pacing.picture();
      if (this.rfb) this.startText(this.rfb);
      return;
    }
    this.stopText();
    // The connection that was shown is gone: keep its last picture to show dimmed meanwhile.
    const rfb = this.rfb;
    this.rfb = undefined;
    this.live = false;
    this.resizeSupported = false;
    try {
      rfb?.toBlob((blob) => {
        if (blob && !this.disposables.isDisposed && this.state.phase !== 'connected') {
          this.setSnapshot(URL.createObjectURL(blob));
        }
      }, 'image/png');
    } catch {
      // No picture to keep; the overlay shows on the plain background.
    }
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

  private connectWith(): Connector<SessionConnection> {
    if (this.connector) return this.connector;
    if (!this.rfbClass) throw new Error('noVNC is not loaded yet.');
    this.connector = createNoVncConnector({
      RFB: this.rfbClass,
      target: () => this.target,
      passwords: this.passwords,
      settings: () => this.settings,
      reportLink: (report) => this.services.reportLink(this.ref, report),
    });
    return this.connector;
  }

  private applySettings(): void {
    if (this.rfb) applyViewSettings(this.rfb, this.settings);
  }

  private setSnapshot(url: string | null): void {
    if (this.snapshotUrl) URL.revokeObjectURL(this.snapshotUrl);
    this.snapshotUrl = url;
  }

  private listenToEnvironment(): void {
    if (typeof window !== 'undefined') {
      this.disposables.listen(window, 'online', () => this.machine.setOnline(true));
      this.disposables.listen(window, 'offline', () => this.machine.setOnline(false));
    }
    try {
      this.disposables.add(this.services.onSystemResume(() => this.machine.notifyResume()));
      this.disposables.add(
        this.services.onHandshakeRefused(({ ref, status }) => {
          if (refKey(ref) === this.key) this.httpStatus = status;
        }),
      );
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
