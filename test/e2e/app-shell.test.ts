import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness/chromium';
import { serveFolder, type StaticServer } from './harness/static-server';
import { installBridge } from './harness/bridge';
import { appHandlers, packageVersion } from './harness/app-handlers';
import { SCREENSHOT_DIR } from './harness/app-rig';
import { startSecretService, type SecretService } from '../support/secret-service';

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
