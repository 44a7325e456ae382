import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness/chromium';
import { serveFolder, type StaticServer } from './harness/static-server';
import { installBridge } from './harness/bridge';
import { appHandlers, packageVersion } from './harness/app-handlers';
import { SCREENSHOT_DIR } from './harness/app-rig';
import { startSecretService, type SecretService } from '../support/secret-service';
import { DEFAULT_SETTINGS } from '../../src-main/settings';
import type { Settings } from '../../src-main/contract';
import en from '../../i18n/en';
import ko from '../../i18n/ko';
import zhCN from '../../i18n/zh-CN';

describe('the app shell in Chromium', () => {
  let browser: Browser;
  let server: StaticServer;
  let keyring: SecretService;

  beforeAll(async () => {
    keyring = await startSecretService();
    server = await serveFolder('out/renderer');
    browser = await launchChromium();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await keyring?.stop();
  });

  it('loads the first screen without the views it does not show, and with one stylesheet', () => {
    const html = readFileSync('out/renderer/index.html', 'utf8');
    const assets = readdirSync('out/renderer/assets');
    // Each view the first screen does not show is a chunk of its own, not among the page's imports.
    for (const view of ['ConsoleView', 'ConsoleWindow', 'ProfileManager', 'SettingsPage', 'QuickConnect']) {
      const chunks = assets.filter((f) => f.startsWith(`${view}-`) && f.endsWith('.js'));
      expect(chunks, view).not.toEqual([]);
      for (const chunk of chunks) expect(html, chunk).not.toContain(chunk);
    }
    // One render-blocking stylesheet, as before the split (the lazy views' styles are in it).
    expect(html.match(/rel="stylesheet"/g)).toHaveLength(1);
  });

  it('loads only the English catalogue up front; the others are chunks of their own', () => {
    const html = readFileSync('out/renderer/index.html', 'utf8');
    // The first script: the entry and the chunks the page preloads with it.
    const files = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(1);
    const firstScript = files.map((f) => readFileSync(`out/renderer/assets/${f}`, 'utf8')).join('\n');
    expect(firstScript).toContain(en.app.heroIntro);
    expect(firstScript).not.toContain(ko.app.heroIntro);
    expect(firstScript).not.toContain(zhCN.app.heroIntro);
    const assets = readdirSync('out/renderer/assets');
    for (const [name, catalogue] of [
      ['ko', ko],
      ['zh-CN', zhCN],
    ] as const) {
      const chunk = assets.find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
      expect(chunk, name).toBeDefined();
      expect(readFileSync(`out/renderer/assets/${chunk}`, 'utf8')).toContain(catalogue.app.heroIntro);
    }
  });

  it('fetches no other catalogue in English, and draws its first frame in the language it showed last', async () => {
    const catalogueRequests = (urls: string[]) =>
      urls.filter((u) => /\/assets\/(ko|zh-CN)-[^/]*\.js$/.test(u));
    const english = await browser.newPage();
    const englishUrls: string[] = [];
    english.on('request', (r) => englishUrls.push(r.url()));
    await installBridge(english, appHandlers());
    await english.goto(`${server.url}/index.html`);
    await expect.poll(() => english.getByTestId('app-version').textContent()).toBe(`v${packageVersion}`);
    expect(await english.locator('[data-testid="instance-offer"] h2').textContent()).toBe(en.app.heroTitle);
    expect(catalogueRequests(englishUrls)).toEqual([]);
    await english.close();

    // Korean, chosen in the settings and so remembered by the window's last run.
    const korean = await browser.newPage();
    const koreanUrls: string[] = [];
    korean.on('request', (r) => koreanUrls.push(r.url()));
    let settings: Settings = { ...DEFAULT_SETTINGS, language: 'ko' };
    await installBridge(
      korean,
      appHandlers({
        settings: { get: () => settings, update: async (p) => (settings = { ...settings, ...p }) },
      }),
    );
    await korean.addInitScript(() => {
      const g = globalThis as unknown as {
        localStorage: { setItem(k: string, v: string): void };
        document: {
          documentElement: { lang: string };
          getElementById(id: string): { textContent: string; querySelector(s: string): unknown } | null;
        };
        MutationObserver: new (cb: () => void) => {
          observe(n: unknown, o: object): void;
          disconnect(): void;
        };
        firstFrame?: { lang: string; text: string };
      };
      g.localStorage.setItem('cvm.language', 'ko');
      // The app's first render: the moment the boot shell is replaced.
      const observer = new g.MutationObserver(() => {
        const app = g.document.getElementById('app');
        if (!app || app.querySelector('.boot-shell') || !app.textContent) return;
        g.firstFrame = { lang: g.document.documentElement.lang, text: app.textContent };
        observer.disconnect();
      });
      observer.observe(g.document, { childList: true, subtree: true, characterData: true });
    });
    await korean.goto(`${server.url}/index.html`);
    await expect
      .poll(() => korean.locator('[data-testid="instance-offer"] h2').textContent())
      .toBe(ko.app.heroTitle);
    const first = await korean.evaluate(
      () => (globalThis as unknown as { firstFrame?: { lang: string; text: string } }).firstFrame,
    );
    expect(first?.lang).toBe('ko');
    expect(first?.text).toContain(ko.app.heroTitle);
    expect(first?.text).not.toContain(en.app.heroTitle);
    expect(catalogueRequests(koreanUrls)).toHaveLength(1);
    await korean.close();
  });

  it('renders and shows the app:info answer from the main-process handlers', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const bridge = await installBridge(page, appHandlers());

    await page.goto(`${server.url}/index.html`);
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe(`v${packageVersion}`);
    expect(await page.getByTestId('app-platform').textContent()).toContain(process.platform);
    expect(await page.getByTestId('keychain-status').textContent()).toContain('Keychain ready');
    expect(bridge.calls).toContainEqual({ channel: 'app:info', input: undefined });
    // Which channels the start asks (the window's language and theme ask some of them too).
    expect([...new Set(bridge.calls.map((c) => c.channel))].sort()).toEqual([
      'app:info',
      'app:locale',
      'profiles:details',
      'profiles:list',
      'settings:get',
      'windows:reportConsoles',
    ]);
    expect(await page.getByTestId('setting-rewrite-origin').isChecked()).toBe(true);

    // The page runs under the app's CSP (from the build) and raised no errors doing so.
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(errors).toEqual([]);

    await page.screenshot({ path: `${SCREENSHOT_DIR}/app-shell.png` });
    await page.close();
  });

  it('shows a clear message when the main process answers with an error envelope', async () => {
    const page = await browser.newPage();
    await installBridge(
      page,
      appHandlers({
        keychainStatus: async () => {
          throw Object.assign(new Error('x'), { kind: 'server', code: 'Boom', message: 'The probe failed.' });
        },
      }),
    );
    await page.goto(`${server.url}/index.html`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The probe failed.');
    await page.close();
  });

  it('refuses an argument that the contract schema rejects, without calling the handler', async () => {
    const page = await browser.newPage();
    let called = 0;
    const handlers = appHandlers({
      keychainStatus: async () => {
        called++;
        return { available: true, backend: 'fake' };
      },
    });
    await installBridge(page, handlers);
    await page.goto(`${server.url}/index.html`);
    await expect.poll(() => called).toBeGreaterThanOrEqual(1);
    const before = called;
    const result = await page.evaluate(() =>
      (globalThis as unknown as { cvm: { app: { info(x: unknown): Promise<unknown> } } }).cvm.app.info({
        evil: true,
      }),
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input', code: 'InvalidArgument' } });
    expect(called).toBe(before);
    await page.close();
  });
});
