import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsStore } from '../../../src-main/settings';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cvm-settings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('SettingsStore', () => {
  it('starts from the defaults when there is no file', async () => {
    const store = new SettingsStore(join(dir, 'settings.json'));
    expect(await store.load()).toEqual({
      rewriteTencentOrigin: true,
      closeToTray: true,
      startAtLogin: false,
      trayInstanceCount: 15,
      notifications: true,
      language: 'system',
    });
  });

  it('saves a change and reads it back in a new store', async () => {
    const file = join(dir, 'nested', 'settings.json');
    const changed = { ...DEFAULT_SETTINGS, rewriteTencentOrigin: false, startAtLogin: true };
    await new SettingsStore(file).update({ rewriteTencentOrigin: false, startAtLogin: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(changed);
    const again = new SettingsStore(file);
    expect(await again.load()).toEqual(changed);
    expect(again.get()).toEqual(changed);
  });

  it("gives a file written before a setting existed that setting's default", async () => {
    const file = join(dir, 'settings.json');
    await writeFile(file, '{"rewriteTencentOrigin": false}');
    expect(await new SettingsStore(file).load()).toEqual({
      ...DEFAULT_SETTINGS,
      rewriteTencentOrigin: false,
    });
  });

  it('tells listeners about each saved change, with the settings before it', async () => {
    const store = new SettingsStore(join(dir, 'settings.json'));
    await store.load();
    const seen: Array<[boolean, boolean]> = [];
    const off = store.onChange((next, previous) => seen.push([next.startAtLogin, previous.startAtLogin]));
    await store.update({ startAtLogin: true });
    await expect(store.update({ trayInstanceCount: 999 })).rejects.toThrow();
    off();
    await store.update({ startAtLogin: false });
    expect(seen).toEqual([[true, false]]);
  });

  it('ignores a malformed or mistyped file with a warning, and leaves it untouched', async () => {
    const file = join(dir, 'settings.json');
    const warnings: string[] = [];
    for (const text of ['{not json', '{"rewriteTencentOrigin": "yes"}', '[]', '{"trayInstanceCount": -1}']) {
      await writeFile(file, text);
      expect(await new SettingsStore(file, (m) => warnings.push(m)).load()).toEqual(DEFAULT_SETTINGS);
      expect(await readFile(file, 'utf8')).toBe(text);
    }
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toContain('not JSON');
  });

  it('refuses a bad value on update and keeps the old settings', async () => {
    const store = new SettingsStore(join(dir, 'settings.json'));
    await store.load();
    await expect(store.update({ rewriteTencentOrigin: 'no' as unknown as boolean })).rejects.toThrow();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the language setting', () => {
  it('accepts the app languages and system, and refuses anything else', async () => {
    const store = new SettingsStore(join(dir, 'settings.json'));
    await store.load();
    expect((await store.update({ language: 'ko' })).language).toBe('ko');
    await expect(store.update({ language: 'de' as never })).rejects.toThrow();
    expect(store.get().language).toBe('ko');
  });
});
