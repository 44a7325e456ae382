// The same connect path, through the demo gateway, to a real VNC server: TigerVNC's Xvnc. Proves
// the console is not tuned to our own built-in server (encodings, ExtendedDesktopSize, resize).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
    const { page, pageErrors, close } = await openAppPage(browser, server, app);
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

  it('says connected only once the first complete picture is on the canvas, every rectangle of it', async () => {
    // Xvnc sends its first update as several WebSocket messages; a console that said connected at
    // the first of them showed a partial picture (the honest-signal regression of issue 16).
    // A desktop of its own: the test above resizes its Xvnc.
    const desktop = await startXvnc({ geometry: '1280x800', retro: true });
    const { page, close } = await openAppPage(browser, server, app);
    try {
      const id = 'ins-demo0002'; // RUNNING, and not the instance the test above resized
      await tryDemo(page);
      (await app.demo.cloud())!.setBackend(id, { kind: 'tcp', host: '127.0.0.1', port: desktop.port });
      await watchPictureAtConnected(page, id);
      await openConsole(page, id);
      await waitForPicture(page, id);
      expect(await settledDifference(page)).toEqual({ canvas: '1280x800', differingPixels: 0 });
      expect(Number(await consoleView(page, id).getAttribute('data-first-frame-ms'))).toBeGreaterThan(0);
    } finally {
      await close();
      await desktop.stop();
    }
  });
});

/**
 * Keeps a copy of every pixel of the console's canvas at the moment its view first says
 * data-phase=connected (in the MutationObserver callback, before anything else can draw).
 */
async function watchPictureAtConnected(page: Page, instanceId: string): Promise<void> {
  await page.evaluate((id) => {
    interface Canvas {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      };
    }
    const g = globalThis as unknown as {
      document: {
        body: object;
        querySelector(sel: string): { getAttribute(n: string): string | null } | null;
      };
      MutationObserver: new (cb: () => void) => { observe(t: object, o: object): void; disconnect(): void };
      pictureAtConnected?: { width: number; height: number; pixels: Uint8ClampedArray } | string;
    };
    const view = `[data-testid="console-view"][data-instance="${id}"]`;
    const observer = new g.MutationObserver(() => {
      if (g.document.querySelector(view)?.getAttribute('data-phase') !== 'connected') return;
      observer.disconnect();
      const canvas = g.document.querySelector(
        `${view} [data-testid="console-screen"] canvas`,
      ) as unknown as Canvas | null;
      if (!canvas) return void (g.pictureAtConnected = 'connected without a canvas in the view');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      g.pictureAtConnected = { width: canvas.width, height: canvas.height, pixels: data.slice() };
    });
    observer.observe(g.document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-phase'],
    });
  }, instanceId);
}

/** Once the canvas has stopped changing: how many pixels the copy taken at 'connected' lacked. */
async function settledDifference(page: Page): Promise<{ canvas: string; differingPixels: number }> {
  const read = () =>
    page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { querySelector(sel: string): unknown };
        pictureAtConnected?: { width: number; height: number; pixels: Uint8ClampedArray } | string;
      };
      const taken = g.pictureAtConnected;
      if (taken === undefined) return { error: 'never connected' };
      if (typeof taken === 'string') return { error: taken };
      const canvas = g.document.querySelector('[data-testid="console-screen"] canvas') as {
        width: number;
        height: number;
        getContext(kind: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
        };
      };
      const now = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let differing = 0;
      for (let i = 0; i < now.length; i += 4) {
        if (
          now[i] !== taken.pixels[i] ||
          now[i + 1] !== taken.pixels[i + 1] ||
          now[i + 2] !== taken.pixels[i + 2]
        )
          differing++;
      }
      return { canvas: `${taken.width}x${taken.height}`, differingPixels: differing };
    });
  // The Xvnc desktop is still: two reads a little apart that agree are the settled picture.
  let previous = await read();
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 300));
    const next = await read();
    if ('error' in next) throw new Error(next.error);
    if (JSON.stringify(next) === JSON.stringify(previous))
      return next as { canvas: string; differingPixels: number };
    previous = next;
  }
  throw new Error('the picture did not settle within 10 s');
}
