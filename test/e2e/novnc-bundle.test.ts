import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness/chromium';
import { serveFolder, type StaticServer } from './harness/static-server';

describe('@novnc/novnc 1.7 bundles with Vite', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'cvm-novnc-'));
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    // The same build target as the renderer (electron.vite.config.ts).
    await build({
      root: resolve('test/e2e/fixtures/novnc-page'),
      logLevel: 'warn',
      configFile: false,
      build: { outDir, emptyOutDir: true, target: 'chrome140' },
    });
    server = await serveFolder(outDir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('emits RFB as its own lazily loaded chunk', () => {
    const chunks = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const rfbChunk = chunks.find((f) =>
      readFileSync(join(outDir, 'assets', f), 'utf8').includes('credentialsrequired'),
    );
    expect(rfbChunk, 'a chunk containing noVNC').toBeDefined();
    // Not the entry chunk: the console code is fetched only when a console opens.
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).not.toContain(rfbChunk);
  });

  it('loads and evaluates RFB in Chromium', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/index.html`);
    const check = await page.evaluate(
      () => (globalThis as unknown as { rfbCheck: Promise<unknown> }).rfbCheck,
    );
    expect(check).toEqual({ type: 'function', prototypeHasSendKey: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
