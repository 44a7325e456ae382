// The Electron adapters, driven with fake Electron objects: the sender check in the IPC wrapper,
// the navigation / window-open / permission hooks, the window's webPreferences and the preload.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { App, IpcMain, Session } from 'electron';
import { registerIpcHandlers } from '../../../src-main/shell/ipc';
import { SecurityRestrictions } from '../../../src-main/shell/security';
import { mainWindowOptions } from '../../../src-main/shell/main-window';
import { APP_ENTRY_URL, trustedOrigins } from '../../../src-main/shell/security-policy';
import { buildHandlers } from '../../../src-main/handlers';
import { CHANNELS } from '../../../src-main/contract';
import { fakeServices } from '../../support/fake-services';

type Invoke = (
  event: { sender: { id: number }; senderFrame: { url: string; parent: unknown } | null },
  input: unknown,
) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Invoke>();
  const ipcMain = {
    handle: (channel: string, fn: Invoke) => handlers.set(channel, fn),
  } as unknown as IpcMain;
  return { ipcMain, handlers };
}

const table = buildHandlers(fakeServices());

describe('registerIpcHandlers', () => {
  it('registers every contract channel', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, table, trustedOrigins(), () => {});
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers our main frame and refuses anyone else with a forbidden envelope', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, table, trustedOrigins(), () => {});
    const info = handlers.get('app:info')!;
    expect(
      await info({ sender: { id: 1 }, senderFrame: { url: APP_ENTRY_URL, parent: null } }, undefined),
    ).toMatchObject({
      ok: true,
      value: { version: '0.0.1' },
    });
    for (const senderFrame of [
      { url: 'https://evil.example/', parent: null },
      { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } },
      null,
    ]) {
      expect(await info({ sender: { id: 1 }, senderFrame }, undefined)).toEqual({
        ok: false,
        error: {
          kind: 'forbidden',
          code: 'UntrustedSender',
          message: expect.any(String),
          messageKey: 'ipc.untrustedSender',
        },
      });
    }
  });

  it('names the calling window to the handler: windows:reportConsoles files the list under its webContents id', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const report = vi.fn();
    registerIpcHandlers(
      ipcMain,
      buildHandlers(fakeServices({ openConsoles: { report } })),
      trustedOrigins(),
      () => {},
    );
    const consoles = [
      {
        ref: { profileId: 'demo', region: 'ap-seoul', instanceId: 'ins-web00001' },
        title: 'web-1',
        phase: 'reconnecting',
      },
    ];
    const frame = { url: APP_ENTRY_URL, parent: null };
    expect(
      await handlers.get('windows:reportConsoles')!({ sender: { id: 42 }, senderFrame: frame }, { consoles }),
    ).toEqual({
      ok: true,
      value: { reported: 1 },
    });
    expect(report).toHaveBeenCalledWith(42, consoles);
    // A phase that is not one, or an endless list, changes nothing.
    const bad = [
      { consoles: [{ ...consoles[0], phase: 'hacked' }] },
      { consoles: Array(201).fill(consoles[0]) },
    ];
    for (const input of bad) {
      expect(
        await handlers.get('windows:reportConsoles')!({ sender: { id: 42 }, senderFrame: frame }, input),
      ).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input' },
      });
    }
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('hands internal errors to the log it was given', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const logged: Record<string, unknown>[] = [];
    const failing = buildHandlers(
      fakeServices({
        keychainStatus: async () => {
          throw new Error('keychain exploded');
        },
      }),
    );
    registerIpcHandlers(ipcMain, failing, trustedOrigins(), (r) => void logged.push(r));
    const info = handlers.get('app:info')!;
    const result = await info(
      { sender: { id: 1 }, senderFrame: { url: APP_ENTRY_URL, parent: null } },
      undefined,
    );
    expect(logged).toEqual([
      expect.objectContaining({ channel: 'app:info', error: 'Error: keychain exploded' }),
    ]);
    expect(JSON.stringify(result)).toContain(String(logged[0]!['errorId']));
  });
});

describe('SecurityRestrictions', () => {
  function setup() {
    const app = new EventEmitter() as unknown as App;
    const openExternal = vi.fn(async () => {});
    let permissionHandler: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let checkHandler: ((wc: unknown, p: string) => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (h: typeof permissionHandler) => (permissionHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
    } as unknown as Session;
    new SecurityRestrictions(app, { openExternal }, trustedOrigins()).apply(session);
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as undefined | ((d: { url: string }) => { action: string }),
      setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
        this.openHandler = h;
      },
    });
    (app as unknown as EventEmitter).emit('web-contents-created', {}, contents);
    return { contents, openExternal, permission: permissionHandler!, check: checkHandler! };
  }

  it('denies navigation away from the app and allows a reload', () => {
    const { contents } = setup();
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'http://127.0.0.1:9/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const reload = { preventDefault: vi.fn() };
    contents.emit('will-navigate', reload, APP_ENTRY_URL);
    expect(reload.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('never opens windows; opens only allowlisted links in the browser', () => {
    const { contents, openExternal } = setup();
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    expect(contents.openHandler!({ url: 'https://console.cloud.tencent.com/cam/capi' })).toEqual({
      action: 'deny',
    });
    expect(openExternal).toHaveBeenCalledWith('https://console.cloud.tencent.com/cam/capi');
  });

  it('denies permission requests and checks', () => {
    const { permission, check } = setup();
    const answer = vi.fn();
    permission({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(check({}, 'clipboard-read')).toBe(false);
  });
});

describe('mainWindowOptions', () => {
  it('writes the security settings out explicitly', () => {
    const prefs = mainWindowOptions('/x/preload.js').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/x/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      backgroundThrottling: false,
    });
    // DevTools only when main asks for them (a development build).
    expect(mainWindowOptions('/x/preload.js', undefined, true).webPreferences!.devTools).toBe(true);
  });
});

describe('preload', () => {
  it('exposes exactly the contract functions, each bound to its channel', async () => {
    const exposed: Record<string, unknown> = {};
    const invoke = vi.fn(async (channel: string, input: unknown) => ({
      ok: true,
      value: { channel, input },
    }));
    const on = vi.fn();
    const removeListener = vi.fn();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: { invoke, on, removeListener },
    }));
    await import('../../../src-main/preload');
    const cvm = exposed['cvm'] as Record<string, Record<string, (x?: unknown) => unknown>>;
    expect(Object.keys(cvm).sort()).toEqual([
      'app',
      'console',
      'events',
      'instances',
      'inventory',
      'profiles',
      'settings',
      'windows',
    ]);
    const exposedChannels = Object.entries(cvm)
      .filter(([ns]) => ns !== 'events')
      .flatMap(([ns, fns]) => Object.keys(fns).map((m) => `${ns}:${m}`));
    expect(exposedChannels.sort()).toEqual([...CHANNELS].sort());
    for (const fns of Object.values(cvm))
      for (const fn of Object.values(fns)) expect(typeof fn).toBe('function');
    expect(await cvm['app']!['info']!(undefined)).toEqual({
      ok: true,
      value: { channel: 'app:info', input: undefined },
    });
    expect(Object.keys(cvm['events']!)).toEqual([
      'onCommand',
      'onChanged',
      'onResume',
      'onConnect',
      'onHandshake',
      'onListing',
      'onInstances',
    ]);
    const listener = vi.fn();
    const off = cvm['events']!['onResume']!(listener) as () => void;
    const forward = on.mock.calls[0]![1] as (e: unknown, p: unknown) => void;
    expect(on.mock.calls[0]![0]).toBe('system:resume');
    forward({ sender: 'secret' }, { at: 5 });
    expect(listener).toHaveBeenCalledWith({ at: 5 }); // the IPC event object itself never reaches the page
    off();
    expect(removeListener).toHaveBeenCalledWith('system:resume', forward);
    vi.doUnmock('electron');
  });
});
