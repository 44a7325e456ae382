// The same connect path, through the demo gateway, to a real VNC server: TigerVNC's Xvnc. Proves
// the console is not tuned to our own built-in server (encodings, ExtendedDesktopSize, resize).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import {
  SCREENSHOT_DIR,
  canvasStats,
  consoleView,
  openAppPage,
  openConsole,
  tryDemo,
  waitForPicture,
} from './console-helpers';
import { startXvnc, type RunningXvnc } from '../support/xvnc';

describe('the console against a real TigerVNC Xvnc', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let xvnc: RunningXvnc | undefined;

  let rig: AppRig;

  beforeAll(async () => {
    xvnc = await startXvnc({ geometry: '1024x768', retro: true });
    rig = await startAppRig();
    ({ app, server, browser } = rig);
  });
  afterAll(async () => {
    await rig?.close();
    await xvnc?.stop();
  });

  it('connects through the gateway, draws Xvnc’s screen and resizes it remotely', async () => {
    const { page, pageErrors, close } = await openAppPage(browser, server, app.handlers);
    const id = 'ins-demo0003';
    await tryDemo(page); // starts the demo cloud
    const cloud = (await app.demo.cloud())!;
    cloud.setBackend(id, { kind: 'tcp', host: '127.0.0.1', port: xvnc!.port });

    await openConsole(page, id);
    const stats = await waitForPicture(page, id);
    expect(stats.width).toBe(1024);
    expect(stats.height).toBe(768);
    // The stipple root window: about half the pixels differ from the most common colour.
    expect(stats.foreground).toBeGreaterThan(1024 * 768 * 0.2);
    expect(
      cloud.gateway.tokenLog().filter((e) => e.instanceId === id && e.outcome === 'accepted'),
    ).toHaveLength(1);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-xvnc.png` });

    // Xvnc speaks ExtendedDesktopSize, so remote resize is offered, and it works.
    const remote = page.locator('[data-testid="scale-mode"] option[value="remote"]');
    await expect.poll(() => remote.isDisabled()).toBe(false);
    await page.getByTestId('scale-mode').selectOption('remote');
    const box = (await consoleView(page, id).getByTestId('console-screen').boundingBox())!;
    await expect
      .poll(async () => (await canvasStats(page, id)).width, { timeout: 10_000 })
      .toBe(Math.floor(box.width));
    expect((await canvasStats(page, id)).height).toBe(Math.floor(box.height));

    expect(pageErrors).toEqual([]);
    await close();
  });
});
