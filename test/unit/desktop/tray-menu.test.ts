// The tray menu template: sections, labels, state marks, clicks, caps.
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import {
  MAX_FAVOURITES,
  MAX_PROFILE_SUBMENUS,
  MAX_RECENTS,
  menuText,
  trayMenuTemplate,
  trayTooltip,
  type TrayInstance,
  type TrayMenuInput,
} from '../../../src-main/desktop/tray-menu';

function actions() {
  return { openConsole: vi.fn(), quickConnect: vi.fn(), showWindow: vi.fn(), quit: vi.fn() };
}

let serial = 0;
function instance(over: Partial<TrayInstance> = {}): TrayInstance {
  serial += 1;
  return {
    profileId: 'work',
    region: 'ap-guangzhou',
    instanceId: `ins-${serial.toString(36).padStart(8, '0')}`,
    name: `web-${serial}`,
    state: 'RUNNING',
    ...over,
  };
}

function input(over: Partial<TrayMenuInput> = {}): TrayMenuInput {
  return {
    instances: [],
    profiles: [
      { id: 'work', name: 'Work' },
      { id: 'demo', name: 'Demo cloud' },
    ],
    defaultProfileId: 'work',
    consoles: [],
    maxRunning: 15,
    platform: 'linux',
    ...over,
  };
}

const labels = (items: MenuItemConstructorOptions[]) =>
  items.map((i) => (i.type === 'separator' ? '---' : i.label));
const byId = (items: MenuItemConstructorOptions[], id: string) => {
  const found = items.find((i) => i.id === id);
  expect(found, `no menu item ${id}`).toBeDefined();
  return found!;
};
const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)();

describe('trayMenuTemplate', () => {
  it('with nothing cached: says so, then quick connect, one submenu per profile, show and quit', () => {
    const a = actions();
    const menu = trayMenuTemplate(input(), a);
    expect(labels(menu)).toEqual([
      'No running instance listed',
      '---',
      'Quick connect…',
      '---',
      'Work',
      'Demo cloud',
      '---',
      'Show CVM Console',
      'Quit',
    ]);
    expect(menu[0]!.enabled).toBe(false);
    click(byId(menu, 'quick-connect'));
    expect(a.quickConnect).toHaveBeenCalledWith();
    click(byId(menu, 'show'));
    expect(a.showWindow).toHaveBeenCalled();
    click(byId(menu, 'quit'));
    expect(a.quit).toHaveBeenCalled();
    const work = byId(menu, 'profile:work').submenu as MenuItemConstructorOptions[];
    expect(labels(work)).toEqual(['No running instance listed', '---', 'Quick connect in Work…']);
    click(work[2]!);
    expect(a.quickConnect).toHaveBeenLastCalledWith('work');
  });

  it('lists favourites, then recents (newest first), then running instances of the default profile', () => {
    const fav = instance({
      name: 'db-1',
      favourite: true,
      profileId: 'demo',
      region: 'ap-seoul',
      state: 'STOPPED',
    });
    const old = instance({ name: 'old', openedAt: 1000 });
    const recent = instance({ name: 'recent', openedAt: 2000, state: 'REBOOTING' });
    const both = instance({ name: 'api-1', favourite: true, openedAt: 3000 });
    const run2 = instance({ name: 'web-10' });
    const run1 = instance({ name: 'web-2' });
    const stopped = instance({ name: 'stopped-1', state: 'STOPPED' });
    const other = instance({ name: 'elsewhere', profileId: 'demo' });
    const menu = trayMenuTemplate(
      input({ instances: [run2, stopped, old, fav, recent, run1, both, other] }),
      actions(),
    );
    expect(labels(menu).slice(0, 10)).toEqual([
      'Favourites',
      '● api-1 · ap-guangzhou · running',
      '○ db-1 · ap-seoul · stopped',
      'Recent',
      '◐ recent · ap-guangzhou · rebooting',
      '● old · ap-guangzhou · running',
      'Running · Work',
      // Natural order; instances already listed above are not repeated.
      '● web-2 · ap-guangzhou · running',
      '● web-10 · ap-guangzhou · running',
      '---',
    ]);
  });

  it('opens the console of the clicked instance, from the main list and from a profile submenu', () => {
    const a = actions();
    const target = instance({
      name: 'web-a',
      profileId: 'demo',
      region: 'ap-tokyo',
      instanceId: 'ins-abcdefgh',
    });
    const menu = trayMenuTemplate(input({ defaultProfileId: 'demo', instances: [target] }), a);
    click(byId(menu, 'running:demo/ap-tokyo/ins-abcdefgh'));
    const ref = { profileId: 'demo', region: 'ap-tokyo', instanceId: 'ins-abcdefgh' };
    expect(a.openConsole).toHaveBeenCalledWith(ref, 'web-a');
    const demo = byId(menu, 'profile:demo').submenu as MenuItemConstructorOptions[];
    click(byId(demo, 'profile-demo:demo/ap-tokyo/ins-abcdefgh'));
    expect(a.openConsole).toHaveBeenCalledTimes(2);
    expect(a.openConsole).toHaveBeenLastCalledWith(ref, 'web-a');
  });

  it('marks every state, and an unknown one as unknown', () => {
    const states = [
      'RUNNING',
      'STOPPED',
      'SHUTDOWN',
      'PENDING',
      'STARTING',
      'STOPPING',
      'REBOOTING',
      'TERMINATING',
      'LAUNCH_FAILED',
      'OTHER',
      'WEIRD',
    ];
    const list = states.map((state, i) => instance({ name: `n${i}`, state, favourite: true }));
    const menu = trayMenuTemplate(input({ instances: list.slice(0, 10) }), actions());
    expect(labels(menu).slice(1, 11)).toEqual([
      '● n0 · ap-guangzhou · running',
      '○ n1 · ap-guangzhou · stopped',
      '○ n2 · ap-guangzhou · shutdown',
      '◐ n3 · ap-guangzhou · pending',
      '◐ n4 · ap-guangzhou · starting',
      '◐ n5 · ap-guangzhou · stopping',
      '◐ n6 · ap-guangzhou · rebooting',
      '◐ n7 · ap-guangzhou · terminating',
      '◌ n8 · ap-guangzhou · launch failed',
      '◌ n9 · ap-guangzhou · unknown',
    ]);
  });

  it("shows each open console's state next to its instance", () => {
    const [a, b, c, d] = [0, 1, 2, 3].map((i) => instance({ name: `c${i}`, favourite: true }));
    const ref = (i: TrayInstance) => ({ profileId: i.profileId, region: i.region, instanceId: i.instanceId });
    const menu = trayMenuTemplate(
      input({
        instances: [a!, b!, c!, d!],
        consoles: [
          { ref: ref(a!), phase: 'connected' },
          { ref: ref(b!), phase: 'reconnecting' },
          { ref: ref(c!), phase: 'failed' },
        ],
      }),
      actions(),
    );
    expect(labels(menu).slice(1, 5)).toEqual([
      '● c0 · ap-guangzhou · running — open',
      '● c1 · ap-guangzhou · running — reconnecting',
      '● c2 · ap-guangzhou · running — console lost',
      '● c3 · ap-guangzhou · running',
    ]);
  });

  it('stays short with 1,000 instances: each section capped, the rest behind "N more…"', () => {
    const a = actions();
    const many = Array.from({ length: 1000 }, (_, i) =>
      instance({
        name: `node-${i}`,
        favourite: i < 40,
        openedAt: i >= 40 && i < 80 ? i : undefined,
        profileId: i % 2 ? 'work' : 'demo',
      }),
    );
    const started = performance.now();
    const menu = trayMenuTemplate(input({ instances: many, maxRunning: 15 }), a);
    expect(performance.now() - started).toBeLessThan(200);
    const top = labels(menu);
    expect(top.filter((l) => l?.startsWith('● ')).length).toBe(MAX_FAVOURITES + MAX_RECENTS + 15);
    expect(top).toContain(`${40 - MAX_FAVOURITES} more… (quick connect)`);
    expect(top).toContain(`${40 - MAX_RECENTS} more… (quick connect)`);
    // 500 running in "work": those already listed as favourites or recents are not repeated.
    const listed = menu.filter((i) => /^(favourite|recent):work\//.test(i.id ?? '')).length;
    expect(listed).toBeGreaterThan(0);
    const runningMore = menu.find((i) => i.label === `${500 - listed - 15} more… (quick connect)`)!;
    click(runningMore);
    expect(a.quickConnect).toHaveBeenCalledWith('work');
    const work = byId(menu, 'profile:work').submenu as MenuItemConstructorOptions[];
    expect(work).toHaveLength(15 + 1 + 2);
    expect(work[15]!.label).toBe('485 more… (quick connect)');
    expect(menu.length).toBeLessThan(60);
  });

  it('keeps the running count within its bounds whatever the setting says', () => {
    const many = Array.from({ length: 100 }, () => instance());
    const count = (maxRunning: number) =>
      labels(trayMenuTemplate(input({ instances: many, maxRunning }), actions())).filter((l) =>
        l?.startsWith('●'),
      ).length;
    expect(count(0)).toBe(0);
    expect(count(3)).toBe(3);
    expect(count(1e9)).toBe(50);
    expect(count(Number.NaN)).toBe(0);
  });

  it('caps the profile submenus', () => {
    const profiles = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, name: `Profile ${i}` }));
    const menu = trayMenuTemplate(input({ profiles }), actions());
    expect(menu.filter((i) => i.submenu).length).toBe(MAX_PROFILE_SUBMENUS);
    expect(labels(menu)).toContain('10 more profiles in the app');
  });

  it('cleans names from the cloud: invisible characters, length, mnemonics', () => {
    expect(menuText('web\u202e1\u0000\nprod', 'darwin')).toBe('web 1 prod');
    expect(menuText('R&D', 'win32')).toBe('R&&D');
    expect(menuText('R&D', 'linux')).toBe('R&&D');
    expect(menuText('R&D', 'darwin')).toBe('R&D');
    expect(menuText('x'.repeat(200), 'darwin')).toBe(`${'x'.repeat(47)}…`);
    const menu = trayMenuTemplate(
      input({ instances: [instance({ name: '', instanceId: 'ins-00000xyz', favourite: true })] }),
      actions(),
    );
    expect(menu[1]!.label).toBe('● ins-00000xyz · ap-guangzhou · running');
  });
});

describe('trayTooltip', () => {
  const ref = { profileId: 'p', region: 'ap-guangzhou', instanceId: 'ins-aaaaaaaa' };
  it('says how many consoles are open and how many are reconnecting', () => {
    expect(trayTooltip([])).toBe('CVM Console');
    expect(trayTooltip([{ ref, phase: 'connected' }])).toBe('CVM Console · 1 console open');
    expect(
      trayTooltip([
        { ref, phase: 'connected' },
        { ref, phase: 'reconnecting' },
        { ref, phase: 'waiting-instance' },
        { ref, phase: 'connecting' },
      ]),
    ).toBe('CVM Console · 4 consoles open · 2 reconnecting');
  });
});
