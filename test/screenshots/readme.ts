// The README's language screenshots: the main screen (the instance list of the demo cloud with a
// connected console open in a tab) in Chinese and Korean, light and dark, rendered in Chromium by
// the e2e harness from the built renderer. Run `npm run screenshots` (it builds first); it writes
// assets/screenshots/main-<language>-<theme>.png.
import { mkdirSync } from 'node:fs';
import { startAppRig } from '../e2e/harness/app-rig';
import { openAppPage, openConsole, selectInstance } from '../e2e/console-helpers';

const OUT = 'assets/screenshots';
const LANGUAGES = ['zh-CN', 'ko'] as const;
const THEMES = ['light', 'dark'] as const;
const INSTANCE = 'ins-demo0002';

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const rig = await startAppRig();
  try {
    for (const language of LANGUAGES) {
      for (const theme of THEMES) {
        await rig.app.handlers['settings:set']({ language, theme });
        const { page, close } = await openAppPage(rig.browser, rig.server, rig.app, {
          viewport: { width: 1280, height: 720 },
        });
        await page.emulateMedia({ colorScheme: theme });
        await page.locator(`html[lang="${language}"][data-theme="${theme}"]`).waitFor();
        await page.getByTestId('try-demo').click();
        await page.getByTestId('inventory-row').nth(5).waitFor({ timeout: 20_000 });
        await openConsole(page, INSTANCE);
        await page
          .locator(`[data-testid="console-view"][data-instance="${INSTANCE}"][data-phase="connected"]`)
          .waitFor({ timeout: 20_000 });
        // Back to the instance list, with the console's tab beside it; no search, no cursor.
        await selectInstance(page, INSTANCE);
        await page.getByTestId('inventory-search').fill('');
        await page.getByTestId('inventory-row').nth(5).waitFor();
        await page.mouse.move(0, 0);
        await page.evaluate(() =>
          (
            globalThis as unknown as { document: { activeElement: { blur?(): void } } }
          ).document.activeElement.blur?.(),
        );
        const path = `${OUT}/main-${language}-${theme}.png`;
        await page.screenshot({ path });
        console.log(`wrote ${path}`);
        await close();
      }
    }
  } finally {
    await rig.app.handlers['settings:set']({ language: 'system', theme: 'system' });
    await rig.close();
  }
}

await main();
