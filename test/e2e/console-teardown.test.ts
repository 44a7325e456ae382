// Issue 16's leak check as a test that times nothing: a closed console leaves nothing behind in the
// page. Consoles are opened, connected and closed twice over; between the first round (which loads
// noVNC and sets up what the page keeps once) and the second, a heap snapshot must not gain a
// canvas, a 2D context or a WebSocket. noVNC's RFB owns one of each per console, so an RFB kept
// alive by a listener, a map or an effect not torn down would show here as more of them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppRig, type AppRig } from './harness/app-rig';
import { heapCensus } from './harness/heap-census';
import {
  closeOpenPages,
  consoleView,
  openAppPage,
  openConsole,
  tryDemo,
  waitForPicture,
} from './console-helpers';

const KINDS = ['object:HTMLCanvasElement', 'object:CanvasRenderingContext2D', 'object:WebSocket'];

async function openAndClose(page: Page, ids: string[]): Promise<void> {
  for (const id of ids) {
    await openConsole(page, id);
    await waitForPicture(page, id);
    await page
      .locator(`[data-testid="console-tab"][data-instance="${id}"] [data-testid="tab-close"]`)
      .click();
    await expect.poll(() => consoleView(page, id).count()).toBe(0);
  }
}

describe('closing consoles', () => {
  let rig: AppRig;
  beforeAll(async () => {
    rig = await startAppRig();
  });
  afterEach(() => closeOpenPages());
  afterAll(() => rig?.close());

  it('leaves no canvas, 2D context or WebSocket of a closed console alive', async () => {
    const { page } = await openAppPage(rig.browser, rig.server, rig.app);
    await tryDemo(page);
    const session = await page.context().newCDPSession(page);
    await openAndClose(page, ['ins-demo0001', 'ins-demo0002']);
    const census = async () => {
      const counts = await heapCensus(session);
      return Object.fromEntries(KINDS.map((kind) => [kind, counts.get(kind) ?? 0]));
    };
    const before = await census();
    await openAndClose(page, ['ins-demo0003', 'ins-demo0001', 'ins-demo0002', 'ins-demo0003']);
    expect(await census()).toEqual(before);
    await session.detach();
  });
});
