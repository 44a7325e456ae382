// The tray fed from the inventory: the pure mapping from the cache and the marks, and the whole
// loop over a real demo cloud, inventory service, cache and marks file, the open-consoles registry
// and the TrayMenu adapter on a fake Tray: a listing fills "Running", a favourite leads, a click
// opens that console, and the tooltip follows the consoles the windows report.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions, Tray } from 'electron';
import type { CachedInventory, InventoryInstance } from '../../../src-main/contract';
import { feedTray, trayInput, trayInstances, type TraySources } from '../../../src-main/desktop/tray-feed';
import { OpenConsoles } from '../../../src-main/desktop/open-consoles';
import { TrayMenu } from '../../../src-main/shell/tray-menu';
import { fakeMenu, fakeTray } from '../../support/fake-electron';
import { demoInventory } from '../../support/demo-inventory';

function row(over: Partial<InventoryInstance> & { instanceId: string }): InventoryInstance {
  return {
    name: over.instanceId,
    state: 'RUNNING',
    region: 'ap-seoul',
    zone: 'ap-seoul-1',
    osName: 'Debian',
    type: 'S5.SMALL1',
    privateIps: [],
    publicIps: [],
    tags: [],
    chargeType: 'POSTPAID_BY_HOUR',
    ...over,
  };
}

function cacheOf(profileId: string, instances: InventoryInstance[]): CachedInventory {
  return { profileId, savedAt: 1, regions: [], instances };
}

describe('trayInstances', () => {
  const work = cacheOf('work', [
    row({ instanceId: 'ins-web00001', name: 'web-1' }),
    row({ instanceId: 'ins-db000001', name: 'db-1', state: 'STOPPED' }),
    row({ instanceId: 'ins-api00001', name: 'api-1', region: 'ap-tokyo' }),
  ]);
  const profiles = [
    { id: 'work', name: 'Work' },
    { id: 'home', name: 'Home' },
  ];

  it('names and states marked instances from the cache, once each, and adds the running ones', () => {
    const list = trayInstances(profiles, (id) => (id === 'work' ? work : undefined), {
      work: {
        favourites: [{ region: 'ap-seoul', instanceId: 'ins-web00001' }],
        recents: [
          { region: 'ap-seoul', instanceId: 'ins-db000001', openedAt: 50 },
          { region: 'ap-seoul', instanceId: 'ins-web00001', openedAt: 40 },
        ],
      },
    });
    expect(list).toEqual([
      {
        profileId: 'work',
        region: 'ap-seoul',
        instanceId: 'ins-web00001',
        name: 'web-1',
        state: 'RUNNING',
        favourite: true,
        openedAt: 40,
      },
      {
        profileId: 'work',
        region: 'ap-seoul',
        instanceId: 'ins-db000001',
        name: 'db-1',
        state: 'STOPPED',
        openedAt: 50,
      },
      { profileId: 'work', region: 'ap-tokyo', instanceId: 'ins-api00001', name: 'api-1', state: 'RUNNING' },
    ]);
  });

  it('lists a mark the cache does not know by its id, in an unknown state; marks of other profiles are left out', () => {
    const list = trayInstances(profiles, () => undefined, {
      home: { favourites: [{ region: 'ap-beijing', instanceId: 'ins-gone0001' }], recents: [] },
      removed: { favourites: [{ region: 'ap-beijing', instanceId: 'ins-other001' }], recents: [] },
    });
    expect(list).toEqual([
      {
        profileId: 'home',
        region: 'ap-beijing',
        instanceId: 'ins-gone0001',
        name: 'ins-gone0001',
        state: 'UNKNOWN',
        favourite: true,
      },
    ]);
  });

  it('trayInput reads every source now', () => {
    const sources: TraySources = {
      profiles: () => profiles,
      defaultProfileId: () => 'work',
      cached: (id) => (id === 'work' ? work : null),
      marks: () => ({}),
      consoles: () => [
        { ref: { profileId: 'work', region: 'ap-seoul', instanceId: 'ins-web00001' }, phase: 'connected' },
      ],
      maxRunning: () => 7,
    };
    const input = trayInput(sources);
    expect(input.instances.map((i) => i.instanceId)).toEqual(['ins-web00001', 'ins-api00001']);
    expect(input).toMatchObject({
      defaultProfileId: 'work',
      maxRunning: 7,
      consoles: [{ phase: 'connected' }],
    });
  });
});

describe('feedTray over the inventory service', () => {
  let rig: Awaited<ReturnType<typeof demoInventory>>;
  beforeAll(async () => {
    rig = await demoInventory({ instances: 40, seed: 5 });
  });
  afterAll(() => rig.close());

  it('a listing, a favourite and the open consoles reach the tray menu and tooltip; a click opens that console', async () => {
    const { profiles, inventory } = rig;
    const consoles = new OpenConsoles();
    const sources: TraySources = {
      profiles: () => profiles.list(),
      defaultProfileId: () => 'demo',
      cached: (id) => inventory.cached(id),
      marks: () => inventory.marks(),
      consoles: () => consoles.all(),
      maxRunning: () => 15,
    };
    const tray = fakeTray();
    const actions = { openConsole: vi.fn(), quickConnect: vi.fn(), showWindow: vi.fn(), quit: vi.fn() };
    const menu = new TrayMenu(tray as unknown as Tray, fakeMenu(), actions, {
      ...trayInput(sources),
      platform: 'linux',
    });
    const updates = vi.fn((input: Parameters<TrayMenu['update']>[0]) => menu.update(input));
    const off = feedTray(sources, [(l) => inventory.onChange(l), (l) => consoles.onChange(l)], updates);
    const labels = () =>
      (tray.menus.at(-1) as MenuItemConstructorOptions[]).map((i) => String(i.label ?? ''));
    expect(labels()[0]).toBe('No running instance listed');

    await inventory.list({ profileId: 'demo', listingId: 'l1' });
    await inventory.settled();
    await Promise.resolve();
    const running = inventory.cached('demo')!.instances.filter((i) => i.state === 'RUNNING');
    expect(running.length).toBeGreaterThan(0);
    expect(labels()[0]).toBe('Running · Demo cloud');
    const first = running.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))[0]!;
    expect(labels()).toContain(`● ${first.name} · ${first.region} · running`);

    // A favourite leads the menu; its click opens its console.
    await inventory.mark({
      profileId: 'demo',
      region: first.region,
      instanceId: first.instanceId,
      favourite: true,
    });
    await Promise.resolve();
    expect(labels().slice(0, 2)).toEqual(['Favourites', `● ${first.name} · ${first.region} · running`]);
    const item = (tray.menus.at(-1) as MenuItemConstructorOptions[])[1]!;
    (item.click as () => void)();
    const ref = { profileId: 'demo', region: first.region, instanceId: first.instanceId };
    expect(actions.openConsole).toHaveBeenCalledWith(ref, first.name);

    // A window reports the console reconnecting: the tooltip and the label say so; closed: gone.
    consoles.report(7, [{ ref, title: first.name, phase: 'reconnecting' }]);
    await Promise.resolve();
    expect(tray.tooltips.at(-1)).toBe('CVM Console · 1 console open · 1 reconnecting');
    expect(labels()[1]).toBe(`● ${first.name} · ${first.region} · running — reconnecting`);
    consoles.drop(7);
    await Promise.resolve();
    expect(tray.tooltips.at(-1)).toBe('CVM Console');

    // Changes that arrive together are read once; after off() none are.
    const calls = updates.mock.calls.length;
    consoles.report(8, []);
    consoles.report(8, [{ ref, title: first.name, phase: 'connected' }]);
    await Promise.resolve();
    expect(updates.mock.calls.length).toBe(calls + 1);
    off();
    consoles.drop(8);
    await Promise.resolve();
    expect(updates.mock.calls.length).toBe(calls + 1);
  });
});
