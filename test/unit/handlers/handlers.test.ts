import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { decodePng } from '../../../src-main/handlers';
import {
  createAppServices,
  type AppDeps,
  type AppServices,
  type OsServices,
} from '../../../src-main/app-services';
import { dispatch as dispatchWithLog } from '../../../src-main/ipc/dispatch';
import { DemoProfile } from '../../../src-main/demo/demo-profile';
import { memoryKeyring } from '../../support/memory-keyring';
import { webConsolePageUrl } from '../../../src-main/console/web-console';
import { consoleRoute } from '../../../src-main/shell/console-window';
import type { HandlerTable, InstanceRef } from '../../../src-main/contract';
import { DEFAULT_SETTINGS } from '../../../src-main/settings';

// A 1×1 PNG.
const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

// Internal errors go to this list; no test here expects one.
const internalErrors: Record<string, unknown>[] = [];
const dispatch = (handlers: HandlerTable, channel: string, input: unknown) =>
  dispatchWithLog(handlers, channel, input, (r) => void internalErrors.push(r));

const demo = new DemoProfile({ cloud: { instances: 40, seed: 7 } });
afterAll(() => demo.close());
afterEach(() => expect(internalErrors.splice(0)).toEqual([]));

// The app's own wiring (createAppServices) over the shared demo profile, with recorders for what
// would go to the OS.
const userData = mkdtempSync(join(tmpdir(), 'cvm-handlers-userdata-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));
const started: AppServices[] = [];
afterEach(() => started.splice(0).forEach((s) => s.inventory.close()));

function services(
  extra: Partial<Omit<AppDeps, 'demo' | 'os' | 'userData' | 'broadcast' | 'keys'>> & {
    os?: Partial<OsServices>;
  } = {},
) {
  const recorded = {
    external: [] as string[],
    saved: [] as string[],
    copied: 0,
    texts: [] as string[],
    shown: [] as string[],
    logFolders: 0,
    windows: [] as InstanceRef[],
    logs: [] as Record<string, unknown>[],
  };
  const app = createAppServices({
    app: {
      name: 'CVM Console',
      version: '1.0.0',
      electron: null,
      platform: 'linux',
      arch: 'x64',
      systemLocale: 'en',
    },
    demo,
    userData,
    broadcast: () => {},
    keychainStatus: async () => ({ available: true, backend: 'test' }),
    // Key profiles are not used here (profile-channels.test covers them): an empty, in-memory vault.
    keys: { keyring: memoryKeyring().load },
    settings: {
      get: () => DEFAULT_SETTINGS,
      update: async (p) => ({ ...DEFAULT_SETTINGS, ...p }),
    },
    log: (record) => void recorded.logs.push(record),
    ...extra,
    os: {
      openExternal: async (url) => void recorded.external.push(url),
      saveFile: async (name) => (recorded.saved.push(name), `/home/u/Pictures/${name}`),
      copyImage: async () => (recorded.copied++, true),
      copyText: async (text) => void recorded.texts.push(text),
      showInFolder: (path) => void recorded.shown.push(path),
      openLogFolder: async () => (recorded.logFolders++, true),
      openConsoleWindow: async (ref) => void recorded.windows.push(ref),
      ...extra.os,
    },
  });
  started.push(app);
  return { handlers: app.handlers, inventory: app.inventory, recorded };
}

describe('handlers over the demo profile', () => {
  it('lists the demo profile and its instances in every region, starting the demo cloud on first use', async () => {
    const { handlers } = services();
    expect(await dispatch(handlers, 'profiles:list', undefined)).toMatchObject({
      ok: true,
      value: [{ id: 'demo', kind: 'demo', name: 'Demo cloud' }],
    });
    const listed = await dispatch(handlers, 'instances:list', { profileId: 'demo' });
    if (!listed.ok) throw new Error(JSON.stringify(listed.error));
    const instances = listed.value as { instanceId: string; region: string; state: string }[];
    expect(instances).toHaveLength(40);
    expect(new Set(instances.map((i) => i.region)).size).toBeGreaterThan(5);
    const one = instances.find((i) => i.state === 'RUNNING')!;
    const inRegion = await dispatch(handlers, 'instances:list', { profileId: 'demo', region: one.region });
    expect(
      inRegion.ok &&
        (inRegion.value as { instanceId: string }[]).some((i) => i.instanceId === one.instanceId),
    ).toBe(true);
  });

  it('issues a fresh, valid console URL for a running instance every time', async () => {
    const { handlers } = services();
    const cloud = await demo.cloud();
    const spec = cloud!.demoInstances[0]!;
    const ref = { profileId: 'demo', region: spec.region, instanceId: spec.id };
    const a = await dispatch(handlers, 'console:issueUrl', ref);
    const b = await dispatch(handlers, 'console:issueUrl', ref);
    if (!a.ok || !b.ok) throw new Error('expected URLs');
    const ua = a.value as { url: string; issuedAt: number };
    const ub = b.value as { url: string };
    expect(ua.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/vnc\?s=/);
    expect(ua.url).not.toBe(ub.url);
    expect(Math.abs(ua.issuedAt - Date.now())).toBeLessThan(5_000);
  });

  it('describes an instance, and reports an unknown one as gone', async () => {
    const { handlers } = services();
    const spec = (await demo.cloud())!.demoInstances[0]!;
    expect(
      await dispatch(handlers, 'instances:get', {
        profileId: 'demo',
        region: spec.region,
        instanceId: spec.id,
      }),
    ).toMatchObject({
      ok: true,
      value: { instanceId: spec.id },
    });
    expect(
      await dispatch(handlers, 'instances:get', {
        profileId: 'demo',
        region: spec.region,
        instanceId: 'ins-zzzzzzzz',
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'instance-gone' },
    });
  });

  it("finds a profile's instance by ID alone, in whichever region holds it", async () => {
    const { handlers } = services();
    const spec = (await demo.cloud())!.demoInstances[2]!;
    expect(await dispatch(handlers, 'instances:find', { profileId: 'demo', instanceId: spec.id })).toEqual({
      ok: true,
      value: { profileId: 'demo', region: spec.region, instanceId: spec.id },
    });
    expect(
      await dispatch(handlers, 'instances:find', { profileId: 'demo', instanceId: 'ins-zzzzzzzz' }),
    ).toMatchObject({ ok: false, error: { kind: 'instance-gone', code: 'InstanceNotOwned' } });
    for (const bad of [{ profileId: 'demo', instanceId: 'ins-1' }, { profileId: 'demo' }]) {
      expect(await dispatch(handlers, 'instances:find', bad)).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input' },
      });
    }
  });

  it('starts an instance and has the inventory follow it until it settles', async () => {
    const { handlers, inventory } = services();
    const watched: unknown[][] = [];
    vi.spyOn(inventory, 'watch').mockImplementation((...args) => void watched.push(args));
    const stopped = (await demo.cloud())!.demoInstances.find((d) => d.state === 'STOPPED')!;
    const ref = { profileId: 'demo', region: stopped.region, instanceId: stopped.id };
    expect(await dispatch(handlers, 'instances:start', ref)).toMatchObject({ ok: true });
    expect(watched).toEqual([['demo', stopped.region, stopped.id, 'start']]);
  });

  it('refuses an unknown profile as an auth problem and a malformed instance id before any call', async () => {
    const { handlers } = services();
    expect(
      await dispatch(handlers, 'console:issueUrl', {
        profileId: 'nope',
        region: 'ap-guangzhou',
        instanceId: 'ins-abcdefgh',
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'auth', code: 'ProfileNotFound' },
    });
    expect(
      await dispatch(handlers, 'console:issueUrl', {
        profileId: 'demo',
        region: 'ap-guangzhou',
        instanceId: 'ins-1122',
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', code: 'InvalidArgument' },
    });
  });

  it('will not open the web console for the demo cloud', async () => {
    const { handlers, recorded } = services();
    const spec = (await demo.cloud())!.demoInstances[0]!;
    expect(
      await dispatch(handlers, 'console:openWebConsole', {
        profileId: 'demo',
        region: spec.region,
        instanceId: spec.id,
      }),
    ).toMatchObject({ ok: false, error: { code: 'DemoHasNoWebConsole' } });
    expect(recorded.external).toEqual([]);
  });

  it('shows in its folder only a file it saved, and copies text to the clipboard', async () => {
    const { handlers, recorded } = services();
    // Not saved by this app: refused, nothing shown.
    expect(await dispatch(handlers, 'console:showInFolder', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', code: 'NotSavedHere' },
    });
    await dispatch(handlers, 'console:saveScreenshot', { suggestedName: 'web-01.png', pngBase64: PNG_1x1 });
    expect(await dispatch(handlers, 'console:showInFolder', { path: '/home/u/Pictures/web-01.png' })).toEqual(
      {
        ok: true,
        value: { shown: true },
      },
    );
    expect(recorded.shown).toEqual(['/home/u/Pictures/web-01.png']);
    // Cancelled saves leave nothing to show.
    const cancelled = services({ os: { saveFile: async () => null } });
    expect(
      await dispatch(cancelled.handlers, 'console:saveScreenshot', {
        suggestedName: 'a',
        pngBase64: PNG_1x1,
      }),
    ).toEqual({ ok: true, value: { saved: false } });

    expect(await dispatch(handlers, 'console:copyText', { text: 'diagnostics' })).toEqual({
      ok: true,
      value: { copied: true },
    });
    expect(recorded.texts).toEqual(['diagnostics']);
    expect(await dispatch(handlers, 'console:copyText', { text: 'x'.repeat(256 * 1024 + 1) })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
  });

  it('saves a transcript as UTF-8 .txt through the save dialog, and refuses other names or sizes', async () => {
    const bytes: Uint8Array[] = [];
    const { handlers, recorded } = services({
      os: { saveFile: async (name, data) => (bytes.push(data), `/home/u/Documents/${name}`) },
    });
    const text = '2026-11-30T20:00:00.000Z  [    0.000000] Linux version 6.1 — 中文\n';
    expect(
      await dispatch(handlers, 'console:saveTranscript', { suggestedName: 'web-01 transcript.txt', text }),
    ).toEqual({ ok: true, value: { saved: true, path: '/home/u/Documents/web-01 transcript.txt' } });
    expect(new TextDecoder().decode(bytes[0])).toBe(text);
    // Saved here, so it may be shown in its folder.
    expect(
      await dispatch(handlers, 'console:showInFolder', { path: '/home/u/Documents/web-01 transcript.txt' }),
    ).toMatchObject({ ok: true });
    for (const bad of [
      { suggestedName: 'web-01.png', text },
      { suggestedName: '../web-01.txt', text },
      { suggestedName: 'web-01.txt', text: 'x'.repeat(32 * 1024 * 1024 + 1) },
      { suggestedName: 'web-01.txt', text: 42 },
    ])
      expect(await dispatch(handlers, 'console:saveTranscript', bad)).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input' },
      });
    expect(bytes).toHaveLength(1);
    expect(recorded.saved).toEqual([]);
  });

  it('saves and copies only real PNGs, and opens console windows for known profiles', async () => {
    const { handlers, recorded } = services();
    expect(
      await dispatch(handlers, 'console:saveScreenshot', { suggestedName: 'web-01', pngBase64: PNG_1x1 }),
    ).toEqual({
      ok: true,
      value: { saved: true, path: '/home/u/Pictures/web-01.png' },
    });
    expect(recorded.saved).toEqual(['web-01.png']);
    expect(
      await dispatch(handlers, 'console:saveScreenshot', {
        suggestedName: '../etc/passwd',
        pngBase64: PNG_1x1,
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    // Right signature, truncated body: refused by the decoder, nothing copied.
    expect(
      await dispatch(handlers, 'console:copyScreenshot', { pngBase64: 'iVBORw0KGgoAAAA=' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'InvalidPng' },
    });
    expect(recorded.copied).toBe(0);
    expect(await dispatch(handlers, 'console:copyScreenshot', { pngBase64: PNG_1x1 })).toEqual({
      ok: true,
      value: { copied: true },
    });
    const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-abcdefgh' };
    expect(await dispatch(handlers, 'windows:openConsole', { ref, title: 'web-01' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    expect(recorded.windows).toEqual([ref]);
  });
});

describe('small helpers', () => {
  it('decodePng checks the signature and IHDR', () => {
    expect(decodePng(PNG_1x1).length).toBeGreaterThan(33);
    expect(() => decodePng(Buffer.from('not a png at all, not at all, no').toString('base64'))).toThrow(
      /valid PNG/,
    );
  });
  it('builds Tencent’s web console link with the URL percent-encoded as the API returns it', () => {
    const decoded = 'wss://bjvnc.qcloud.com:26789/vnc?s=aHpj+/x=&password=&isWindows=false';
    const link = webConsolePageUrl(decoded);
    expect(link).toBe(
      'https://img.qcloud.com/qcloud/app/active_vnc/index.html?InstanceVncUrl=wss%3A%2F%2Fbjvnc.qcloud.com%3A26789%2Fvnc%3Fs%3DaHpj%2B%2Fx%3D%26password%3D%26isWindows%3Dfalse',
    );
    expect(decodeURIComponent(new URL(link).search.slice('?InstanceVncUrl='.length))).toBe(decoded);
  });
  it('routes a detached console window by hash', () => {
    expect(consoleRoute({ profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-abcdefgh' })).toBe(
      '#/console/demo/ap-guangzhou/ins-abcdefgh',
    );
  });
});

describe('settings and console reports', () => {
  it('reads and changes settings through the contract, refusing unknown fields', async () => {
    let saved = DEFAULT_SETTINGS;
    const { handlers } = services({
      settings: { get: () => saved, update: async (patch) => (saved = { ...saved, ...patch }) },
    });
    expect(await dispatch(handlers, 'settings:get', undefined)).toEqual({
      ok: true,
      value: DEFAULT_SETTINGS,
    });
    expect(await dispatch(handlers, 'settings:set', { rewriteTencentOrigin: false })).toEqual({
      ok: true,
      value: { ...DEFAULT_SETTINGS, rewriteTencentOrigin: false },
    });
    expect(
      await dispatch(handlers, 'settings:set', { trayInstanceCount: 20, startAtLogin: true }),
    ).toMatchObject({ ok: true, value: { trayInstanceCount: 20, startAtLogin: true } });
    expect(
      await dispatch(handlers, 'settings:set', { theme: 'dark', logLevel: 'debug', autoReconnect: false }),
    ).toMatchObject({ ok: true, value: { theme: 'dark', logLevel: 'debug', autoReconnect: false } });
    for (const bad of [
      { verbose: true },
      { logLevel: 'verbose' },
      { theme: 'blue' },
      { defaultScale: 'zoom' },
      { autoReconnect: 'yes' },
      { trayInstanceCount: 51 },
      { trayInstanceCount: 1.5 },
    ]) {
      expect(await dispatch(handlers, 'settings:set', bad)).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input' },
      });
    }
    expect(saved).toEqual({
      ...DEFAULT_SETTINGS,
      rewriteTencentOrigin: false,
      trayInstanceCount: 20,
      startAtLogin: true,
      theme: 'dark',
      logLevel: 'debug',
      autoReconnect: false,
    });
  });

  it('opens the log folder on request (it takes no argument)', async () => {
    const { handlers, recorded } = services();
    expect(await dispatch(handlers, 'app:openLogFolder', undefined)).toEqual({
      ok: true,
      value: { opened: true },
    });
    expect(await dispatch(handlers, 'app:openLogFolder', { path: '/etc' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect(recorded.logFolders).toBe(1);
  });

  it('logs how a console link ended with only the fields it names', async () => {
    const { handlers, recorded } = services();
    const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-abcdefgh' };
    expect(
      await dispatch(handlers, 'console:report', { ref, event: 'closed', code: 1006, wasClean: false }),
    ).toEqual({
      ok: true,
      value: { logged: true },
    });
    expect(recorded.logs).toEqual([
      {
        event: 'console-closed',
        profileId: 'demo',
        region: 'ap-guangzhou',
        instanceId: 'ins-abcdefgh',
        code: 1006,
        wasClean: false,
      },
    ]);
    expect(await dispatch(handlers, 'console:report', { ref, event: 'closed', code: 70000 })).toMatchObject({
      ok: false,
    });
    expect(
      await dispatch(handlers, 'console:report', { ref, event: 'closed', url: 'wss://x/?s=t' }),
    ).toMatchObject({ ok: false });
    expect(recorded.logs).toHaveLength(1);
  });
});
