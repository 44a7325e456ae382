// Every screen and state of the app, in one walk over a fresh page: the accessibility scan and the
// overflow check both visit them all (each screen is passed to `visit` while it is on show).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppUnderTest } from './harness/app-handlers';
import { openConsole, tryDemo, waitForPhase, waitForPicture } from './console-helpers';

export const SCREENS = [
  'start page',
  'profile editor',
  'keychain refusal',
  'import problems',
  'inventory',
  'palette',
  'settings',
  'console connected',
  'keys menu',
  'more menu',
  'type text',
  'transcript panel',
  'tabs with checkboxes',
  'console reconnecting',
] as const;
export type Screen = (typeof SCREENS)[number];

/** The consoles the walk opens: the first through its states, the second for the tab checkboxes. */
export const WALK_INSTANCES = ['ins-demo0002', 'ins-demo0003'] as const;

/**
 * Walks the page (opened on the start page, first run) through every screen, calling `visit` on
 * each. Ends with both consoles open and connected.
 */
export async function walkScreens(
  page: Page,
  app: Pick<AppUnderTest, 'demo' | 'keyring' | 'home'>,
  visit: (screen: Screen) => Promise<void>,
): Promise<void> {
  await page.getByTestId('try-demo').waitFor();
  await visit('start page');
  await page.getByTestId('first-add-key').click();
  await page.getByTestId('profile-editor').waitFor();
  await visit('profile editor');
  // The keychain refuses the save: the editor says why and what to do, and offers memory.
  await page.getByTestId('field-name').fill('Walk');
  await page.getByTestId('field-secret-id').fill(`AKID${'a1'.repeat(16)}`);
  await page.getByTestId('field-secret-key').fill('b2'.repeat(16));
  app.keyring.fail('all', new Error('Platform failure: DBus error: Failed to connect to socket'));
  try {
    await page.getByTestId('save-profile').click();
    await page.getByTestId('editor-message').waitFor();
    await page.getByTestId('keep-in-memory').waitFor();
  } finally {
    app.keyring.fail('all', null);
  }
  await visit('keychain refusal');
  await page.keyboard.press('Escape');
  // Import, with a problem in each kind of file: the file, the line and what is wrong.
  mkdirSync(join(app.home, '.tccli'), { recursive: true });
  writeFileSync(
    join(app.home, '.tccli', 'default.credential'),
    '{\n  "secretId": "AKIDabcdefgh12345678",\n}\n',
  );
  mkdirSync(join(app.home, '.tencentcloud'), { recursive: true });
  writeFileSync(
    join(app.home, '.tencentcloud', 'credentials'),
    '[default]\nsecret_id = AKIDabcdefgh12345678\n',
  );
  await page.getByTestId('first-import').click();
  await expect.poll(() => page.getByTestId('import-problem').count()).toBe(2);
  await visit('import problems');
  await page.keyboard.press('Escape');
  await tryDemo(page);
  await visit('inventory');
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').waitFor();
  await visit('palette');
  await page.keyboard.press('Escape');
  await page.getByTestId('about-toggle').click();
  await page.getByTestId('settings-advanced').locator('summary').click();
  await visit('settings');
  await page.getByTestId('about-toggle').click();

  const [id, second] = WALK_INSTANCES;
  await openConsole(page, id);
  await waitForPicture(page, id);
  await visit('console connected');
  await page.getByTestId('keys-menu').click();
  await visit('keys menu');
  await page.keyboard.press('Escape');
  await page.getByTestId('more-menu').click();
  await visit('more menu');
  await page.keyboard.press('Escape');
  await page.getByTestId('type-text').click();
  await page.getByTestId('type-text-dialog').waitFor();
  await visit('type text');
  await page.keyboard.press('Escape');
  await page.getByTestId('more-menu').click();
  await page.getByTestId('transcript-toggle').click();
  await page.getByTestId('transcript-panel').waitFor();
  await visit('transcript panel');
  // Closed again: its text recognition would only load the CPU for the rest of the walk.
  await page.getByTestId('transcript-close').click();
  await expect.poll(() => page.getByTestId('transcript-panel').count()).toBe(0);

  await openConsole(page, second);
  await waitForPicture(page, second);
  await page.getByTestId('include-all').check();
  await page.getByTestId('include-clear').waitFor();
  await visit('tabs with checkboxes');

  await page.locator(`[data-testid="console-tab"][data-instance="${id}"] [role="tab"]`).click();
  const cloud = (await app.demo.cloud())!;
  cloud.gateway.faults.refuseNext(2);
  cloud.gateway.faults.dropAll(id);
  await page.getByTestId('overlay-countdown').waitFor({ timeout: 10_000 });
  await visit('console reconnecting');
  await waitForPhase(page, id, 'connected');
}
