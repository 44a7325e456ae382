// The application menu template: roles per platform, our commands and their shortcuts, nothing
// that grabs a console's key chords on Windows and Linux, no developer tools when packaged.
import { describe, expect, it, vi, type Mock } from 'vitest';
import type { BaseWindow, Menu, MenuItemConstructorOptions } from 'electron';
import {
  APP_COMMANDS,
  appMenuTemplate,
  type AppCommand,
  type CommandHandler,
} from '../../../src-main/desktop/app-menu';
import { installAppMenu } from '../../../src-main/shell/app-menu';

type Item = MenuItemConstructorOptions;

function flatten(items: Item[]): Item[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

function handlers() {
  return Object.fromEntries(APP_COMMANDS.map((c) => [c, vi.fn<CommandHandler>()])) as Record<
    AppCommand,
    Mock<CommandHandler>
  >;
}

const build = (
  platform: string,
  packaged = true,
  commands: Partial<Record<AppCommand, CommandHandler>> = handlers(),
) => appMenuTemplate({ platform, appName: 'CVM Console', packaged, commands });

describe('appMenuTemplate', () => {
  it('has the usual menus on macOS, with the app menu first', () => {
    expect(build('darwin').map((m) => m.label)).toEqual([
      'CVM Console',
      'File',
      'Edit',
      'View',
      'Console',
      'Window',
    ]);
    const roles = flatten(build('darwin'))
      .map((i) => i.role)
      .filter(Boolean);
    for (const r of [
      'about',
      'services',
      'hide',
      'quit',
      'undo',
      'copy',
      'paste',
      'togglefullscreen',
      'minimize',
      'front',
    ])
      expect(roles).toContain(r);
  });

  it('has File … Help on Windows and Linux, with Quit in File', () => {
    for (const platform of ['win32', 'linux']) {
      const menu = build(platform);
      expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Console', 'Window', 'Help']);
      expect((menu[0]!.submenu as Item[]).at(-1)!.role).toBe('quit');
    }
  });

  it('gives each command its shortcut and calls its handler with the window it was used in', () => {
    const h = handlers();
    const items = flatten(
      appMenuTemplate({ platform: 'darwin', appName: 'CVM Console', packaged: true, commands: h }),
    );
    const accelerators = Object.fromEntries(items.filter((i) => i.id).map((i) => [i.id, i.accelerator]));
    expect(accelerators).toEqual({
      'quick-connect': 'Cmd+K',
      'new-console': 'Cmd+T',
      'close-tab': 'Cmd+W',
      'type-text': 'Cmd+Shift+V',
      reconnect: 'Cmd+Shift+R',
      'refresh-inventory': 'Cmd+R',
    });
    const win = { id: 7 } as unknown as BaseWindow;
    for (const name of APP_COMMANDS) {
      const item = items.find((i) => i.id === name)!;
      (item.click as (i: unknown, w: BaseWindow | undefined, e: unknown) => void)({}, win, {});
      expect(h[name]).toHaveBeenCalledWith(win);
    }
    const linux = flatten(build('linux'));
    expect(linux.find((i) => i.id === 'quick-connect')!.accelerator).toBe('Ctrl+K');
    expect(linux.find((i) => i.id === 'refresh-inventory')!.accelerator).toBe('F5');
  });

  it('registers no accelerator a console needs on Windows and Linux, except F11 for full screen', () => {
    for (const platform of ['win32', 'linux']) {
      const registered = flatten(build(platform, false)).filter(
        (i) => (i.role || i.accelerator) && !i.submenu && i.registerAccelerator !== false,
      );
      expect(registered.map((i) => [i.role, i.accelerator])).toEqual([['togglefullscreen', 'F11']]);
    }
    // macOS: Cmd chords are the app's; everything registers as usual.
    expect(flatten(build('darwin')).some((i) => i.registerAccelerator === false)).toBe(false);
  });

  it('moves Close Window off Cmd/Ctrl+W, which closes a tab', () => {
    for (const platform of ['darwin', 'linux']) {
      const close = flatten(build(platform)).find((i) => i.role === 'close')!;
      expect(close.accelerator).toBe('CmdOrCtrl+Shift+W');
    }
  });

  it('has no developer tools and no reload in a packaged build', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const packaged = flatten(build(platform, true)).map((i) => i.role);
      expect(packaged).not.toContain('toggleDevTools');
      expect(packaged).not.toContain('reload');
      expect(packaged).not.toContain('forceReload');
      const dev = flatten(build(platform, false)).map((i) => i.role);
      expect(dev).toContain('toggleDevTools');
    }
  });

  it('leaves out a command nobody handles, and a menu left empty, without stray separators', () => {
    const menu = build('linux', true, { 'quick-connect': () => {} });
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const file = (menu[0]!.submenu as Item[]).map((i) => i.id ?? i.role ?? i.type);
    expect(file).toEqual(['quick-connect', 'separator', 'close', 'separator', 'quit']);
    const view = (menu[2]!.submenu as Item[]).map((i) => i.role ?? i.type);
    expect(view[0]).toBe('resetZoom');
    expect(view.at(-1)).toBe('togglefullscreen');
    for (const m of menu) {
      const items = m.submenu as Item[];
      expect(items[0]!.type).not.toBe('separator');
      expect(items.at(-1)!.type).not.toBe('separator');
      items.forEach((item, i) => {
        if (item.type === 'separator') expect(items[i + 1]!.type).not.toBe('separator');
      });
    }
  });
});

describe('installAppMenu', () => {
  it('builds the template and sets it as the application menu', () => {
    const built = { built: true } as unknown as Menu;
    const menu = { buildFromTemplate: vi.fn((_template: Item[]) => built), setApplicationMenu: vi.fn() };
    installAppMenu(menu, { platform: 'linux', appName: 'CVM Console', packaged: true, commands: {} });
    expect(menu.buildFromTemplate.mock.calls[0]![0].map((m) => m.label)).toEqual([
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
    expect(menu.setApplicationMenu).toHaveBeenCalledWith(built);
  });
});
