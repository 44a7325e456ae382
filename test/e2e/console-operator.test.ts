// The console and workspace as an operator meets them (issue 14), in Chromium against the demo
// cloud: the keyboard given back without the mouse, tabs chosen from the keyboard not taking it,
// twelve tabs with the active one in view and the overflow menu, and the toolbar on one row at 800 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import {
  SCREENSHOT_DIR,
  consoleView,
  openAppPage,
  openConsole,
  phaseOf,
  tryDemo,
  waitForPhase,
  waitForPicture,
} from './console-helpers';

const HOME_KEYSYM = 0xff50;

async function keyboardState(page: Page, id: string): Promise<string | null> {
  return consoleView(page, id).getAttribute('data-keyboard');
}

async function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: { activeElement: { getAttribute(n: string): string | null } | null };
      }
    ).document;
    return doc.activeElement?.getAttribute('data-testid') ?? null;
  });
}

/** The box of a locator, or fails. */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

describe('the console as an operator meets it', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let rig: AppRig;

  beforeAll(async () => {
    rig = await startAppRig();
    ({ app, server, browser } = rig);
  });
  afterAll(() => rig?.close());

  it('gives the keyboard back on Ctrl+Alt+Home without the mouse; a tab chosen from the keyboard does not take it', async () => {
    const { page, pageErrors, close } = await openAppPage(browser, server, app);
    await tryDemo(page);
    const id = 'ins-demo0002';
    await openConsole(page, id);
    await waitForPicture(page, id);
    const vnc = (await app.demo.cloud())!.vncServer(id)!;

    // Connected: the console takes the keyboard, and says so with the chord that gives it back.
    await expect.poll(() => keyboardState(page, id)).toBe('captured');
    expect(await page.getByTestId('release-chord').textContent()).toBe('Ctrl+Alt+Home');
    await page.keyboard.type('ab');
    await expect.poll(() => vnc.typedText()).toBe('ab');

    await page.keyboard.press('Control+Alt+Home');
    await expect.poll(() => keyboardState(page, id)).toBe('released');
    expect(await focusedTestId(page)).toBe('keyboard-capture');
    // The chord never reached the instance, and the modifiers it saw go down came up again.
    const events = vnc.keyEvents();
    expect(events.some((k) => k.keysym === HOME_KEYSYM)).toBe(false);
    const held = new Map<number, boolean>();
    for (const k of events) held.set(k.keysym, k.down);
    expect([...held.values()].every((down) => !down)).toBe(true);

    // Tab now moves through the app, and typing reaches nothing.
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('ctrl-alt-del');
    await page.keyboard.type('x');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe('keyboard-capture');
    // Enter on the Keyboard button gives it to the console again.
    await page.keyboard.press('Enter');
    await expect.poll(() => keyboardState(page, id)).toBe('captured');
    await page.keyboard.type('c');
    await expect.poll(() => vnc.typedText()).toBe('abc');

    // A second console; back to the first with the arrow keys: the keyboard stays on the tab bar.
    const other = 'ins-demo0001';
    await openConsole(page, other);
    await waitForPicture(page, other);
    await page.keyboard.press('Control+Alt+Home');
    await expect.poll(() => keyboardState(page, other)).toBe('released');
    await page
      .locator(`#tab-demo\\/ap-guangzhou\\/${other}`)
      .focus()
      .catch(async () => {
        await page.getByRole('tab', { selected: true }).focus();
      });
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => page.getByRole('tab', { selected: true }).textContent())
      .toContain('api-staging-01');
    await page.keyboard.type('q');
    await new Promise((r) => setTimeout(r, 300));
    expect(await keyboardState(page, id)).toBe('released');
    expect(vnc.typedText()).toBe('abc');
    expect(await focusedTestId(page)).toBe('console-tab-label');
    // Delete closes the focused tab from the tab bar.
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('console-tab').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('runs the menu shortcuts from the keyboard; a console holding the keyboard gives up only Ctrl+Shift+V and Ctrl+Shift+R', async () => {
    const { page, bridge, pageErrors, close } = await openAppPage(browser, server, app);
    await tryDemo(page);
    const count = (channel: string) => () => bridge.calls.filter((c) => c.channel === channel).length;
    const lists = count('inventory:list');
    const urls = count('console:issueUrl');

    // Outside a console every chord runs its command: F5 refreshes, Ctrl+K opens quick connect.
    await page.getByTestId('inventory-search').focus();
    const listed = lists();
    await page.keyboard.press('F5');
    await expect.poll(lists).toBe(listed + 1);
    await page.keyboard.press('Control+K');
    await expect.poll(() => page.getByTestId('palette').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('palette').count()).toBe(0);

    const id = 'ins-demo0003';
    await openConsole(page, id);
    await waitForPicture(page, id);
    const vnc = (await app.demo.cloud())!.vncServer(id)!;
    await expect.poll(() => keyboardState(page, id)).toBe('captured');
    const heldDown = (): number[] => {
      const held = new Map<number, boolean>();
      for (const k of vnc.keyEvents()) held.set(k.keysym, k.down);
      return [...held].filter(([, down]) => down).map(([keysym]) => keysym);
    };

    // The console holds the keyboard: Ctrl+Shift+V is the app's (Type text opens), and the
    // instance never sees the V, nor Ctrl and Shift left held.
    await page.keyboard.press('Control+Shift+V');
    await expect.poll(() => page.getByTestId('type-text-dialog').count()).toBe(1);
    expect(vnc.keyEvents().some((k) => k.keysym === 0x56 || k.keysym === 0x76)).toBe(false);
    expect(heldDown()).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('type-text-dialog').count()).toBe(0);

    // Ctrl+Shift+R is the app's too (a connected console has nothing to reconnect: no new URL).
    await page.getByTestId('keyboard-capture').click();
    await expect.poll(() => keyboardState(page, id)).toBe('captured');
    const issued = urls();
    await page.keyboard.press('Control+Shift+R');
    await new Promise((r) => setTimeout(r, 300));
    expect(vnc.keyEvents().some((k) => k.keysym === 0x52 || k.keysym === 0x72)).toBe(false);
    expect(heldDown()).toEqual([]);
    expect(urls()).toBe(issued);

    // Ctrl+W, Ctrl+T, Ctrl+K and F5 belong to the instance while it holds the keyboard.
    const before = vnc.keyEvents().length;
    const listedNow = lists();
    for (const chord of ['Control+w', 'Control+t', 'Control+k', 'F5']) await page.keyboard.press(chord);
    await expect
      .poll(() =>
        vnc
          .keyEvents()
          .slice(before)
          .filter((k) => k.down)
          .map((k) => k.keysym),
      )
      .toEqual([0xffe3, 0x77, 0xffe3, 0x74, 0xffe3, 0x6b, 0xffc2]);
    expect(await consoleView(page, id).count()).toBe(1);
    expect(await page.getByTestId('palette').count()).toBe(0);
    expect(lists()).toBe(listedNow);

    // Given back (Ctrl+Alt+Home), the keyboard runs every chord: Disconnect, Ctrl+Shift+R
    // reconnects, Ctrl+W closes the tab, Ctrl+T brings the instance list's search box.
    await page.keyboard.press('Control+Alt+Home');
    await expect.poll(() => keyboardState(page, id)).toBe('released');
    await page.getByTestId('disconnect').click();
    await expect.poll(() => phaseOf(page, id)).toBe('idle');
    await page.getByTestId('keyboard-capture').focus();
    await page.keyboard.press('Control+Shift+R');
    await expect.poll(urls).toBeGreaterThan(issued);
    await waitForPicture(page, id);
    await page.keyboard.press('Control+Alt+Home');
    await expect.poll(() => keyboardState(page, id)).toBe('released');
    await page.keyboard.press('Control+W');
    await expect.poll(() => consoleView(page, id).count()).toBe(0);
    await page.keyboard.press('Control+T');
    await expect.poll(() => focusedTestId(page)).toBe('inventory-search');
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('names the gateway’s HTTP 503 in plain words after three refused handshakes', async () => {
    const { page, pageErrors, close } = await openAppPage(browser, server, app, { handshakes: true });
    await tryDemo(page);
    const id = 'ins-demo0002';
    await openConsole(page, id);
    await waitForPicture(page, id);
    const cloud = (await app.demo.cloud())!;
    cloud.gateway.faults.refuseNext(6);
    cloud.gateway.faults.dropAll(id);
    const view = consoleView(page, id);
    await expect
      .poll(() => view.getByTestId('overlay-copy-diagnostics').count(), { timeout: 30_000 })
      .toBe(1);
    await expect
      .poll(() => view.getByTestId('overlay-detail').textContent())
      .toMatch(/gateway refused the connection with HTTP 503/);
    // The raw figure is under Details too; the headline carries no code.
    expect(await view.getByTestId('overlay-title').textContent()).not.toMatch(/503/);
    cloud.gateway.faults.refuseNext(0);
    await waitForPhase(page, id, 'connected', 60_000);
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('with twelve tabs keeps the active one in view, lists all in the overflow menu, and counts them by state', async () => {
    const { page, close } = await openAppPage(browser, server, app);
    await tryDemo(page);
    const ids = await page
      .getByTestId('inventory-row')
      .evaluateAll((rows) => rows.slice(0, 12).map((r) => r.getAttribute('data-instance')!));
    expect(ids).toHaveLength(12);
    for (const id of ids) {
      await openConsole(page, id);
      await expect.poll(() => consoleView(page, id).count(), { timeout: 15_000 }).toBe(1);
    }
    await expect.poll(() => page.getByTestId('console-tab').count()).toBe(12);
    await expect.poll(() => page.getByTestId('tabs-overflow').count()).toBe(1);

    const strip = page.getByTestId('console-tabs');
    const inView = async (id: string): Promise<boolean> => {
      const s = await box(strip);
      const t = await box(page.locator(`[data-testid="console-tab"][data-instance="${id}"]`));
      return t.x >= s.x - 1 && t.x + t.width <= s.x + s.width + 1;
    };
    // The last opened is active and in view; the first is scrolled out of it.
    await expect.poll(() => inView(ids[11]!)).toBe(true);
    expect(await inView(ids[0]!)).toBe(false);

    // The overflow menu lists every tab with its state; choosing the first brings it into view.
    await page.getByTestId('tabs-menu').click();
    const items = page.getByTestId('tabs-menu-item');
    expect(await items.count()).toBe(12);
    expect(await items.first().textContent()).toMatch(
      /Connected|Connecting|Instance stopped|Not connected|Failed/,
    );
    await items.first().click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).getAttribute('id')).toContain(ids[0]!);
    await expect.poll(() => inView(ids[0]!)).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-twelve-tabs.png` });

    // The status bar counts by state, and the counts add up to the twelve tabs.
    const summary = (await page.getByTestId('tab-summary').textContent())!;
    expect(summary).toMatch(/^\d+ (connected|connecting|stopped|not connected|failed)( · \d+ [a-z ]+)*$/);
    expect(summary.split(' · ').reduce((n, part) => n + Number(part.split(' ')[0]), 0)).toBe(12);
    await close();
  });

  it('at 800×600 the toolbar stays on one row', async () => {
    const { page, close } = await openAppPage(browser, server, app, {
      viewport: { width: 800, height: 600 },
    });
    await tryDemo(page);
    const id = 'ins-demo0002';
    await openConsole(page, id);
    await waitForPhase(page, id, 'connected');
    const toolbar = consoleView(page, id).getByTestId('console-toolbar');
    await expect.poll(() => toolbar.getAttribute('data-drawn')).toBe('true');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-800.png` });
    const tops = await toolbar
      .locator('button, select')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThan(8);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(2);
    // Every control inside the window: nothing cut off at its right edge.
    const right = await toolbar
      .locator('button, select')
      .evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(800);
    expect((await box(consoleView(page, id))).width).toBeLessThanOrEqual(800);
    await close();
  });
  // Last in this file: the instance stays terminated in the shared demo cloud.
  it('an instance deleted while its console is open: the console says it is gone, offers Refresh list and Close tab; the list updates', async () => {
    const { page, pageErrors, close } = await openAppPage(browser, server, app);
    await tryDemo(page);
    const id = 'ins-demo0005';
    const cloud = (await app.demo.cloud())!;
    if (cloud.fleet.get(id)?.state !== 'RUNNING') cloud.simulator.setState(id, 'RUNNING');
    await openConsole(page, id);
    await waitForPicture(page, id);
    cloud.simulator.setState(id, 'TERMINATED');
    await waitForPhase(page, id, 'gone', 30_000);
    const view = consoleView(page, id);
    expect(await view.getByTestId('overlay-title').textContent()).toMatch(/no longer exists|gone|deleted/i);
    expect(await view.getByTestId('overlay-refresh-list').count()).toBe(1);
    expect(await view.getByTestId('overlay-close-tab').count()).toBe(1);
    // The list was refreshed once by itself: its row says what the API now says.
    const row = page.locator(`[data-testid="inventory-row"][data-instance="${id}"]`);
    const rowState = async (): Promise<string> =>
      (await row.count()) === 0
        ? 'absent'
        : ((await row.getByTestId('state-badge').getAttribute('data-state')) ?? '');
    await expect.poll(rowState, { timeout: 15_000 }).toMatch(/^(TERMINATED|absent)$/);
    // Refresh list asks again; Close tab closes the console.
    await view.getByTestId('overlay-refresh-list').click();
    await expect.poll(rowState).toMatch(/^(TERMINATED|absent)$/);
    await view.getByTestId('overlay-close-tab').click();
    await expect.poll(() => consoleView(page, id).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await close();
  });
});
