// Runs the BUILT main bundle (out/main/main.js) in plain Node with a recording stand-in for the
// 'electron' module (the Electron binary cannot be had here): it records the windows main creates
// with their options, the session's permission handlers, the handlers it puts on every web
// contents, the app:// protocol handler and the IPC handlers, so tests can check the security
// checklist against what main really does. Every other require is the real one. node:crypto is
// wrapped to learn the API SecretKeys main signs with (TC3 signing keys start with "TC3"), so the
// secret scan knows what to look for.
import * as crypto from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILT_MAIN = path.resolve('out/main/main.js');

type Listener = (...args: never[]) => unknown;

export interface FakeWebContents {
  listeners: Map<string, Listener[]>;
  windowOpenHandler?: (details: { url: string }) => { action: string };
  emit(name: string, ...args: unknown[]): void;
}

export interface RecordedWindow {
  options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>;
  loaded: string[];
  webContents: FakeWebContents;
}

export interface BuiltMain {
  packaged: boolean;
  userData: string;
  logs: string;
  windows: RecordedWindow[];
  privilegedSchemes: unknown[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  ipcHandlers: Map<string, (event: unknown, input: unknown) => Promise<unknown>>;
  permissionRequest?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
  permissionCheck?: (wc: unknown, permission: string) => boolean;
  webRequest: Map<string, Listener[]>;
  external: string[];
  /** SecretKeys main signed API calls with. */
  signingSecrets: Set<string>;
  /** Bodies of every API answer main received through net.fetch. */
  apiAnswers: string[];
  /** Receive what main sends to its windows (webContents.send), as the e2e bridge expects. */
  eventSinks: Set<(name: string, payload: unknown) => void>;
  /** A web contents as Electron would create it: main's web-contents-created handlers run on it. */
  newWebContents(): FakeWebContents;
  quit(): Promise<void>;
}

function webContents(sinks: BuiltMain['eventSinks']): FakeWebContents {
  const listeners = new Map<string, Listener[]>();
  const wc: FakeWebContents = {
    listeners,
    emit: (name, ...args) =>
      listeners.get(name)?.forEach((l) => (l as (...a: unknown[]) => unknown)(...args)),
  };
  Object.assign(wc, {
    on: (name: string, l: Listener) => (listeners.set(name, [...(listeners.get(name) ?? []), l]), wc),
    once: (name: string, l: Listener) => (listeners.set(name, [...(listeners.get(name) ?? []), l]), wc),
    setWindowOpenHandler: (h: FakeWebContents['windowOpenHandler']) => (wc.windowOpenHandler = h),
    send: (name: string, payload: unknown) => sinks.forEach((sink) => sink(name, payload)),
  });
  return wc;
}

/**
 * Anything main may use that this file does not model (a tray, a menu, …): callable, constructible,
 * and every property of it is another such stub, so new wiring does not break the checks.
 */
function stub(): unknown {
  const target = function () {};
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

export async function loadBuiltMain(opts: { packaged: boolean }): Promise<BuiltMain> {
  const code = readFileSync(BUILT_MAIN, 'utf8');
  const home = mkdtempSync(path.join(tmpdir(), 'cvm-built-main-'));
  const appHandlers = new Map<string, Listener[]>();
  // Resolved when main calls app.quit() after holding a quit (see quit() below).
  let quitRequested: () => void = () => {};
  const rec: BuiltMain = {
    packaged: opts.packaged,
    userData: path.join(home, 'userData'),
    logs: path.join(home, 'logs'),
    windows: [],
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    webRequest: new Map(),
    external: [],
    signingSecrets: new Set(),
    apiAnswers: [],
    eventSinks: new Set(),
    newWebContents: () => {
      const wc = webContents(rec.eventSinks);
      appHandlers.get('web-contents-created')?.forEach((l) => (l as (...a: unknown[]) => unknown)({}, wc));
      return wc;
    },
    quit: async () => {
      // As Electron does: a listener may hold the quit (preventDefault) and call app.quit() when ready.
      let held = false;
      const event = { preventDefault: () => void (held = true) };
      const requested = new Promise<void>((resolve) => (quitRequested = resolve));
      for (const l of appHandlers.get('will-quit') ?? []) await (l as (e: typeof event) => unknown)(event);
      if (held) {
        await requested;
        for (const l of appHandlers.get('will-quit') ?? []) await (l as (e: typeof event) => unknown)(event);
      }
      for (const l of appHandlers.get('window-all-closed') ?? []) await (l as () => unknown)();
    },
  };

  const on = (name: string, l: Listener) => appHandlers.set(name, [...(appHandlers.get(name) ?? []), l]);
  const app = {
    isPackaged: opts.packaged,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    on: (name: string, l: Listener) => (on(name, l), app),
    once: (name: string, l: Listener) => (on(name, l), app),
    getPath: (name: string) =>
      name === 'logs' ? rec.logs : name === 'userData' ? rec.userData : path.join(home, name),
    getName: () => 'CVM Console',
    getPreferredSystemLanguages: () => ['en-US'],
    getLocale: () => 'en-US',
    getVersion: () => '0.0.0-test',
    quit: () => quitRequested(),
    exit: () => {},
  };
  const open: BrowserWindow[] = [];
  class BrowserWindow {
    readonly webContents: FakeWebContents;
    constructor(options: RecordedWindow['options']) {
      this.webContents = rec.newWebContents();
      open.push(this);
      rec.windows.push({ options, loaded: this.loaded, webContents: this.webContents });
    }
    readonly loaded: string[] = [];
    on() {
      return this;
    }
    once() {
      return this;
    }
    show() {}
    focus() {}
    isMinimized() {
      return false;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    static getAllWindows = () => [...open];
    static getFocusedWindow = () => null;
  }
  const webRequestApi = new Proxy(
    {},
    {
      get:
        (_t, name: string) =>
        (...args: unknown[]) =>
          rec.webRequest.set(name, [...(rec.webRequest.get(name) ?? []), args.at(-1) as Listener]),
    },
  );
  const defaultSession = {
    setPermissionRequestHandler: (h: BuiltMain['permissionRequest']) => (rec.permissionRequest = h),
    setPermissionCheckHandler: (h: BuiltMain['permissionCheck']) => (rec.permissionCheck = h),
    webRequest: webRequestApi,
  };
  // Electron's net.fetch as main uses it: http(s) for the API (recorded), file:// for the renderer.
  const netFetch = async (url: string, init?: RequestInit): Promise<Response> => {
    if (url.startsWith('file:')) {
      try {
        return new Response(await readFile(fileURLToPath(url)), { status: 200 });
      } catch {
        return new Response('', { status: 404 });
      }
    }
    const response = await fetch(url, init);
    const body = await response.text();
    rec.apiAnswers.push(body);
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const electron: Record<string, unknown> = {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => rec.privilegedSchemes.push(...schemes),
      handle: (scheme: string, h: (r: Request) => Promise<Response>) => rec.protocolHandlers.set(scheme, h),
    },
    net: { fetch: netFetch },
    session: { defaultSession },
    ipcMain: {
      handle: (channel: string, h: (e: unknown, i: unknown) => Promise<unknown>) =>
        rec.ipcHandlers.set(channel, h),
      on: () => {},
      removeHandler: () => {},
    },
    shell: { openExternal: async (url: string) => void rec.external.push(url) },
    powerMonitor: { on: () => {} },
  };
  const fakeElectron = new Proxy(electron, { get: (t, key: string) => (key in t ? t[key] : stub()) });
  const wrappedCrypto = {
    ...crypto,
    createHmac: (algorithm: string, key: crypto.BinaryLike | crypto.KeyObject, options?: unknown) => {
      if (typeof key === 'string' && key.startsWith('TC3')) rec.signingSecrets.add(key.slice(3));
      return crypto.createHmac(algorithm, key, options as never);
    },
  };
  const realRequire = createRequire(BUILT_MAIN);
  const bundleRequire = (name: string): unknown =>
    name === 'electron'
      ? fakeElectron
      : name === 'node:crypto' || name === 'crypto'
        ? wrappedCrypto
        : realRequire(name);

  const saved = { renderer: process.env['ELECTRON_RENDERER_URL'], resources: process.resourcesPath };
  delete process.env['ELECTRON_RENDERER_URL'];
  (process as { resourcesPath?: string }).resourcesPath = home;
  try {
    const module = { exports: {} };
    new Function('exports', 'require', 'module', '__filename', '__dirname', code)(
      module.exports,
      bundleRequire,
      module,
      BUILT_MAIN,
      path.dirname(BUILT_MAIN),
    );
    const deadline = Date.now() + 20_000;
    while (rec.windows.length === 0) {
      if (Date.now() > deadline) throw new Error('the built main bundle opened no window within 20 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    if (saved.renderer !== undefined) process.env['ELECTRON_RENDERER_URL'] = saved.renderer;
    (process as { resourcesPath?: string }).resourcesPath = saved.resources;
  }
  return rec;
}

/** The IPC event of our own window's main frame (what main's sender check accepts). */
export const TRUSTED_SENDER = {
  senderFrame: { url: 'app://cvm-console/index.html', parent: null },
  // The window's webContents id: main hands it to handlers as the caller (CallContext).
  sender: { id: 1 },
};
