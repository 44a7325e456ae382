// Electron's security checklist against the BUILT main bundle (out/main/main.js, built by the e2e
// global setup), run with a recording stand-in for Electron (harness/built-main.ts): the options of
// every window it opens, the session's permission handlers, navigation and window.open, the
// app:// protocol's CSP header and the build's meta CSP, the IPC sender check, and DevTools only
// outside a packaged app.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src-main/contract';
import { loadBuiltMain, TRUSTED_SENDER, type BuiltMain } from './harness/built-main';

/** A CSP as a map of directive → sources. */
function parseCsp(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

/**
 * The checklist's CSP rules: a policy at all, default-src 'none', scripts only from the app, no
 * plugins, no <base> or form targets, workers only from the app, and no 'unsafe-*' source but one:
 * 'wasm-unsafe-eval' in script-src, which lets the text worker compile Tesseract's WebAssembly and
 * nothing else — no eval of strings, no inline script.
 */
function expectStrictCsp(policy: string): Map<string, string[]> {
  const csp = parseCsp(policy);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(csp.get('worker-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'none'"]);
  const unsafe = [...csp.entries()].flatMap(([k, v]) =>
    v.filter((s) => /unsafe-/i.test(s)).map((s) => `${k} ${s}`),
  );
  expect(unsafe).toEqual(["script-src 'wasm-unsafe-eval'"]);
  // No wildcard source and no whole scheme (any host): every source names its hosts.
  const open = [...csp.values()].flat().filter((src) => /^(\*|https?:|wss?:)$/.test(src));
  expect(open).toEqual([]);
  return csp;
}

describe.each([true, false])('the built main bundle (packaged: %s)', (packaged) => {
  let main: BuiltMain;
  beforeAll(async () => {
    main = await loadBuiltMain({ packaged });
  });
  afterAll(() => main?.quit());

  it('opens its window with isolation, the sandbox, no Node, web security, and DevTools only unpackaged', () => {
    expect(main.windows).toHaveLength(1);
    const [win] = main.windows;
    const prefs = win!.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('nodeIntegrationInWorker', true);
    expect(prefs).not.toHaveProperty('experimentalFeatures', true);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(String(prefs['preload'])).toMatch(/[\\/]out[\\/]preload[\\/]preload\.js$/);
    // The packaged app has no DevTools at all; a development build keeps them.
    expect(prefs['devTools']).toBe(!packaged);
    expect(win!.loaded).toEqual(['app://cvm-console/index.html']);
  });

  it('detached console windows get the same preferences', async () => {
    const open = main.ipcHandlers.get('windows:openConsole')!;
    const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };
    expect(await open(TRUSTED_SENDER, { ref, title: 'web-prod-01' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    const detached = main.windows.at(-1)!;
    expect(detached.options.webPreferences).toEqual(main.windows[0]!.options.webPreferences);
    expect(detached.loaded[0]).toBe('app://cvm-console/index.html#/console/demo/ap-guangzhou/ins-demo0001');
  });

  it('denies every permission but full screen, on request and on check', () => {
    const asked = [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'midi',
      'pointerLock',
      'openExternal',
      'hid',
      'serial',
      'unknown',
    ];
    for (const permission of asked) {
      let granted: boolean | undefined;
      main.permissionRequest!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(main.permissionCheck!({}, permission), permission).toBe(false);
    }
    let fullscreen: boolean | undefined;
    main.permissionRequest!({}, 'fullscreen', (g) => (fullscreen = g));
    expect(fullscreen).toBe(true);
  });

  it('denies navigation away from the app, webviews and every window.open (allowlisted pages go to the browser)', () => {
    const wc = main.newWebContents();
    const prevented = (name: string, url: string) => {
      let stopped = false;
      wc.emit(name, { preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    for (const url of [
      'https://evil.example.com/',
      'file:///etc/passwd',
      'http://127.0.0.1:1/',
      'javascript:alert(1)',
    ]) {
      expect(prevented('will-navigate', url), url).toBe(true);
      expect(prevented('will-redirect', url), url).toBe(true);
    }
    expect(
      prevented('will-navigate', 'app://cvm-console/index.html#/console/demo/ap-guangzhou/ins-demo0001'),
    ).toBe(false);
    expect(prevented('will-attach-webview', 'app://cvm-console/index.html')).toBe(true);
    const external = main.external.length;
    expect(wc.windowOpenHandler!({ url: 'https://evil.example.com/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'app://cvm-console/index.html' })).toEqual({ action: 'deny' });
    expect(main.external).toHaveLength(external);
    expect(wc.windowOpenHandler!({ url: 'https://console.cloud.tencent.com/cvm' })).toEqual({
      action: 'deny',
    });
    expect(main.external.slice(external)).toEqual(['https://console.cloud.tencent.com/cvm']);
  });

  it('serves the renderer only from app:// with a strict CSP header, and the build carries a strict meta CSP', async () => {
    expect(main.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    const serve = main.protocolHandlers.get('app')!;
    const page = await serve(new Request('app://cvm-console/index.html'));
    expect(page.status).toBe(200);
    const header = expectStrictCsp(page.headers.get('content-security-policy') ?? '');
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    // The header narrows console WebSockets on loopback to the demo cloud's one port.
    expect(header.get('connect-src')!.filter((s) => s.startsWith('ws://'))).toEqual([
      expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/),
    ]);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    for (const url of [
      'app://cvm-console/../../etc/passwd',
      'app://cvm-console/%2e%2e/%2e%2e/etc/passwd',
      'app://other/index.html',
    ])
      expect((await serve(new Request(url))).status, url).toBe(404);

    const html = readFileSync('out/renderer/index.html', 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'the built index.html has a CSP meta tag').toBeDefined();
    expectStrictCsp(meta!.replace(/&#39;/g, "'"));
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("answers IPC on every channel only for its own window's main frame", async () => {
    expect([...main.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const info = main.ipcHandlers.get('app:info')!;
    expect(await info(TRUSTED_SENDER, undefined)).toMatchObject({ ok: true });
    for (const senderFrame of [
      { url: 'https://evil.example.com/', parent: null },
      { url: 'app://cvm-console/index.html', parent: {} },
      null,
    ]) {
      expect(await info({ senderFrame }, undefined)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
    }
  });
});
