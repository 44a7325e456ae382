// Text fits its controls (issue 15, catalogue checks): every screen and state (screen-walk.ts) in
// English, Chinese, Korean and a pseudo-long language (English ~40 % longer with accented letters,
// a German-length stand-in made from the English catalogue here), at 1280×800 and 800×600. Fails on
// any text clipped by its box, spilling out of it, cut off by its container, or a page wider than
// the window, naming the element, language, window size and text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Locale } from '../../i18n/locales';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import { serveFolder, type StaticServer } from './harness/static-server';
import { closeOpenPages, openAppPage } from './console-helpers';
import { walkScreens } from './screen-walk';
import { findOverflows } from './text-overflow';
import { pseudoRenderer } from './pseudo-locale';

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;
type Language = Locale | 'pseudo-long';
const LANGUAGES: readonly Language[] = ['en', 'zh-CN', 'ko', 'pseudo-long'];

/** Checks the page at each window size; adds what overflows to `found` (one entry per element and text). */
async function check(page: Page, screen: string, found: Map<string, Set<string>>): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const o of await findOverflows(page)) {
      const what = `${o.kind} (${o.by}px): ${o.where} "${o.text.slice(0, 60)}"`;
      const seen = found.get(what) ?? new Set<string>();
      seen.add(`${viewport.width}×${viewport.height} ${screen}`);
      found.set(what, seen);
    }
  }
}

describe('text fits its controls', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let rig: AppRig;
  let pseudo: { dir: string; remove(): void } | undefined;
  let pseudoServer: StaticServer | undefined;

  beforeAll(async () => {
    rig = await startAppRig();
    ({ app, server, browser } = rig);
    pseudo = pseudoRenderer();
    pseudoServer = await serveFolder(pseudo.dir);
  });
  afterAll(async () => {
    await closeOpenPages();
    await app?.handlers['settings:set']({ language: 'system' });
    await pseudoServer?.close();
    pseudo?.remove();
    await rig?.close();
  });

  for (const language of LANGUAGES) {
    it(`on every screen at 1280×800 and 800×600 (${language})`, async () => {
      // The pseudo-long language is the English catalogue of the patched copy.
      await app.handlers['settings:set']({
        theme: 'light',
        language: language === 'pseudo-long' ? 'en' : language,
      });
      const { page, pageErrors, close } = await openAppPage(
        browser,
        language === 'pseudo-long' ? pseudoServer! : server,
        app,
      );
      await expect
        .poll(() => page.locator('html').getAttribute('lang'))
        .toBe(language === 'pseudo-long' ? 'en' : language);
      if (language === 'pseudo-long') {
        expect(await page.getByTestId('try-demo').textContent()).toMatch(/[áëîöüçñšýž]/);
      }
      const found = new Map<string, Set<string>>();
      await walkScreens(page, app, async (screen) => {
        await check(page, screen, found);
        await page.setViewportSize(VIEWPORTS[0]);
      });
      await close();
      const problems = [...found].map(([what, where]) => `${language}: ${what} at ${[...where].join(', ')}`);
      expect(problems).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  }
});
