// The desktop wiring with fake Tray, Menu, app, Notification and BrowserWindow: a click in the
// tray menu opens that instance's console window (the right route), quick connect the palette
// window, Show and Quit reach the app; closing the main window hides it to the tray, with the
// notice once; without a tray image nothing is hidden.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions, NativeImage, NotificationConstructorOptions, Tray } from 'electron';
import { installDesktopShell, type DesktopShellDeps } from '../../../src-main/shell/desktop-shell';
import type { NotificationClass } from '../../../src-main/shell/notifier';
import { fakeBrowserWindowClass, fakeMenu, fakeTray } from '../../support/fake-electron';

const ENTRY = 'app://cvm-console/index.html';
const web = {
  profileId: 'work',
  region: 'ap-seoul',
  instanceId: 'ins-web00001',
  name: 'web-prod-01',
  state: 'RUNNING',
};
const db = { ...web, region: 'ap-tokyo', instanceId: 'ins-db000001', name: 'db-prod-01' };

function setup({ trayImage = true, platform = 'linux' } = {}) {
  const { BrowserWindow, made } = fakeBrowserWindowClass();
  const trays: ReturnType<typeof fakeTray>[] = [];
  class FakeTray {
    constructor() {
      const tray = fakeTray();
      trays.push(tray);
      return tray as unknown as FakeTray;
    }
  }
  const notes: NotificationConstructorOptions[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    constructor(readonly options: NotificationConstructorOptions) {
      super();
    }
    show() {
      notes.push(this.options);
    }
  }
  const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
  const showMainWindow = vi.fn();
  let noticeShown = false;
  const deps: DesktopShellDeps = {
    app: app as unknown as DesktopShellDeps['app'],
    BrowserWindow,
    Menu: fakeMenu(),
    Notification: FakeNotification as unknown as NotificationClass,
    tray: {
      Tray: FakeTray as unknown as new (image: NativeImage) => Tray,
      nativeImage: {
        createFromPath: () =>
          ({ isEmpty: () => !trayImage, setTemplateImage() {} }) as unknown as NativeImage,
      },
      nativeTheme: Object.assign(new EventEmitter(), {
        shouldUseDarkColors: false,
        shouldUseHighContrastColors: false,
      }) as never,
      trayDir: '/res/tray',
    },
    platform,
    preloadPath: '/app/preload.js',
    entryUrl: ENTRY,
    devTools: false,
    showMainWindow,
    trayInput: {
      instances: [web, db],
      profiles: [
        { id: 'work', name: 'Work' },
        { id: 'home', name: 'Home' },
      ],
      defaultProfileId: 'work',
      consoles: [],
      maxRunning: 15,
    },
    closeToTray: {
      enabled: () => true,
      noticeShown: () => noticeShown,
      markNoticeShown: () => (noticeShown = true),
    },
  };
  const shell = installDesktopShell(deps);
  const menu = () => trays[0]!.menus.at(-1)!;
  const click = (items: readonly MenuItemConstructorOptions[], id: string) => {
    const item = items.find((i) => i.id === id);
    if (!item) throw new Error(`no menu item ${id} in ${items.map((i) => i.id).join(', ')}`);
    (item.click as () => void)();
    return item;
  };
  return { shell, made, trays, notes, app, showMainWindow, menu, click };
}

describe('installDesktopShell', () => {
  it('a click on an instance in the tray menu opens that console in a window of its own', () => {
    const { made, menu, click } = setup();
    expect(made).toHaveLength(0);
    click(menu(), 'running:work/ap-tokyo/ins-db000001');
    expect(made).toHaveLength(1);
    expect(made[0]!.urls).toEqual([`${ENTRY}#/console/work/ap-tokyo/ins-db000001`]);
    expect(made[0]!.options.title).toBe('db-prod-01');
    expect(made[0]!.options.webPreferences?.devTools).toBe(false);
    made[0]!.emit('ready-to-show');
    expect(made[0]!.visible).toBe(true);
  });

  it('quick connect opens the palette window (scoped from a profile submenu); Show and Quit reach the app', () => {
    const { made, menu, click, showMainWindow, app } = setup();
    click(menu(), 'quick-connect');
    expect(made.at(-1)!.urls).toEqual([`${ENTRY}#/palette`]);
    const home = menu().find((i) => i.id === 'profile:home')!;
    const items = home.submenu as MenuItemConstructorOptions[];
    const scoped = items.find((i) => /quick connect/i.test(String(i.label)))!;
    (scoped.click as () => void)();
    // The same palette window, now on the profile's route.
    expect(made).toHaveLength(1);
    expect(made[0]!.urls).toEqual([`${ENTRY}#/palette`, `${ENTRY}#/palette/home`]);
    click(menu(), 'show');
    expect(showMainWindow).toHaveBeenCalledTimes(1);
    click(menu(), 'quit');
    expect(app.quit).toHaveBeenCalledTimes(1);
  });

  it('closing the main window hides it to the tray, with the notice the first time only', () => {
    const { shell, notes, app, showMainWindow } = setup();
    const win = Object.assign(new EventEmitter(), { hide: vi.fn() });
    shell.attachMainWindow(win as never);
    for (let i = 0; i < 2; i++) {
      const event = { preventDefault: vi.fn() };
      win.emit('close', event);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(win.hide).toHaveBeenCalledTimes(2);
    expect(notes.map((n) => n.title)).toEqual(['CVM Console is still running']);
    app.emit('before-quit');
    const event = { preventDefault: vi.fn() };
    win.emit('close', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(showMainWindow).not.toHaveBeenCalled();
  });

  it('without a tray image there is no tray, and closing the window closes it', () => {
    const { shell, trays } = setup({ trayImage: false });
    expect(shell.tray).toBeUndefined();
    expect(trays).toHaveLength(0);
    const win = Object.assign(new EventEmitter(), { hide: vi.fn() });
    shell.attachMainWindow(win as never);
    const event = { preventDefault: vi.fn() };
    win.emit('close', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(win.hide).not.toHaveBeenCalled();
  });
});
