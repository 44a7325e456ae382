// Quick connect and links in the real renderer: Ctrl+K, part of a name, Enter → the console
// connects; a cvm-console:// link carried through main's own pipeline (parse, find the owning
// profile, deliver) and the bridge opens its console as a tab; a bad link only shows its message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { MenuItemConstructorOptions } from 'electron';
import { trayMenuTemplate } from '../../src-main/desktop/tray-menu';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import { parseConnectLink } from '../../src-main/desktop/connect-link';
import { deliverLink, profileLinkSources } from '../../src-main/desktop/link-target';
import {
  SCREENSHOT_DIR,
  consoleView,
  openAppPage,
  phaseOf,
  tryDemo,
  waitForPicture,
} from './console-helpers';

describe('quick connect and links', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let rig: AppRig;

  beforeAll(async () => {
    rig = await startAppRig();
    ({ app, server, browser } = rig);
  });
  afterAll(() => rig?.close());

  /** What main does with a link the OS handed over, up to the event it sends the main window. */
  const delivered = (url: string) => deliverLink(parseConnectLink(url), profileLinkSources(app.profiles));

  it('Ctrl+K, part of a name, Enter: the console connects, with no mouse', async () => {
    const { page, bridge, pageErrors, close } = await openAppPage(browser, server, app);
    await page.keyboard.press('Control+K');
    const input = page.getByTestId('palette-input');
    await expect.poll(() => input.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('api-stag');
    const first = page.getByTestId('palette-row').first();
    await expect.poll(() => first.textContent(), { timeout: 15_000 }).toContain('ins-demo0002');
    // assets/screenshots/quick-connect.png in the README is a copy of it.
    await page.getByTestId('palette').screenshot({ path: `${SCREENSHOT_DIR}/quick-connect-palette.png` });
    await page.keyboard.press('Enter');
    await waitForPicture(page, 'ins-demo0002');
    expect(await page.getByTestId('palette').count()).toBe(0);
    // The palette searched the inventory's cache (no listing of its own: the list's was fresh);
    // the console asked for its one-time URL itself.
    expect(bridge.calls.filter((c) => c.channel === 'inventory:cached').map((c) => c.input)).toContainEqual({
      profileId: 'demo',
    });
    expect(bridge.calls.filter((c) => c.channel === 'instances:list')).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('a link delivered through the bridge opens its console as a tab', async () => {
    const { page, bridge, pageErrors, close } = await openAppPage(browser, server, app);
    await expect.poll(() => page.getByTestId('app-version').count(), { timeout: 15_000 }).toBe(1);
    // No region in the link: the demo profile's key finds it by asking its regions.
    const delivery = await delivered('cvm-console://connect?instance=ins-demo0003&profile=demo');
    expect(delivery).toEqual({
      ref: { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0003' },
      title: 'ins-demo0003',
    });
    await bridge.emit('links:connect', delivery);
    await waitForPicture(page, 'ins-demo0003');
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('the app menu commands reach their actions: refresh, Type text, reconnect, close tab, new console', async () => {
    const { page, bridge, pageErrors, close } = await openAppPage(browser, server, app);
    await tryDemo(page);
    await bridge.emit('links:connect', {
      ref: { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0003' },
      title: 'ins-demo0003',
    });
    await waitForPicture(page, 'ins-demo0003');
    const lists = () => bridge.calls.filter((c) => c.channel === 'inventory:list').length;
    const before = lists();
    await bridge.emit('app:command', { command: 'refresh-inventory' });
    await expect.poll(lists).toBe(before + 1);
    await bridge.emit('app:command', { command: 'type-text' });
    await expect.poll(() => page.getByTestId('type-text-dialog').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('type-text-dialog').count()).toBe(0);
    // Reconnect acts as the toolbar's does: on a console that is not connected (here: disconnected).
    await page.getByTestId('disconnect').click();
    await expect.poll(() => phaseOf(page, 'ins-demo0003')).toBe('idle');
    const urls = () => bridge.calls.filter((c) => c.channel === 'console:issueUrl').length;
    const issued = urls();
    await bridge.emit('app:command', { command: 'reconnect' });
    await expect.poll(urls).toBeGreaterThan(issued);
    await waitForPicture(page, 'ins-demo0003');
    await bridge.emit('app:command', { command: 'close-tab' });
    await expect.poll(() => consoleView(page, 'ins-demo0003').count()).toBe(0);
    await bridge.emit('app:command', { command: 'new-console' });
    await expect
      .poll(() =>
        page.getByTestId('inventory-search').evaluate((el) => el === el.ownerDocument.activeElement),
      )
      .toBe(true);
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('a bad link shows its message and opens nothing', async () => {
    const { page, bridge, close } = await openAppPage(browser, server, app);
    await expect.poll(() => page.getByTestId('app-version').count(), { timeout: 15_000 }).toBe(1);
    for (const [url, says] of [
      ['cvm-console://connect?instance=ins-demo0003&secretKey=abc', 'never takes keys from links'],
      ['cvm-console://connect?instance=ins-zzzzzzzz&profile=demo', 'No instance ins-zzzzzzzz'],
    ] as const) {
      const delivery = await delivered(url);
      await bridge.emit('links:connect', delivery);
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain(says);
    }
    expect(await consoleView(page, 'ins-demo0003').count()).toBe(0);
    expect(bridge.calls.filter((c) => c.channel === 'console:issueUrl')).toEqual([]);
    await close();
  });
});

describe('the tray menu', () => {
  let rig: AppRig;
  beforeAll(async () => {
    rig = await startAppRig();
  });
  afterAll(() => rig?.close());

  /** A native menu as HTML: headers (disabled items) dim, separators as rules, submenus with ▸. */
  function menuHtml(items: readonly MenuItemConstructorOptions[]): string {
    const esc = (t: string) => t.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    const rows = items.map((i) =>
      i.type === 'separator'
        ? '<hr>'
        : `<div class="${i.enabled === false ? 'head' : 'item'}">${esc(String(i.label))}${i.submenu ? '<span>▸</span>' : ''}</div>`,
    );
    return `<style>body{margin:0;padding:12px;background:#dfe3e8;font:14px system-ui,sans-serif}
      .menu{display:inline-block;min-width:330px;background:#fff;border:1px solid #b8bec6;border-radius:6px;padding:4px 0;box-shadow:0 6px 18px #0003}
      .item,.head{padding:4px 22px;display:flex;justify-content:space-between;gap:24px;white-space:pre}
      .head{color:#8a9099;font-size:12px}hr{border:0;border-top:1px solid #e1e4e8;margin:4px 0}</style>
      <div class="menu" data-testid="tray-menu">${rows.join('')}</div>`;
  }

  it('is rendered from its template over the demo cloud (the README picture)', async () => {
    const instances = await rig.app.handlers['instances:list']({ profileId: 'demo' });
    const profiles = rig.app.profiles.list();
    const now = Date.now();
    const template = trayMenuTemplate(
      {
        instances: instances.map((i, n) => ({
          profileId: 'demo',
          region: i.region,
          instanceId: i.instanceId,
          name: i.name,
          state: i.state,
          ...(i.instanceId === 'ins-demo0001' ? { favourite: true } : {}),
          ...(i.instanceId === 'ins-demo0003' ? { openedAt: now - n } : {}),
        })),
        profiles,
        defaultProfileId: 'demo',
        consoles: [
          {
            ref: { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0002' },
            phase: 'reconnecting',
          },
        ],
        maxRunning: 6,
        platform: 'linux',
      },
      { openConsole() {}, quickConnect() {}, showWindow() {}, quit() {} },
    );
    const page = await rig.browser.newPage({ viewport: { width: 420, height: 520 } });
    await page.setContent(menuHtml(template));
    const text = await page.getByTestId('tray-menu').innerText();
    expect(text).toContain('Favourites');
    expect(text).toContain('web-prod-01');
    expect(text).toContain('Quick connect…');
    expect(text).toContain('Show CVM Console');
    expect(text).toMatch(/more… \(quick connect\)/);
    // assets/screenshots/tray-menu.png in the README is a copy of it.
    await page.getByTestId('tray-menu').screenshot({ path: `${SCREENSHOT_DIR}/tray-menu.png` });
    await page.close();
  });
});
