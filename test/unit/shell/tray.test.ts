// The tray adapters with fake Electron objects: the menu handed to the tray and re-set when it
// would look different, clicks reaching the app, the Windows click, the tooltip, the image.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { NativeImage, Tray } from 'electron';
import { TrayMenu } from '../../../src-main/shell/tray-menu';
import { createAppTray } from '../../../src-main/shell/tray';
import { fakeMenu, fakeTray } from '../../support/fake-electron';
import type { TrayInstance, TrayMenuInput } from '../../../src-main/desktop/tray-menu';

const web: TrayInstance = {
  profileId: 'demo',
  region: 'ap-guangzhou',
  instanceId: 'ins-demo0001',
  name: 'web-prod-01',
  state: 'RUNNING',
};

function setup(platform = 'linux', over: Partial<TrayMenuInput> = {}) {
  const tray = fakeTray();
  const menu = fakeMenu();
  const actions = { openConsole: vi.fn(), quickConnect: vi.fn(), showWindow: vi.fn(), quit: vi.fn() };
  const trayMenu = new TrayMenu(tray as unknown as Tray, menu, actions, {
    instances: [web],
    profiles: [{ id: 'demo', name: 'Demo cloud' }],
    defaultProfileId: 'demo',
    consoles: [],
    maxRunning: 15,
    platform,
    ...over,
  });
  const current = () => tray.menus.at(-1)!;
  const item = (id: string) => current().find((i) => i.id === id)!;
  return { tray, menu, actions, trayMenu, current, item };
}

describe('TrayMenu', () => {
  it('attaches the menu at once, and a click on an instance opens its console', () => {
    const { tray, actions, item } = setup();
    expect(tray.menus).toHaveLength(1);
    (item('running:demo/ap-guangzhou/ins-demo0001').click as () => void)();
    expect(actions.openConsole).toHaveBeenCalledWith(
      { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' },
      'web-prod-01',
    );
  });

  it('re-sets the menu when the inputs change how it looks, and only then', () => {
    const { tray, trayMenu, current } = setup();
    trayMenu.update({ instances: [web] });
    trayMenu.update({ maxRunning: 15 });
    expect(tray.menus).toHaveLength(1);
    trayMenu.update({ instances: [{ ...web, state: 'STOPPING' }] });
    expect(tray.menus).toHaveLength(2);
    expect(current()[0]!.label).toBe('No running instance listed');
    trayMenu.update({
      instances: [web, { ...web, instanceId: 'ins-demo0002', name: 'db-01', favourite: true }],
    });
    expect(
      current()
        .map((i) => i.label)
        .slice(0, 4),
    ).toEqual([
      'Favourites',
      '● db-01 · ap-guangzhou · running',
      'Running · Demo cloud',
      '● web-prod-01 · ap-guangzhou · running',
    ]);
  });

  it('keeps the tooltip on the number of consoles open and reconnecting', () => {
    const { tray, trayMenu, current } = setup();
    expect(tray.tooltips).toEqual(['CVM Console']);
    const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };
    trayMenu.update({ consoles: [{ ref, phase: 'connected' }] });
    trayMenu.update({ consoles: [{ ref, phase: 'reconnecting' }] });
    expect(tray.tooltips).toEqual([
      'CVM Console',
      'CVM Console · 1 console open',
      'CVM Console · 1 console open · 1 reconnecting',
    ]);
    expect(current()[1]!.label).toBe('● web-prod-01 · ap-guangzhou · running — reconnecting');
  });

  it('shows the window on a click of the icon on Windows; elsewhere the menu does everything', () => {
    const win = setup('win32');
    win.tray.emit('click');
    expect(win.actions.showWindow).toHaveBeenCalledTimes(1);
    const linux = setup('linux');
    linux.tray.emit('click');
    expect(linux.actions.showWindow).not.toHaveBeenCalled();
    expect(linux.tray.menus).toHaveLength(1);
  });
});

describe('createAppTray', () => {
  function deps(platform: string, { empty = false } = {}) {
    const nativeTheme = Object.assign(new EventEmitter(), {
      shouldUseDarkColors: false,
      shouldUseHighContrastColors: false,
    });
    const images: Array<{ path: string; template: boolean }> = [];
    const nativeImage = {
      createFromPath: (path: string) => {
        const image = { path, template: false };
        images.push(image);
        return {
          isEmpty: () => empty,
          setTemplateImage: (on: boolean) => (image.template = on),
          path,
        } as unknown as NativeImage;
      },
    };
    const set: string[] = [];
    class FakeTray {
      constructor(readonly image: NativeImage & { path: string }) {}
      setImage(image: NativeImage & { path: string }) {
        set.push(image.path);
      }
    }
    return {
      deps: {
        Tray: FakeTray as unknown as new (image: NativeImage) => Tray,
        nativeImage,
        nativeTheme: nativeTheme as never,
        platform,
        trayDir: '/res/tray',
      },
      nativeTheme,
      images,
      set,
    };
  }

  it('uses the template image on macOS', () => {
    const { deps: d, images } = deps('darwin');
    const tray = createAppTray(d) as unknown as { image: { path: string } };
    expect(tray.image.path).toBe('/res/tray/trayTemplate.png');
    expect(images).toEqual([{ path: '/res/tray/trayTemplate.png', template: true }]);
  });

  it('follows the theme: a high-contrast dark theme gets the light glyph', () => {
    const { deps: d, nativeTheme, set } = deps('win32');
    const tray = createAppTray(d) as unknown as { image: { path: string } };
    expect(tray.image.path).toBe('/res/tray/tray.ico');
    Object.assign(nativeTheme, { shouldUseDarkColors: true, shouldUseHighContrastColors: true });
    nativeTheme.emit('updated');
    expect(set).toEqual(['/res/tray/tray-light-16.png']);
  });

  it('creates no tray when its image is missing', () => {
    expect(createAppTray(deps('linux', { empty: true }).deps)).toBeUndefined();
  });
});
