// Accessibility (issue 15), in Chromium against the demo cloud:
// - axe-core over every screen and state, in each theme (and each language in LOCALES), finds no
//   serious or critical violation. The theme is set by the setting while the system says the
//   opposite, so the setting is what the scan sees. To add a language, add it to LOCALES.
// - A keyboard-only walk (page.keyboard only): start page → demo cloud → a connected console →
//   Type text → back to the instances → settings, with a visible focus ring on the controls it Tabs to.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LanguageSetting } from '../../i18n/locales';
import type { ThemeSetting } from '../../src-main/contract';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import { SCREENSHOT_DIR, closeOpenPages, consoleView, openAppPage, waitForPicture } from './console-helpers';
import { seriousViolations, type AxeViolation } from './axe-helpers';
import { WALK_INSTANCES, walkScreens } from './screen-walk';

const THEMES: readonly Exclude<ThemeSetting, 'system'>[] = ['light', 'dark'];
const LOCALES: readonly Exclude<LanguageSetting, 'system'>[] = ['en', 'zh-CN', 'ko'];

/** What the page's focused element is and whether it shows a focus ring. */
async function focused(page: Page): Promise<{ testid: string | null; ring: boolean; tag: string }> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { activeElement: unknown } }).document;
    const el = doc.activeElement as {
      tagName: string;
      getAttribute(n: string): string | null;
    } | null;
    const style = el
      ? (
          globalThis as unknown as {
            getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string };
          }
        ).getComputedStyle(el)
      : null;
    return {
      testid: el?.getAttribute('data-testid') ?? null,
      tag: el?.tagName ?? '',
      ring: style !== null && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab (or Shift+Tab) until the control with this test id has the focus; it must show a ring. */
async function tabTo(page: Page, testid: string, back = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (now.testid === testid) {
      expect(now.ring, `${testid} shows a focus ring`).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached ${testid}`);
}

describe('accessibility', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let rig: AppRig;

  beforeAll(async () => {
    rig = await startAppRig();
    ({ app, server, browser } = rig);
  });
  afterEach(async () => {
    await closeOpenPages();
    await app.handlers['settings:set']({ theme: 'system', language: 'system' });
  });
  afterAll(() => rig?.close());

  for (const locale of LOCALES) {
    for (const theme of THEMES) {
      it(`axe-core finds no serious or critical violation on any screen (${locale}, ${theme})`, async () => {
        await app.handlers['settings:set']({ theme, language: locale });
        const { page, pageErrors } = await openAppPage(browser, server, app);
        await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' });
        const found: Record<string, AxeViolation[]> = {};
        await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);
        await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
        await walkScreens(page, app, async (screen) => {
          if (screen === 'console reconnecting') {
            // The live region that existed before the overlay now says what is happening.
            const announcer = consoleView(page, WALK_INSTANCES[0]).getByTestId('console-announcer');
            expect(await announcer.textContent()).toMatch(/\S/);
          }
          if (locale !== 'en' && (screen === 'keychain refusal' || screen === 'import problems')) {
            // Main's keyed messages reach the screen in the window's language, not main's English.
            const shown = await page
              .getByTestId(screen === 'keychain refusal' ? 'editor-message' : 'import-problem')
              .allTextContents();
            expect(shown.join(' ')).not.toMatch(
              /is not available|keep this key|Nothing was imported|not valid/,
            );
          }
          const v = await seriousViolations(page);
          if (v.length > 0) found[screen] = v;
          const shots: Partial<Record<typeof screen, string>> = {
            settings: 'settings',
            'console connected': 'console',
            'keychain refusal': 'keychain-refusal',
            'import problems': 'import-problems',
          };
          const name = shots[screen];
          if (name) {
            await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}-${locale}-${theme}.png` });
          }
        });

        expect(found).toEqual({});
        expect(pageErrors).toEqual([]);
      });
    }
  }

  it('goes from the start page to a connected console, types text, and back, by keyboard alone', async () => {
    const { page, pageErrors } = await openAppPage(browser, server, app);
    const id = 'ins-demo0002';
    await page.getByTestId('try-demo').waitFor();
    await tabTo(page, 'try-demo');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('inventory-row').count(), { timeout: 15_000 })
      .toBeGreaterThan(5);

    // Search, then Enter: the cursor goes to the first match; Enter again opens its console.
    await tabTo(page, 'inventory-search');
    await page.keyboard.type(id);
    await expect.poll(() => page.getByTestId('inventory-row').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await waitForPicture(page, id);

    // The console has the keyboard (its screen has the focus), and says how to give it back.
    const vnc = (await app.demo.cloud())!.vncServer(id)!;
    await expect.poll(() => consoleView(page, id).getAttribute('data-keyboard')).toBe('captured');
    expect(await page.getByTestId('console-screen').getAttribute('aria-label')).toContain('Ctrl+Alt+Home');
    await page.keyboard.type('ls');
    await expect.poll(() => vnc.typedText()).toBe('ls');
    await page.keyboard.press('Control+Alt+Home');
    await expect.poll(() => consoleView(page, id).getAttribute('data-keyboard')).toBe('released');

    // Type text: the dialog takes the focus, keeps Tab inside, types, and gives the focus back.
    await tabTo(page, 'type-text');
    await page.keyboard.press('Enter');
    await page.getByTestId('type-text-dialog').waitFor();
    expect((await focused(page)).testid).toBe('type-text-input');
    await page.keyboard.type('echo hi');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(() => {
        const doc = (
          globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }
        ).document;
        return doc.activeElement?.closest('[data-testid="type-text-dialog"]') != null;
      });
      expect(inside, 'Tab stays inside the Type text dialog').toBe(true);
    }
    await tabTo(page, 'type-text-input', true);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => vnc.typedText(), { timeout: 10_000 }).toBe('lsecho hi');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('type-text-dialog').count()).toBe(0);
    expect((await focused(page)).testid).toBe('keyboard-capture');

    // Back: Shift+Tab to the tab strip, then the arrow keys to the Instances tab.
    await tabTo(page, 'console-tab-label', true);
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByTestId('tab-inventory').getAttribute('aria-selected')).toBe('true');
    expect((await focused(page)).testid).toBe('tab-inventory');
    await tabTo(page, 'inventory-search');
    expect(vnc.typedText()).toBe('lsecho hi');

    // Ctrl+, opens the settings page with the focus on its first field.
    await page.keyboard.press('Control+Comma');
    await expect.poll(async () => (await focused(page)).testid).toBe('setting-language');
    expect(await page.getByTestId('settings').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
