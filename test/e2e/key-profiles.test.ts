// Key profiles in Chromium, end to end: the built renderer, the real handler table with KeyProfiles
// (keys in an in-memory keyring, profiles.json in a throwaway folder) and the demo cloud reached as
// a real account would be, through CVM_CONSOLE_API_ENDPOINT. Add a key by hand, Test it, list its
// instances, open a console; import from a fake tccli HOME; a refused key links to the editor; a
// temporary key expires mid-session and says so; a role profile reconnects across a renewal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppRig, type AppRig } from './harness/app-rig';
import { DEMO_ROLE_ARN, generateDemoCredential, type DemoCloud } from '../../src-main/demo';
import { ENDPOINT_ENV_VAR } from '../../src-main/cloud/endpoints';
import {
  SCREENSHOT_DIR,
  consoleView,
  openAppPage,
  openConsole,
  waitForPhase,
  waitForPicture,
} from './console-helpers';

describe('key profiles in Chromium against the demo cloud as a real account', () => {
  let rig: AppRig;
  let cloud: DemoCloud;
  /** The vault's clock runs this far ahead (expiry and renewal); requests are still signed in real time. */
  let shiftMs = 0;
  const savedEndpoint = process.env[ENDPOINT_ENV_VAR];
  const workKey = generateDemoCredential();

  beforeAll(async () => {
    rig = await startAppRig({}, 'out/renderer', {
      options: { now: () => Date.now() + shiftMs, client: { now: Date.now } },
    });
    await rig.app.demo.client();
    cloud = (await rig.app.demo.cloud())!;
    // Key profiles call "Tencent Cloud" at this endpoint: the demo cloud, as a user's script would.
    process.env[ENDPOINT_ENV_VAR] = cloud.endpoint;
    cloud.simulator.addCredential(workKey);
  });
  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env[ENDPOINT_ENV_VAR];
    else process.env[ENDPOINT_ENV_VAR] = savedEndpoint;
    await rig?.close();
  });

  async function chooseProfile(page: Page, name: string): Promise<string> {
    const id = rig.app.keyProfiles.list().find((p) => p.name === name)!.id;
    await page.getByTestId('profile-select').selectOption(id);
    await expect
      .poll(() => page.getByTestId('inventory-row').count(), { timeout: 20_000 })
      .toBeGreaterThan(5);
    return id;
  }

  async function connect(page: Page, instanceId: string, profileId: string): Promise<void> {
    await openConsole(page, instanceId, profileId);
    await waitForPicture(page, instanceId, 20_000);
    await waitForPhase(page, instanceId, 'connected');
  }

  it('adds a key by hand (per-field messages, pasted junk cleaned), tests it, lists instances, opens a console', async () => {
    const { secretId, secretKey } = cloud.credentials;
    const { page, bridge, pageErrors, close } = await openAppPage(rig.browser, rig.server, rig.app);
    await page.getByTestId('first-add-key').click();
    await page.getByTestId('field-name').fill('My account');
    await page.getByTestId('field-secret-id').fill(`  ${secretId}\n`);
    await page.getByTestId('save-profile').click();
    await expect(page.getByTestId('field-error-secretKey').textContent()).resolves.toContain(
      'Paste the SecretKey',
    );
    expect(rig.app.keyProfiles.list()).toHaveLength(0);

    // As copied from a web page: a zero-width space before, a non-breaking space and a line break after.
    await page.getByTestId('field-secret-key').fill(`\u200b${secretKey}\u00a0\n`);
    await page.getByTestId('save-profile').click();
    // Adding tests the key at once.
    await expect
      .poll(() => page.getByTestId('test-outcome').textContent(), { timeout: 20_000 })
      .toBe('The key works');
    const verdicts = await page
      .getByTestId('permission-report')
      .locator('tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-action'), r.lastElementChild?.textContent]),
      );
    expect(verdicts).toEqual([
      ['DescribeInstances', 'allowed'],
      ['DescribeInstanceVncUrl', 'allowed'],
      ['StartInstances', 'allowed'],
      ['StopInstances', 'allowed'],
      ['RebootInstances', 'allowed'],
    ]);
    const row = page.getByTestId('key-profile');
    await expect(row.textContent()).resolves.toContain(`${secretId.slice(0, 4)}…${secretId.slice(-4)}`);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/profile-manager-added.png` });

    // Write-only: the SecretKey went to main once, in profiles:create, and never came back.
    expect(await page.content()).not.toContain(secretKey);
    expect(
      bridge.calls.filter((c) => JSON.stringify(c.input ?? null).includes(secretKey)).map((c) => c.channel),
    ).toEqual(['profiles:create']);
    const stored = [...rig.app.keyring.entries.values()].join('\n');
    expect(stored).toContain(secretKey);

    await page.getByTestId('use-profile').click();
    await expect
      .poll(() => page.getByTestId('inventory-row').count(), { timeout: 20_000 })
      .toBeGreaterThan(5);
    const mine = rig.app.keyProfiles.list()[0]!.id;
    await expect(page.getByTestId('profile-select').inputValue()).resolves.toBe(mine);
    await connect(page, 'ins-demo0002', mine);
    // The calls went out signed with the key profile's key, to the endpoint the environment named.
    expect(
      cloud.simulator
        .requestLog()
        .some((e) => e.action === 'DescribeInstanceVncUrl' && e.secretId === secretId),
    ).toBe(true);
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('imports a key from tccli in a fake HOME; a malformed tccli file is named with its line', async () => {
    const tccli = join(rig.app.home, '.tccli');
    mkdirSync(tccli, { recursive: true });
    writeFileSync(
      join(tccli, 'work.credential'),
      JSON.stringify({ secretId: workKey.secretId, secretKey: workKey.secretKey }, null, 2),
    );
    writeFileSync(join(tccli, 'work.configure'), JSON.stringify({ _sys_param: { region: 'ap-shanghai' } }));
    writeFileSync(join(tccli, 'broken.credential'), '{\n  "secretId": "AKIDx",\n  oops\n}\n');

    const { page, close } = await openAppPage(rig.browser, rig.server, rig.app);
    await page.getByTestId('manage-keys').click();
    await page.getByTestId('import-keys').click();
    const candidate = page.locator('[data-testid="import-candidate"][data-ref="tccli:work"]');
    await expect(candidate.textContent()).resolves.toContain(`${workKey.secretId.slice(0, 4)}…`);
    expect(await candidate.textContent()).not.toContain(workKey.secretId);
    const problem = await page.getByTestId('import-problem').textContent();
    expect(problem).toContain(join(tccli, 'broken.credential'));
    expect(problem).toMatch(/line 3/);

    await page.getByTestId('import-chosen').click();
    const imported = page.locator('[data-testid="key-profile"]', { hasText: 'tccli work' });
    await expect(imported.textContent()).resolves.toContain('ap-shanghai');
    await imported.getByTestId('test-profile').click();
    await expect
      .poll(() => imported.getByTestId('test-outcome').textContent(), { timeout: 20_000 })
      .toBe('The key works');
    // The file was read, not copied: the user-data folder holds profiles.json only, without the key.
    const profilesJson = JSON.stringify(rig.app.keyProfiles.list());
    expect(profilesJson).not.toContain(workKey.secretKey);
    await close();
  });

  it('a key refused mid-session shows the refused state, whose link opens that profile’s editor', async () => {
    const { page, close } = await openAppPage(rig.browser, rig.server, rig.app);
    const profileId = await chooseProfile(page, 'tccli work');
    const id = 'ins-demo0006';
    await connect(page, id, profileId);

    // The key is disabled in the console of Tencent Cloud; the link drops and the reconnect is refused.
    cloud.simulator.removeCredential(workKey.secretId);
    expect(cloud.gateway.faults.dropAll(id)).toBe(1);
    await waitForPhase(page, id, 'auth-problem', 20_000);
    const view = consoleView(page, id);
    await expect(view.getByTestId('overlay-title').textContent()).resolves.toBe('The API key was refused');
    await view.getByTestId('overlay-edit-profile').click();
    const editor = page.getByTestId('profile-editor');
    await expect(editor.locator('h3').textContent()).resolves.toBe('Edit “tccli work”');
    // Straight to Replace key.
    expect(await page.getByTestId('field-secret-id').isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/key-refused-editor.png` });
    cloud.simulator.addCredential(workKey);
    await close();
  });

  it('a temporary key that expires mid-session says so', async () => {
    shiftMs = 0;
    const sts = {
      ...generateDemoCredential(),
      token: `tok${'x'.repeat(60)}`,
      expiresAt: Date.now() + 3_600_000,
    };
    cloud.simulator.addCredential(sts);
    await rig.app.keyProfiles.create({
      kind: 'sts',
      name: 'Temporary',
      site: 'china',
      defaultRegion: 'ap-guangzhou',
      secretId: sts.secretId,
      secretKey: sts.secretKey,
      token: sts.token,
      expiresAt: sts.expiresAt,
    });
    const { page, close } = await openAppPage(rig.browser, rig.server, rig.app);
    await page.getByTestId('manage-keys').click();
    const row = page.locator('[data-testid="key-profile"]', { hasText: 'Temporary' });
    await expect(row.getByTestId('sts-expiry').textContent()).resolves.toMatch(/^expires /);
    await page.keyboard.press('Escape');

    const profileId = await chooseProfile(page, 'Temporary');
    const id = 'ins-demo0001';
    await connect(page, id, profileId);
    try {
      shiftMs = 2 * 3_600_000; // two hours later, still connected …
      expect(cloud.gateway.faults.dropAll(id)).toBe(1); // … the link drops
      await waitForPhase(page, id, 'auth-problem', 20_000);
      const view = consoleView(page, id);
      await expect(view.getByTestId('overlay-title').textContent()).resolves.toBe(
        'The temporary key has expired',
      );
      await expect(view.getByTestId('overlay-detail').textContent()).resolves.toBe(
        'The temporary key of this profile has expired.',
      );
      // The vault's own words, naming the profile, are under Details.
      await expect(view.getByTestId('overlay-details-message').textContent()).resolves.toMatch(
        /temporary key of "Temporary" has expired/,
      );
      expect(rig.app.keyProfiles.list().find((p) => p.name === 'Temporary')?.state).toBe('expired');
    } finally {
      shiftMs = 0;
    }
    await close();
  });

  it('a role profile keeps a console reconnecting across a renewal of its temporary key', async () => {
    shiftMs = 0;
    const { secretId, secretKey } = cloud.credentials;
    await rig.app.keyProfiles.create({
      kind: 'role',
      name: 'Role',
      site: 'china',
      defaultRegion: 'ap-guangzhou',
      secretId,
      secretKey,
      roleArn: DEMO_ROLE_ARN,
      durationSeconds: 900,
    });
    cloud.simulator.clearRequestLog();
    const { page, close } = await openAppPage(rig.browser, rig.server, rig.app);
    const profileId = await chooseProfile(page, 'Role');
    const id = 'ins-demo0002';
    await connect(page, id, profileId);
    const issued = cloud.simulator.issuedTemporaryKeys();
    expect(issued).toBeGreaterThanOrEqual(1);
    try {
      // 10 of the key's 15 minutes have gone by: it is renewed before the reconnect needs it.
      shiftMs = 600_000;
      expect(cloud.gateway.faults.dropAll(id)).toBe(1);
      await expect
        .poll(() => cloud.simulator.issuedTemporaryKeys(), { timeout: 20_000 })
        .toBeGreaterThan(issued);
      await waitForPhase(page, id, 'connected', 20_000);
      await waitForPicture(page, id);
    } finally {
      shiftMs = 0;
    }
    const refused = cloud.simulator
      .requestLog()
      .filter((e) => e.action === 'DescribeInstanceVncUrl' && e.outcome.startsWith('AuthFailure'));
    expect(refused).toEqual([]);
    // The manager with every kind of key (the README's picture).
    await page.getByTestId('manage-keys').click();
    await expect.poll(() => page.getByTestId('key-profile').count()).toBe(rig.app.keyProfiles.list().length);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/profile-manager.png` });
    await close();
  });
});
