// Accessibility (issue 15), in Chromium against the demo cloud: axe-core over every screen and
// state in each theme finds no serious or critical violation. To add a language, add it to
// LOCALES (the loop sets it before each pass).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import {
  consoleView,
  openAppPage,
  openConsole,
  tryDemo,
  waitForPhase,
  waitForPicture,
} from './console-helpers';
import { seriousViolations, type AxeViolation } from './axe-helpers';

const THEMES = ['light', 'dark'] as const;

describe('accessibility: axe-core over every screen', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let rig: AppRig;

  beforeAll(async () => {
    rig = await startAppRig();
    ({ app, server, browser } = rig);
  });
  afterAll(() => rig?.close());

  for (const theme of THEMES) {
    it(`finds no serious or critical violation in the ${theme} theme`, async () => {
      const { page, pageErrors, close } = await openAppPage(browser, server, app);
      await page.emulateMedia({ colorScheme: theme });
      const found: Record<string, AxeViolation[]> = {};
      const scan = async (screen: string): Promise<void> => {
        const v = await seriousViolations(page);
        if (v.length > 0) found[screen] = v;
      };
      await page.getByTestId('try-demo').waitFor();
      await scan('start page');
      await page.getByTestId('first-add-key').click();
      await page.getByTestId('profile-editor').waitFor();
      await scan('profile manager');
      await page.keyboard.press('Escape');
      await tryDemo(page);
      await scan('inventory');
      await page.keyboard.press('Control+K');
      await page.getByTestId('palette-input').waitFor();
      await scan('palette');
      await page.keyboard.press('Escape');
      await page.getByTestId('about-toggle').click();
      await page.getByTestId('settings').waitFor();
      await scan('settings');
      await page.getByTestId('about-toggle').click();

      const id = 'ins-demo0002';
      await openConsole(page, id);
      await waitForPicture(page, id);
      await scan('console connected');
      await page.getByTestId('keys-menu').click();
      await scan('keys menu');
      await page.keyboard.press('Escape');
      await page.getByTestId('more-menu').click();
      await scan('more menu');
      await page.keyboard.press('Escape');
      await page.getByTestId('type-text').click();
      await page.getByTestId('type-text-dialog').waitFor();
      await scan('type text');
      await page.keyboard.press('Escape');

      const cloud = (await app.demo.cloud())!;
      cloud.gateway.faults.refuseNext(2);
      cloud.gateway.faults.dropAll(id);
      await page.getByTestId('overlay-countdown').waitFor({ timeout: 10_000 });
      await scan('console reconnecting');
      await waitForPhase(page, id, 'connected');
      void consoleView;

      expect(found).toEqual({});
      expect(pageErrors).toEqual([]);
      await close();
    });
  }
});

export type { Page };
