// The desktop adapters with fake Electron objects: close to tray, notifications, start at login,
// the palette window and the main window's placement, visibility and developer tools.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { App, BrowserWindow, NotificationConstructorOptions } from 'electron';
import { CloseToTray } from '../../../src-main/shell/close-to-tray';
import { DesktopNotifier, type NotificationClass } from '../../../src-main/shell/notifier';
import { applyStartAtLogin } from '../../../src-main/shell/login-item';
import { PaletteWindow, paletteRoute } from '../../../src-main/shell/palette-window';
import { createMainWindow } from '../../../src-main/shell/main-window';
import { openConsoleWindow } from '../../../src-main/shell/console-window';
import { consoleNotice } from '../../../src-main/desktop/notices';
import { fakeBrowserWindowClass } from '../../support/fake-electron';

describe('CloseToTray', () => {
  function setup(enabled = true, shown = false) {
    const app = new EventEmitter();
    const showNotice = vi.fn();
    const closeToTray = new CloseToTray(app as unknown as App, {
      enabled: () => enabled,
      noticeShown: () => shown,
      showNotice,
    });
    const win = Object.assign(new EventEmitter(), { hide: vi.fn() });
    closeToTray.attach(win as unknown as BrowserWindow);
    const close = () => {
      const event = { preventDefault: vi.fn() };
      win.emit('close', event);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { app, win, showNotice, close };
  }

  it('hides the window instead of closing it, with the notice the first time only', () => {
    const first = setup(true, false);
    expect(first.close()).toBe(true);
    expect(first.win.hide).toHaveBeenCalled();
    expect(first.showNotice).toHaveBeenCalledTimes(1);
    const later = setup(true, true);
    expect(later.close()).toBe(true);
    expect(later.showNotice).not.toHaveBeenCalled();
  });

  it('closes for real when the setting is off (or there is no tray) and when quitting', () => {
    const off = setup(false);
    expect(off.close()).toBe(false);
    expect(off.win.hide).not.toHaveBeenCalled();
    const quitting = setup(true);
    quitting.app.emit('before-quit');
    expect(quitting.close()).toBe(false);
    expect(quitting.showNotice).not.toHaveBeenCalled();
  });
});

describe('DesktopNotifier', () => {
  function fakeNotificationClass(supported = true) {
    const shown: Array<EventEmitter & { options: NotificationConstructorOptions }> = [];
    class FakeNotification extends EventEmitter {
      constructor(readonly options: NotificationConstructorOptions) {
        super();
      }
      show() {
        shown.push(this);
      }
      static isSupported() {
        return supported;
      }
    }
    return { Notification: FakeNotification as unknown as NotificationClass, shown };
  }

  it('shows a notice, keeps it until clicked, and calls back on the click', () => {
    const { Notification, shown } = fakeNotificationClass();
    const notifier = new DesktopNotifier(Notification, '/res/icon.png');
    const onClick = vi.fn();
    const notice = consoleNotice(
      'restored',
      { name: 'web', instanceId: 'ins-aaaaaaaa', region: 'ap-seoul' },
      {
        enabled: true,
        focused: false,
      },
    );
    expect(notifier.show(notice, onClick)).toBe(true);
    expect(shown[0]!.options).toEqual({
      title: 'Console back: web',
      body: 'web (ap-seoul) is connected again.',
      silent: true,
      icon: '/res/icon.png',
    });
    expect(notifier.pending).toBe(1);
    shown[0]!.emit('click');
    expect(onClick).toHaveBeenCalled();
    expect(notifier.pending).toBe(0);
  });

  it('shows nothing for no notice, or where the OS has no notifications', () => {
    const { Notification, shown } = fakeNotificationClass();
    expect(new DesktopNotifier(Notification).show(null)).toBe(false);
    const unsupported = fakeNotificationClass(false);
    expect(new DesktopNotifier(unsupported.Notification).show({ title: 't', body: 'b' })).toBe(false);
    expect([...shown, ...unsupported.shown]).toEqual([]);
  });
});

describe('applyStartAtLogin', () => {
  it('uses login items on macOS and Windows (Windows starts hidden in the tray)', async () => {
    for (const platform of ['darwin', 'win32']) {
      const app = { setLoginItemSettings: vi.fn() };
      const deps = { app, platform, executable: '/x', autostartFile: '/nowhere/x.desktop' };
      await applyStartAtLogin(true, deps);
      await applyStartAtLogin(false, deps);
      expect(app.setLoginItemSettings.mock.calls).toEqual(
        platform === 'win32'
          ? [[{ openAtLogin: true, args: ['--hidden'] }], [{ openAtLogin: false, args: ['--hidden'] }]]
          : [[{ openAtLogin: true }], [{ openAtLogin: false }]],
      );
    }
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cvm-autostart-'));
    try {
      const app = { setLoginItemSettings: vi.fn() };
      const autostartFile = join(dir, 'autostart', 'cvm-console.desktop');
      const deps = { app, platform: 'linux', executable: '/opt/CVM Console/cvm-console', autostartFile };
      await applyStartAtLogin(true, deps);
      const text = await readFile(autostartFile, 'utf8');
      expect(text).toContain('Exec="/opt/CVM Console/cvm-console" --hidden\n');
      await applyStartAtLogin(false, deps);
      await expect(stat(autostartFile)).rejects.toThrow();
      await applyStartAtLogin(false, deps); // already gone: fine
      await expect(applyStartAtLogin(true, { ...deps, executable: '/tmp/a\nb' })).rejects.toThrow(
        /cannot be written/,
      );
      expect(app.setLoginItemSettings).not.toHaveBeenCalled();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PaletteWindow', () => {
  const deps = (BrowserWindowCtor: typeof BrowserWindow) => ({
    BrowserWindow: BrowserWindowCtor,
    preloadPath: '/app/preload.js',
    entryUrl: 'app://cvm-console/index.html',
    devTools: false,
  });

  it('creates one small, locked-down window on the palette route, and reuses it', () => {
    const { BrowserWindow, made } = fakeBrowserWindowClass();
    const palette = new PaletteWindow(deps(BrowserWindow));
    palette.show();
    expect(made).toHaveLength(1);
    const win = made[0]!;
    expect(win.options).toMatchObject({
      width: 640,
      height: 420,
      frame: false,
      show: false,
      skipTaskbar: true,
    });
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/preload.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(win.urls).toEqual(['app://cvm-console/index.html#/palette']);
    win.emit('ready-to-show');
    expect(palette.isVisible()).toBe(true);
    // Clicking elsewhere hides it; showing again reuses the same window, scoped to a profile now.
    win.emit('blur');
    expect(palette.isVisible()).toBe(false);
    palette.show('work');
    expect(made).toHaveLength(1);
    expect(win.urls.at(-1)).toBe('app://cvm-console/index.html#/palette/work');
    expect(win.calls.slice(-2)).toEqual(['show', 'focus']);
    palette.hide();
    expect(palette.isVisible()).toBe(false);
  });

  it('makes a new window after the old one was closed', () => {
    const { BrowserWindow, made } = fakeBrowserWindowClass();
    const palette = new PaletteWindow(deps(BrowserWindow));
    palette.show();
    made[0]!.close();
    palette.show();
    expect(made).toHaveLength(2);
  });

  it('routes only a well-formed profile id', () => {
    expect(paletteRoute('demo')).toBe('#/palette/demo');
    expect(paletteRoute('../evil')).toBe('#/palette');
    expect(paletteRoute(undefined)).toBe('#/palette');
  });
});

describe('createMainWindow', () => {
  it('opens where it was, maximised if it was, without developer tools when packaged', () => {
    const { BrowserWindow, made } = fakeBrowserWindowClass();
    createMainWindow(BrowserWindow, '/p.js', 'app://cvm-console/index.html', {
      devTools: false,
      placement: { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true },
    });
    const win = made[0]!;
    expect(win.options).toMatchObject({ x: 10, y: 20, width: 900, height: 700, show: false });
    expect(win.options.webPreferences!.devTools).toBe(false);
    win.emit('ready-to-show');
    expect(win.calls).toEqual(['maximize']);
  });

  it('stays hidden when started at login; developer tools only when asked for (development)', () => {
    const { BrowserWindow, made } = fakeBrowserWindowClass();
    createMainWindow(BrowserWindow, '/p.js', 'app://cvm-console/index.html', { show: false });
    made[0]!.emit('ready-to-show');
    expect(made[0]!.calls).toEqual([]);
    expect(made[0]!.options.webPreferences!.devTools).toBe(false);
    createMainWindow(BrowserWindow, '/p.js', 'app://cvm-console/index.html', { devTools: true });
    expect(made[1]!.options.webPreferences!.devTools).toBe(true);
    expect(made[0]!.options).toMatchObject({ width: 1280, height: 860 });
  });

  it('gives detached console windows the same developer-tools choice', () => {
    const { BrowserWindow, made } = fakeBrowserWindowClass();
    const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-aaaaaaaa' };
    openConsoleWindow(BrowserWindow, '/p.js', 'app://cvm-console/index.html', ref, 'web', false);
    expect(made[0]!.options.webPreferences!.devTools).toBe(false);
  });
});
