// The console in real Chromium against the demo cloud: the built renderer, the real handler table
// (URL broker, cloud client, demo API, gateway, built-in VNC server), noVNC drawing into a canvas.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import type { DemoCloud } from '../../src-main/demo';
import { DEFAULT_RECONNECT_OPTIONS } from '../../src-renderer/console/reconnect-types';
import {
  CTRL_ALT_DEL_EVENTS,
  OPEN_BUTTON,
  SCREENSHOT_DIR,
  consoleView,
  closeOpenPages,
  openAppPage,
  openConsole,
  percentile,
  phaseOf,
  pngSize,
  selectInstance,
  tryDemo,
  waitForPhase,
  waitForPicture,
} from './console-helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the console in Chromium against the demo cloud', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let cloud: () => Promise<DemoCloud>;

  let rig: AppRig;

  beforeAll(async () => {
    rig = await startAppRig({ cloud: { transitions: { startMs: 1500 } } });
    ({ app, server, browser } = rig);
    cloud = async () => {
      const c = await app.demo.cloud();
      if (!c) throw new Error('the demo cloud has not started');
      return c;
    };
  });
  // Each test leaves the shared cloud as it found it: its pages closed, no gateway fault armed.
  afterEach(async () => {
    await closeOpenPages();
    (await app.demo.cloud())?.gateway.faults.reset();
  });
  afterAll(() => rig?.close());

  it('connects, shows the login screen, types text and Ctrl+Alt+Del, and saves a PNG screenshot', async () => {
    const { page, pageErrors, cspViolations, close } = await openAppPage(browser, server, app);
    const id = 'ins-demo0002';
    await tryDemo(page);
    const clickedAt = await openConsole(page, id);
    const stats = await waitForPicture(page, id);
    const pictureAfterMs = Date.now() - clickedAt;
    const vnc = (await cloud()).vncServer(id)!;
    // The built-in server's 80×25 text console is 720×400; the login banner is real pixels.
    expect(stats).toMatchObject({ width: 720, height: 400 });
    expect(stats.foreground).toBeGreaterThan(500);
    expect(vnc.screenText()).toContain('login:');
    const firstFrameMs = Number(await consoleView(page, id).getAttribute('data-first-frame-ms'));
    console.log(
      `click → first frame ${firstFrameMs} ms (machine), picture seen by the test after ${pictureAfterMs} ms`,
    );
    expect(firstFrameMs).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-connected.png` });

    // Connected: the canvas has the keyboard without a click.
    await page.keyboard.type('root');
    await expect.poll(() => vnc.typedText()).toBe('root');
    // View only: nothing reaches the server until it is switched off again.
    const canvas = consoleView(page, id).locator('[data-testid="console-screen"] canvas');
    await page.getByTestId('view-only').click();
    await canvas.click();
    await page.keyboard.type('zz');
    await page.getByTestId('view-only').click();
    await canvas.click();
    await page.keyboard.type('!');
    await expect.poll(() => vnc.typedText()).toBe('root!');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
    await expect.poll(() => vnc.typedText()).toBe('');

    // Type text: `echo hello-123` and Enter, as key presses.
    await page.getByTestId('type-text').click();
    await page.getByTestId('type-text-input').fill('echo hello-123');
    await page.getByTestId('type-text-enter').check();
    await page.getByTestId('type-text-send').click();
    await expect.poll(() => page.getByTestId('type-text-status').textContent()).toContain('Typed');
    await expect.poll(() => vnc.typedText()).toContain('echo hello-123\n');
    expect(vnc.typedText().endsWith('echo hello-123\n')).toBe(true);
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => vnc.screenText()).toContain('hello-123');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-typed.png` });

    // The keys menu (before Ctrl+Alt+Del: the demo console ignores keys while it 'reboots'): Ctrl+Alt+F2 switches the text console to tty2.
    await page.getByTestId('keys-menu').click();
    await page.getByTestId('combo-ctrl-alt-f2').click();
    await expect.poll(() => vnc.screenText()).toContain('tty2');

    // Ctrl+Alt+Del arrives as the three keysyms, pressed in order and released in reverse.
    const before = vnc.keyEvents().length;
    await page.getByTestId('ctrl-alt-del').click();
    await expect.poll(() => vnc.keyEvents().length).toBeGreaterThanOrEqual(before + 6);
    expect(
      vnc
        .keyEvents()
        .slice(before)
        .map((k) => [k.keysym, k.down]),
    ).toEqual(CTRL_ALT_DEL_EVENTS);

    // Screenshot → main's save handler gets a real PNG of the console's own size.
    await page.getByTestId('more-menu').click();
    await page.getByTestId('screenshot-save').click();
    await expect.poll(() => app.recorded.savedFiles.length).toBe(1);
    const saved = app.recorded.savedFiles[0]!;
    expect(saved.name).toMatch(/^api-staging-01-\d{8}-\d{6}\.png$/);
    expect(pngSize(saved.bytes)).toEqual({ width: 720, height: 400 });
    await expect.poll(() => page.getByTestId('console-notice').textContent()).toContain('Screenshot saved');

    expect(pageErrors).toEqual([]);
    // All of it ran under the app's CSP (the build's meta policy) without a refusal.
    expect(cspViolations).toEqual([]);
    await close();
  });

  it('draws a new console in steps that never move it: no overlay flash, buttons after the picture', async () => {
    const { page, close } = await openAppPage(browser, server, app);
    const id = 'ins-demo0002';
    await tryDemo(page);
    // The row is chosen first: the click the steps are timed from is the one on Open console.
    await selectInstance(page, id);
    // Page code: every state of the toolbar and the overlay as the console view goes through them.
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: {
          body: object;
          querySelector(sel: string): {
            getAttribute(name: string): string | null;
            getBoundingClientRect(): { top: number; height: number };
          } | null;
        };
        MutationObserver: new (cb: () => void) => { observe(target: object, options: object): void };
        addEventListener(type: string, listener: () => void, options: object): void;
        steps: {
          drawn: string | null;
          toolbarHeight: number;
          screenTop: number;
          overlay: boolean;
          at: number;
        }[];
        clickedAt: number;
      };
      g.steps = [];
      g.addEventListener('click', () => (g.clickedAt = performance.now()), { capture: true, once: true });
      new g.MutationObserver(() => {
        const toolbar = g.document.querySelector('[data-testid="console-toolbar"]');
        const screen = g.document.querySelector('[data-testid="console-screen"]');
        if (!toolbar || !screen) return;
        g.steps.push({
          drawn: toolbar.getAttribute('data-drawn'),
          toolbarHeight: toolbar.getBoundingClientRect().height,
          screenTop: screen.getBoundingClientRect().top,
          overlay: g.document.querySelector('[data-testid="console-overlay"]') !== null,
          at: performance.now(),
        });
      }).observe(g.document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.locator(OPEN_BUTTON).click();
    await waitForPicture(page, id);
    await expect.poll(() => consoleView(page, id).getByTestId('ctrl-alt-del').count()).toBe(1);
    type Step = {
      drawn: string | null;
      toolbarHeight: number;
      screenTop: number;
      overlay: boolean;
      at: number;
    };
    const steps = (await page.evaluate('globalThis.steps')) as Step[];
    const clickedAt = (await page.evaluate('globalThis.clickedAt')) as number;
    // The bar was there before its buttons, at the same height, so the screen never moved.
    const before = steps.filter((s) => s.drawn === 'false');
    const after = steps.filter((s) => s.drawn === 'true');
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    const heights = new Set(steps.map((s) => Math.round(s.toolbarHeight)));
    const tops = new Set(steps.map((s) => Math.round(s.screenTop)));
    expect([...heights]).toHaveLength(1);
    expect([...tops]).toHaveLength(1);
    // No "Connecting…" overlay in the first 250 ms (on loopback the picture usually comes first, and
    // then there is none at all).
    expect(clickedAt).toBeGreaterThan(0);
    expect(steps.filter((s) => s.overlay && s.at - clickedAt < 250)).toEqual([]);
    await close();
  });

  it('comes back after 20 gateway drops, each time with a fresh single-use URL', async () => {
    const { page, close } = await openAppPage(browser, server, app);
    const id = 'ins-demo0001';
    const startedAt = Date.now();
    await tryDemo(page);
    await openConsole(page, id);
    await waitForPicture(page, id);
    const c = await cloud();
    const view = consoleView(page, id);
    const connects = async () => Number(await view.getAttribute('data-connects'));

    const restores: number[] = [];
    const seenByTest: number[] = [];
    const reconnectedAfter: number[] = [];
    for (let i = 0; i < 20; i++) {
      // A connection that stayed up stableAfterMs counts as stable: its drop is retried at once (DESIGN §4).
      await sleep(DEFAULT_RECONNECT_OPTIONS.stableAfterMs + 100);
      const before = await connects();
      const droppedAt = Date.now();
      expect(c.gateway.faults.dropAll(id), `drop ${i + 1} found the live connection`).toBe(1);
      await expect.poll(connects, { timeout: 10_000, interval: 10 }).toBe(before + 1);
      await waitForPicture(page, id);
      seenByTest.push(Date.now() - droppedAt);
      // When the gateway accepted the next console URL: the reconnect itself, before any drawing.
      const next = c.gateway
        .tokenLog()
        .find((e) => e.instanceId === id && e.outcome === 'accepted' && (e.usedAt ?? 0) >= droppedAt);
      reconnectedAfter.push(next!.usedAt! - droppedAt);
      // Drop → the first complete picture drawn again, as the reconnect machine timed it.
      restores.push(Number(await view.getAttribute('data-restored-ms')));
    }

    // The gateway's own log: 21 tokens for this instance, all different, each accepted exactly once,
    // each within 12 s of being issued (the gateway allows 15 s).
    // Only this test's tokens: other tests may have used the same instance.
    const log = c.gateway.tokenLog().filter((e) => e.instanceId === id && e.issuedAt >= startedAt);
    const accepted = log.filter((e) => e.outcome === 'accepted');
    expect(accepted).toHaveLength(21);
    expect(new Set(accepted.map((e) => e.tokenHash)).size).toBe(21);
    expect(log.filter((e) => e.outcome === 'reused' || e.outcome === 'expired')).toEqual([]);
    for (const e of accepted) {
      expect(e.usedAt).toBeDefined();
      expect(e.usedAt! - e.issuedAt).toBeLessThan(15_000);
      expect(e.usedAt! - e.issuedAt).toBeLessThan(12_000);
    }

    const ages = accepted.map((e) => e.usedAt! - e.issuedAt);
    console.log(`URL age when used: median ${percentile(ages, 50)} ms, max ${Math.max(...ages)} ms`);
    const summary = (xs: number[]) =>
      `median ${percentile(xs, 50)} ms, p95 ${percentile(xs, 95)} ms, max ${Math.max(...xs)} ms`;
    console.log(`restore over 20 drops — drop → next URL accepted: ${summary(reconnectedAfter)}`);
    console.log(`restore over 20 drops — drop → first complete picture: ${summary(restores)}`);
    console.log(`restore over 20 drops — drop → picture seen by the test: ${summary(seenByTest)}`);
    // An unintended drop is retried at once, not after a backoff step (≥ 0.8 s): the gateway's own
    // record of the next connect proves it. DESIGN §7's ≤ 300 ms median (drop → picture) is for the
    // benchmark; a loaded CI machine gets headroom here.
    expect(percentile(reconnectedAfter, 50)).toBeLessThan(500);
    expect(restores.every((ms) => ms > 0)).toBe(true);
    expect(percentile(restores, 95)).toBeLessThan(2000);

    // Main's log learnt how each link ended (an abrupt drop is 1006), and never saw a URL or token.
    await expect
      .poll(() => app.recorded.log.filter((r) => r['instanceId'] === id && r['code'] === 1006).length)
      .toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(app.recorded.log)).not.toMatch(/vnc\?s=|ws:\/\//);
    await close();
  });

  it('notices a black-holed link within 5 s and comes back', async () => {
    const { page, close } = await openAppPage(browser, server, app);
    const id = 'ins-demo0007';
    await tryDemo(page);
    await openConsole(page, id);
    await waitForPicture(page, id);
    const c = await cloud();
    // The first reconnect is refused too, so the overlay's countdown shows long enough to photograph.
    c.gateway.faults.refuseNext(1);
    const holedAt = Date.now();
    c.gateway.faults.blackHole(id);
    await expect.poll(() => phaseOf(page, id), { timeout: 6000, interval: 20 }).not.toBe('connected');
    const noticedMs = Date.now() - holedAt;
    console.log(`black hole noticed after ${noticedMs} ms`);
    expect(noticedMs).toBeLessThan(5000);

    await expect
      .poll(() => page.getByTestId('overlay-countdown').isVisible(), { timeout: 5000, interval: 20 })
      .toBe(true);
    expect(await page.getByTestId('overlay-title').textContent()).toMatch(/Reconnecting \(attempt \d+\)/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-reconnecting.png` });

    await waitForPicture(page, id, 10_000);
    expect(c.gateway.liveConnections(id)).toBeGreaterThanOrEqual(1);
    await close();
  });

  it('checks the link at once after system resume (main forwards powerMonitor resume)', async () => {
    const { page, bridge, close } = await openAppPage(browser, server, app);
    const id = 'ins-demo0003';
    await tryDemo(page);
    await openConsole(page, id);
    await waitForPicture(page, id);
    const c = await cloud();
    // A link that died during sleep: after resume the console probes with a short deadline (1 s)
    // instead of waiting for the idle probe.
    c.gateway.faults.blackHole(id);
    const resumedAt = Date.now();
    await bridge.emit('system:resume', { at: resumedAt });
    await expect.poll(() => phaseOf(page, id), { timeout: 5000, interval: 20 }).not.toBe('connected');
    const noticedMs = Date.now() - resumedAt;
    console.log(`after resume, dead link noticed in ${noticedMs} ms`);
    expect(noticedMs).toBeLessThan(1800);
    await waitForPicture(page, id, 10_000);
    await close();
  });

  it('says the instance stopped, offers Start, and reconnects by itself once it runs', async () => {
    const { page, close } = await openAppPage(browser, server, app);
    const id = 'ins-demo0008';
    await tryDemo(page);
    await openConsole(page, id);
    await waitForPicture(page, id);
    const c = await cloud();

    c.simulator.stopInstance(id);
    await waitForPhase(page, id, 'stopped', 10_000);
    expect(await page.getByTestId('overlay-title').textContent()).toContain('stopped');
    expect(await page.getByTestId('overlay-instance-state').textContent()).toBe('stopped');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-stopped.png` });

    await page.getByRole('button', { name: 'Start instance' }).click();
    // Start asks first, naming the instance.
    await page.getByTestId('start-confirm-yes').click();
    await expect
      .poll(() => page.getByTestId('overlay-title').textContent(), { timeout: 5000 })
      .toContain('Waiting for the instance');
    await waitForPicture(page, id, 20_000);
    expect(c.fleet.get(id)?.state).toBe('RUNNING');
    await close();
  });
});
