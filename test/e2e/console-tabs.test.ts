// Several consoles at once (tabs that reconnect independently), Detach into a window of its own and
// the hash route that window loads, the user's own Disconnect, the VNC password hint, and the
// web-console button's reason for being unavailable in the demo cloud.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import type { DemoCloud } from '../../src-main/demo';
import { DEFAULT_RECONNECT_OPTIONS } from '../../src-renderer/console/reconnect-types';
import {
  SCREENSHOT_DIR,
  consoleView,
  openAppPage,
  OPEN_BUTTON,
  openConsole,
  selectInstance,
  phaseOf,
  tryDemo,
  waitForPhase,
  waitForPicture,
} from './console-helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('console tabs and windows', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let cloud: DemoCloud;

  let rig: AppRig;

  beforeAll(async () => {
    rig = await startAppRig();
    ({ app, server, browser } = rig);
  });
  afterAll(() => rig?.close());

  const accepted = (id: string) =>
    cloud.gateway.tokenLog().filter((e) => e.instanceId === id && e.outcome === 'accepted').length;

  it('keeps two consoles as tabs that reconnect independently, and detaches one into its own window', async () => {
    const { page, bridge, pageErrors, close } = await openAppPage(browser, server, app);
    await tryDemo(page);
    cloud = (await app.demo.cloud())!;
    const [a, b] = ['ins-demo0002', 'ins-demo0006'];
    await openConsole(page, a);
    await waitForPicture(page, a);
    // Resting the pointer on Open fetches the URL ahead of the click; the click then uses it.
    await selectInstance(page, b);
    const openB = page.locator(OPEN_BUTTON);
    await openB.hover();
    await expect
      .poll(() => bridge.calls.filter((c) => c.channel === 'console:issueUrl').length, { timeout: 3000 })
      .toBe(2);
    await openB.click();
    // ins-demo0006 asks for a VNC password: the URL's hint answers it without a prompt.
    await waitForPicture(page, b);
    expect(bridge.calls.filter((c) => c.channel === 'console:issueUrl')).toHaveLength(2);
    expect(cloud.gateway.tokenLog().filter((e) => e.instanceId === b)).toHaveLength(1);
    expect(accepted(b)).toBe(1);
    expect(await page.getByTestId('console-tab').count()).toBe(2);
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain('vault-prod-01');
    // Two live consoles as tabs (assets/screenshots/console.png in the README is a copy of it;
    // tests never write into the tracked tree).
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-tabs.png` });

    // Dropping b's link reconnects b only; a keeps its one connection.
    const aBefore = accepted(a);
    const bBefore = accepted(b);
    // A connection that stayed up stableAfterMs counts as stable: its drop is retried at once.
    await sleep(DEFAULT_RECONNECT_OPTIONS.stableAfterMs + 100);
    expect(cloud.gateway.faults.dropAll(b)).toBe(1);
    await expect.poll(() => accepted(b), { timeout: 10_000 }).toBe(bBefore + 1);
    await waitForPhase(page, b, 'connected');
    expect(accepted(a)).toBe(aBefore);
    expect(await phaseOf(page, a)).toBe('connected');

    // Switching tabs keeps both connected (hidden tabs stay live).
    await page.locator(`[data-testid="console-tab"][data-instance="${a}"] [role="tab"]`).click();
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain('api-staging-01');
    expect(await phaseOf(page, b)).toBe('connected');

    // Detach a: main is asked for a window with its ref and title, and the tab goes away.
    await page
      .locator(`[data-testid="console-tab"][data-instance="${a}"] [data-testid="tab-detach"]`)
      .click();
    await expect.poll(() => app.recorded.consoleWindows.length).toBe(1);
    const detached = app.recorded.consoleWindows[0]!;
    expect(detached).toEqual({
      ref: { profileId: 'demo', region: 'ap-guangzhou', instanceId: a },
      title: 'api-staging-01',
    });
    await expect.poll(() => page.getByTestId('console-tab').count()).toBe(1);
    expect(await consoleView(page, a).count()).toBe(0);

    // What main's window loads: the hash route shows just that console, connected on its own.
    const { ref } = detached;
    const win = await openAppPage(browser, server, app, {
      hash: `#/console/${ref.profileId}/${ref.region}/${ref.instanceId}`,
      viewport: { width: 900, height: 560 },
    });
    await waitForPicture(win.page, a);
    await expect.poll(() => win.page.title()).toBe('api-staging-01 — CVM Console');
    expect(await win.page.getByTestId('inventory').count()).toBe(0);
    expect(await win.page.getByTestId('console-tabs').count()).toBe(0);
    await win.page.screenshot({ path: `${SCREENSHOT_DIR}/console-detached.png` });
    expect(win.pageErrors).toEqual([]);
    await win.close();

    expect(pageErrors).toEqual([]);
    await close();
  });

  it('stays disconnected after the user disconnects, reconnects on request, and says why the demo has no web console', async () => {
    const { page, bridge, close } = await openAppPage(browser, server, app);
    await tryDemo(page);
    cloud = (await app.demo.cloud())!;
    const id = 'ins-demo0001';
    await openConsole(page, id);
    await waitForPicture(page, id);

    const before = accepted(id);
    const urlRequests = () => bridge.calls.filter((c) => c.channel === 'console:issueUrl').length;
    const closeReports = () =>
      app.recorded.log.filter((r) => r['instanceId'] === id && r['event'] === 'console-closed').length;
    const requested = urlRequests();
    const reported = closeReports();
    await page.getByTestId('disconnect').click();
    await waitForPhase(page, id, 'idle');
    expect(await page.getByTestId('overlay-title').textContent()).toBe('Disconnected');
    // The renderer has seen its link close: it reports that to main's log from the socket's close
    // event, after noVNC's own handling, where a drop would have asked for a new URL at once.
    await expect.poll(closeReports, { timeout: 10_000 }).toBe(reported + 1);
    expect(urlRequests()).toBe(requested);
    expect(accepted(id)).toBe(before);
    expect(cloud.gateway.liveConnections(id)).toBe(0);
    expect(await phaseOf(page, id)).toBe('idle');

    await page.getByTestId('reconnect').click();
    await waitForPicture(page, id);
    expect(accepted(id)).toBe(before + 1);

    // The demo cloud has no Tencent web console: the button says why before anyone clicks it.
    await page.getByTestId('more-menu').click();
    expect(await page.getByTestId('web-console').isDisabled()).toBe(true);
    expect(await page.getByTestId('web-console-reason').textContent()).toContain(
      'demo cloud has no Tencent web console',
    );
    expect(app.recorded.external).toEqual([]);
    await close();
  });
});
