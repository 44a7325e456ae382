// Shared steps of the console e2e tests: open the built app in Chromium over the real handler
// table and demo cloud, open a console from the inventory, and read what it shows.
// (The page code below avoids DOM globals: this folder is type-checked without the DOM lib.)
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { installBridge, type Bridge } from './harness/bridge';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest, EventSink } from './harness/app-handlers';
import type { HandshakeRefusals } from '../../src-main/console/handshake-refusals';

export { SCREENSHOT_DIR } from './harness/app-rig';

export interface AppPage {
  page: Page;
  bridge: Bridge;
  /** Uncaught page errors (noVNC's own console.error logging is not counted). */
  pageErrors: string[];
  /** Console messages about the Content Security Policy refusing something. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** Opens the app in a fresh browser context over the app's handlers; main's events reach the page. */
export async function openAppPage(
  browser: Browser,
  server: StaticServer,
  app: Pick<AppUnderTest, 'handlers' | 'eventSinks'> & Partial<Pick<AppUnderTest, 'handshakes'>>,
  opts: {
    hash?: string;
    viewport?: { width: number; height: number };
    /** Feed the console handshakes' HTTP statuses to main's HandshakeRefusals, as the app's hook does. */
    handshakes?: boolean;
  } = {},
): Promise<AppPage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (opts.handshakes && app.handshakes) await reportHandshakes(page, app.handshakes);
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
  const bridge = await installBridge(page, app.handlers);
  // As main sends its events to every window (the inventory's listings, resume).
  const sink: EventSink = (name, payload) => void bridge.emit(name, payload).catch(() => {});
  app.eventSinks.add(sink);
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      app.eventSinks.delete(sink);
      openClosers.delete(close);
      await context.close();
    })());
  openClosers.add(close);
  await page.goto(`${server.url}/index.html${opts.hash ?? ''}`);
  return { page, bridge, pageErrors, cspViolations, close };
}

/**
 * What main's webRequest hook does in the app (shell/console-link-log.ts), from Chromium's own
 * network stack here: each console WebSocket handshake's URL and HTTP status go to HandshakeRefusals.
 */
async function reportHandshakes(page: Page, handshakes: HandshakeRefusals): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const urls = new Map<string, string>();
  const report = (requestId: string, status: number): void => {
    const url = urls.get(requestId);
    if (url) handshakes.completed(url, status);
  };
  cdp.on('Network.webSocketCreated', (e) => void urls.set(e.requestId, e.url));
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) => report(e.requestId, e.response.status));
  // DevTools reports a refused upgrade only as this error, with the status in its text.
  cdp.on('Network.webSocketFrameError', (e) => {
    const status = /Unexpected response code: (\d{3})/.exec(e.errorMessage)?.[1];
    if (status) report(e.requestId, Number(status));
  });
  cdp.on('Network.webSocketClosed', (e) => void urls.delete(e.requestId));
  await cdp.send('Network.enable');
}

// Every page openAppPage opened and nothing closed yet: a test that fails half-way leaves none
// behind for the next one (call closeOpenPages in afterEach).
const openClosers = new Set<() => Promise<void>>();

export async function closeOpenPages(): Promise<void> {
  await Promise.all([...openClosers].map((close) => close()));
}

/** First run: offer the demo cloud, list its instances. */
export async function tryDemo(page: Page): Promise<void> {
  await page.getByTestId('try-demo').click();
  await expect.poll(() => page.getByTestId('inventory-row').count(), { timeout: 15_000 }).toBeGreaterThan(5);
}

/** The inventory's Open console button: it opens the console of the row under the cursor. */
export const OPEN_BUTTON = '[data-testid="action-open"]';

/**
 * Shows the inventory (the Instances tab, when consoles are open), searches for the instance and
 * puts the cursor on its row, so Open console and the power actions apply to it.
 * Playwright's own waits only: the benchmarks use it outside vitest.
 */
export async function selectInstance(page: Page, instanceId: string, profileId?: string): Promise<void> {
  const home = page.getByTestId('tab-inventory');
  if ((await home.count()) > 0) await home.click();
  await page.getByTestId('inventory-search').fill(instanceId);
  // With several profiles listed, the same instance ID may appear once per profile.
  const row = profileId ? `[data-key="${profileId}/${instanceId}"]` : `[data-instance="${instanceId}"]`;
  await page.locator(`[data-testid="inventory-row"]${row}`).click();
  await page.locator(`[data-testid="inventory-row"].cursor${row}`).waitFor();
}

export function consoleView(page: Page, instanceId: string): Locator {
  return page.locator(`[data-testid="console-view"][data-instance="${instanceId}"]`);
}

export async function phaseOf(page: Page, instanceId: string): Promise<string | null> {
  return consoleView(page, instanceId)
    .getAttribute('data-phase', { timeout: 1000 })
    .catch(() => null);
}

/** Selects the instance in the inventory and clicks Open console; returns the time of the click (ms). */
export async function openConsole(page: Page, instanceId: string, profileId?: string): Promise<number> {
  await selectInstance(page, instanceId, profileId);
  const button = page.locator(OPEN_BUTTON);
  await button.hover();
  const clickedAt = Date.now();
  await button.click();
  return clickedAt;
}

export async function waitForPhase(
  page: Page,
  instanceId: string,
  phase: string,
  timeout = 15_000,
): Promise<void> {
  await expect.poll(() => phaseOf(page, instanceId), { timeout, interval: 25 }).toBe(phase);
}

export interface CanvasStats {
  width: number;
  height: number;
  /** Pixels whose colour differs from the most common one (the background). */
  foreground: number;
}

// The canvas as the page sees it, typed just enough to read pixels.
interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** Samples the console's canvas: its size and how many pixels are not background. */
export async function canvasStats(page: Page, instanceId: string): Promise<CanvasStats> {
  const canvas = consoleView(page, instanceId).locator('[data-testid="console-screen"] canvas');
  return canvas.evaluate((node) => {
    const c = node as unknown as CanvasLike;
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return { width: c.width, height: c.height, foreground: 0 };
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
    }
    let background = 0;
    for (const n of counts.values()) background = Math.max(background, n);
    return { width: c.width, height: c.height, foreground: data.length / 4 - background };
  });
}

/** Waits until the console shows a picture (connected and more than a few foreground pixels). */
export async function waitForPicture(page: Page, instanceId: string, timeout = 15_000): Promise<CanvasStats> {
  let stats: CanvasStats = { width: 0, height: 0, foreground: 0 };
  await expect
    .poll(
      async () => {
        if ((await phaseOf(page, instanceId)) !== 'connected') return 0;
        stats = await canvasStats(page, instanceId).catch(() => stats);
        return stats.foreground;
      },
      { timeout, interval: 25 },
    )
    .toBeGreaterThan(500);
  return stats;
}

/** A PNG's size from its IHDR chunk, after checking the signature. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  signature.forEach((b, i) => expect(bytes[i], `PNG signature byte ${i}`).toBe(b));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(String.fromCharCode(...bytes.slice(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Ctrl+Alt+Del as a VNC server records it: [keysym, down], pressed in order, released in reverse. */
export const CTRL_ALT_DEL_EVENTS: readonly (readonly [number, boolean])[] = [
  [0xffe3, true],
  [0xffe9, true],
  [0xffff, true],
  [0xffff, false],
  [0xffe9, false],
  [0xffe3, false],
];
