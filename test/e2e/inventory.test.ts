// The inventory in real Chromium against the demo cloud, over the real handler table (main's
// InventoryService streaming listings as events): a region that fails shows its error while the
// others list; Reboot and Stop/Start from the inventory with a console open on the instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppRig, type AppRig } from './harness/app-rig';
import type { DemoCloud } from '../../src-main/demo';
import { ENDPOINT_ENV_VAR } from '../../src-main/cloud/endpoints';
import {
  SCREENSHOT_DIR,
  consoleView,
  openAppPage,
  openConsole,
  phaseOf,
  selectInstance,
  tryDemo,
  waitForPhase,
  waitForPicture,
} from './console-helpers';

const FAILING = 'ap-tokyo';
const FAULT = 'AuthFailure.UnauthorizedOperation';

const count = (page: Page) => page.getByTestId('inventory-count').textContent();
const region = (page: Page, id: string) => page.locator(`[data-testid="region-status"][data-region="${id}"]`);
const rowState = (page: Page, id: string) =>
  page
    .locator(`[data-testid="inventory-row"][data-instance="${id}"] [data-testid="state-badge"]`)
    .getAttribute('data-state', { timeout: 1000 })
    .catch(() => null);

/** Chooses an action for the row under the cursor and confirms it in the dialog naming the instance. */
async function powerAction(page: Page, id: string, action: 'reboot' | 'stop' | 'start'): Promise<void> {
  await selectInstance(page, id);
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByTestId('power-dialog');
  await dialog.waitFor();
  // The confirmation names exactly the instance it applies to.
  expect(
    await dialog.getByTestId('power-target').evaluateAll((els) => els.map((e) => e.dataset['instance'])),
  ).toEqual([id]);
  await dialog.getByTestId('power-confirm').click();
  await expect
    .poll(() => dialog.getByTestId('power-status').getAttribute('data-phase'), { timeout: 10_000 })
    .toMatch(/accepted|settled/);
}

describe('the inventory in Chromium against the demo cloud', () => {
  let rig: AppRig;
  let cloud: () => Promise<DemoCloud>;

  beforeAll(async () => {
    rig = await startAppRig({
      cloud: {
        failRegions: { [FAILING]: FAULT },
        transitions: { rebootMs: 2500, stopMs: 1500, startMs: 1500 },
      },
    });
    cloud = async () => {
      const c = await rig.app.demo.cloud();
      if (!c) throw new Error('the demo cloud has not started');
      return c;
    };
  });
  afterAll(() => rig?.close());

  it('a region that fails shows its error and Retry while the others list', async () => {
    const { page, pageErrors, close } = await openAppPage(rig.browser, rig.server, rig.app, {
      // The README's screenshot (assets/screenshots/inventory.png is a copy of it).
      viewport: { width: 1280, height: 720 },
    });
    await tryDemo(page);
    await expect.poll(() => count(page), { timeout: 20_000 }).toMatch(/ · 17 of 18 regions$/);
    const c = await cloud();
    const all = c.fleet.size;
    const inTokyo = c.fleet.inRegion(FAILING).length;
    expect(inTokyo).toBeGreaterThan(0);
    const listed = (all - inTokyo).toLocaleString('en-US');
    expect(await count(page)).toBe(`${listed} of ${listed} · 17 of 18 regions`);
    expect(await region(page, FAILING).getAttribute('data-status')).toBe('error');
    expect(await region(page, FAILING).getByTestId('region-error').textContent()).toBe(FAULT);
    expect(await page.locator('[data-testid="region-status"][data-status="ok"]').count()).toBe(17);
    // Never silently dropped: the region is named, with its error, and nothing else is missing.
    await page.getByTestId('inventory-search').fill('ins-demo0007');
    expect(await page.getByTestId('inventory-row').count()).toBe(0);

    // The policy is fixed: Retry lists that region alone, and its rows appear.
    c.simulator.failRegion(FAILING, null);
    await region(page, FAILING).getByTestId('region-retry').click();
    await expect
      .poll(() => region(page, FAILING).getAttribute('data-status'), { timeout: 10_000 })
      .toBe('ok');
    await expect.poll(() => page.getByTestId('inventory-row').count()).toBe(1);
    const total = all.toLocaleString('en-US');
    expect(await count(page)).toBe(`1 of ${total} · 18 of 18 regions`);
    await page.getByTestId('inventory-search').fill('');
    await expect.poll(() => count(page)).toBe(`${total} of ${total} · 18 of 18 regions`);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/inventory.png` });
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('Reboot: REBOOTING, then RUNNING, while the console stays open and recovers by itself', async () => {
    const { page, pageErrors, close } = await openAppPage(rig.browser, rig.server, rig.app);
    const id = 'ins-demo0002';
    await tryDemo(page);
    await openConsole(page, id);
    await waitForPicture(page, id);

    await powerAction(page, id, 'reboot');
    // The inventory follows the transitional state by itself until it settles.
    await expect.poll(() => rowState(page, id), { timeout: 10_000, interval: 50 }).toBe('REBOOTING');
    await expect.poll(() => rowState(page, id), { timeout: 20_000 }).toBe('RUNNING');
    // The console lost its link with the reboot and came back without anyone asking.
    expect(await phaseOf(page, id)).not.toBeNull();
    await page.getByTestId('power-close').click();
    await page.locator(`[data-testid="console-tab"][data-instance="${id}"] [role="tab"]`).click();
    await waitForPicture(page, id, 20_000);
    await waitForPhase(page, id, 'connected');
    const c = await cloud();
    expect(c.fleet.get(id)?.state).toBe('RUNNING');
    // More than the first connection: it reconnected after the reboot.
    expect(
      c.gateway.tokenLog().filter((e) => e.instanceId === id && e.outcome === 'accepted').length,
    ).toBeGreaterThan(1);
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('Stop with a confirmation, then Start from the stopped console', async () => {
    const { page, pageErrors, close } = await openAppPage(rig.browser, rig.server, rig.app);
    const id = 'ins-demo0001';
    await tryDemo(page);
    await openConsole(page, id);
    await waitForPicture(page, id);

    await powerAction(page, id, 'stop');
    await expect.poll(() => rowState(page, id), { timeout: 20_000 }).toBe('STOPPED');
    await page.getByTestId('power-close').click();
    await page.locator(`[data-testid="console-tab"][data-instance="${id}"] [role="tab"]`).click();
    await waitForPhase(page, id, 'stopped', 15_000);
    const overlay = consoleView(page, id).getByTestId('console-overlay');
    expect(await overlay.getByTestId('overlay-instance-state').textContent()).toBe('stopped');

    await overlay.getByRole('button', { name: 'Start instance' }).click();
    await page.getByTestId('start-confirm-yes').click(); // Start asks first, naming the instance
    await waitForPicture(page, id, 20_000);
    expect((await cloud()).fleet.get(id)?.state).toBe('RUNNING');
    // The inventory saw the start too.
    await page.getByTestId('tab-inventory').click();
    await expect.poll(() => rowState(page, id), { timeout: 20_000 }).toBe('RUNNING');
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('All profiles lists two profiles together, each row naming its profile', async () => {
    await rig.app.demo.client();
    const c = await cloud();
    // A key profile reaching the demo cloud as a real account would (its endpoint from the environment).
    const saved = process.env[ENDPOINT_ENV_VAR];
    process.env[ENDPOINT_ENV_VAR] = c.endpoint;
    const { page, pageErrors, close } = await openAppPage(rig.browser, rig.server, rig.app);
    try {
      const { secretId, secretKey } = c.credentials;
      await rig.app.keyProfiles.create({
        kind: 'keys',
        name: 'Second account',
        site: 'china',
        defaultRegion: 'ap-guangzhou',
        secretId,
        secretKey,
      });
      await tryDemo(page);
      // The next run: the switcher knows the new profile, and the demo cloud is shown again.
      await page.reload();
      // Every region answers here (the first test made Tokyo fail, then healed it).
      c.simulator.failRegion(FAILING, null);
      const listed = c.fleet.size.toLocaleString('en-US');
      await expect
        .poll(() => count(page), { timeout: 20_000 })
        .toBe(`${listed} of ${listed} · 18 of 18 regions`);

      await page.getByTestId('profile-select').selectOption('*');
      const twice = (2 * c.fleet.size).toLocaleString('en-US');
      await expect
        .poll(() => count(page), { timeout: 30_000 })
        .toBe(`${twice} of ${twice} · 36 of 36 regions`);
      // The same instance, once per profile: each row names its profile.
      const id = 'ins-demo0001';
      const profilesOf = () =>
        page
          .locator(`[data-testid="inventory-row"][data-instance="${id}"] .c-profile`)
          .evaluateAll((els) => els.map((e) => e.textContent?.trim()).sort());
      await page.getByTestId('inventory-search').fill(id);
      await expect.poll(profilesOf).toEqual(['Demo cloud', 'Second account']);
      // A profile chip narrows the table to that profile.
      const second = rig.app.keyProfiles.list().find((p) => p.name === 'Second account')!.id;
      await page.locator(`[data-testid="chip-profile"][data-value="${second}"]`).click();
      await expect.poll(profilesOf).toEqual(['Second account']);

      // Choosing one profile again shows only its rows.
      await page.getByTestId('profile-select').selectOption(second);
      await page.getByTestId('inventory-search').fill('');
      await expect
        .poll(() => count(page), { timeout: 20_000 })
        .toBe(`${listed} of ${listed} · 18 of 18 regions`);
      expect(pageErrors).toEqual([]);
    } finally {
      await close();
      if (saved === undefined) delete process.env[ENDPOINT_ENV_VAR];
      else process.env[ENDPOINT_ENV_VAR] = saved;
    }
  });
});
