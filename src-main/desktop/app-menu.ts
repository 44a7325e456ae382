// The native application menu as a template: the usual roles of each platform, plus our
// commands with their shortcuts.
//
// A VNC console needs every key chord: Ctrl+W deletes a word in a shell, Ctrl+R searches its
// history, Ctrl+K cuts a line, Ctrl+C interrupts. Electron resolves menu accelerators in the main
// process before the page sees the key, so on Windows and Linux a registered Ctrl+… accelerator
// would never reach the console. There the menu shows each shortcut but does not register it
// (`registerAccelerator: false`); the window acts on the chord itself, from the same key table
// (common/app-shortcuts.ts, which says which chords are taken from a console holding the keyboard).
// The one exception is F11 (full screen), so that full screen can always be left. On macOS the
// shortcuts use Cmd, which consoles do not need, and are registered as usual.
// No developer tools and no reload in a packaged build: a reload would drop every console.
import type en from '../../i18n/en';
import { ENGLISH, type Translate } from '../../i18n/translator';
import type { BaseWindow, MenuItemConstructorOptions } from 'electron';
import { WINDOW_COMMANDS } from '../contract';
import { SHORTCUTS, type AppCommand } from '../common/app-shortcuts';

/** Quick connect opens its own window (main); the others act in the focused window. */
export const APP_COMMANDS = ['quick-connect', ...WINDOW_COMMANDS] as const satisfies readonly AppCommand[];
export type { AppCommand };

type MenuKey = `menu.${Exclude<keyof typeof en.menu, 'role'>}`;
/** Role labels without the app's name in them (About, Hide and Quit {{app}} are asked for by name). */
type RoleKey = `menu.role.${Exclude<keyof typeof en.menu.role, 'about' | 'hide' | 'quitApp'>}`;

/** Each command's label; its shortcut comes from the shared key table. */
export const COMMAND_LABELS: Record<AppCommand, MenuKey> = {
  'quick-connect': 'menu.quickConnect',
  'new-console': 'menu.newConsole',
  'close-tab': 'menu.closeTab',
  'type-text': 'menu.typeText',
  reconnect: 'menu.reconnect',
  'refresh-inventory': 'menu.refreshInventory',
};

export type CommandHandler = (window: BaseWindow | undefined) => void;

export interface AppMenuOptions {
  platform: string;
  appName: string;
  packaged: boolean;
  /** Our commands; one without a handler is left out (never shown as a dead item). */
  commands: Partial<Record<AppCommand, CommandHandler>>;
  /** Main's translator's `t`: the menu is rebuilt in the new language when it changes. */
  t?: Translate;
}

// Electron's own role labels are English whatever the language, so each role gets ours.
const ROLE_LABELS: Partial<Record<NonNullable<MenuItemConstructorOptions['role']>, RoleKey>> = {
  services: 'menu.role.services',
  hideOthers: 'menu.role.hideOthers',
  unhide: 'menu.role.unhide',
  quit: 'menu.role.quit',
  close: 'menu.role.close',
  undo: 'menu.role.undo',
  redo: 'menu.role.redo',
  cut: 'menu.role.cut',
  copy: 'menu.role.copy',
  paste: 'menu.role.paste',
  selectAll: 'menu.role.selectAll',
  resetZoom: 'menu.role.resetZoom',
  zoomIn: 'menu.role.zoomIn',
  zoomOut: 'menu.role.zoomOut',
  togglefullscreen: 'menu.role.togglefullscreen',
  reload: 'menu.role.reload',
  toggleDevTools: 'menu.role.toggleDevTools',
  minimize: 'menu.role.minimize',
  zoom: 'menu.role.zoom',
  front: 'menu.role.front',
};

type Item = MenuItemConstructorOptions;

export function appMenuTemplate(options: AppMenuOptions): Item[] {
  const mac = options.platform === 'darwin';
  const t = options.t ?? ENGLISH.t;
  const app = options.appName;
  const roleLabel = (r: NonNullable<Item['role']>): string | undefined => {
    if (r === 'about') return t('menu.role.about', { app });
    if (r === 'hide') return t('menu.role.hide', { app });
    if (r === 'quit' && mac) return t('menu.role.quitApp', { app });
    const key = ROLE_LABELS[r];
    return key ? t(key) : undefined;
  };
  // Windows and Linux: show the chord, leave the key to the page (see the top of this file).
  const keys = (accelerator: string, always = false): Partial<Item> =>
    mac || always ? { accelerator } : { accelerator, registerAccelerator: false };
  const role = (r: NonNullable<Item['role']>, extra: Partial<Item> = {}): Item => {
    const label = roleLabel(r);
    const named = label === undefined ? {} : { label };
    return mac
      ? { role: r, ...named, ...extra }
      : { role: r, registerAccelerator: false, ...named, ...extra };
  };
  const command = (name: AppCommand): Item[] => {
    const handler = options.commands[name];
    if (!handler) return [];
    const shortcut = SHORTCUTS[name];
    return [
      {
        id: name,
        label: t(COMMAND_LABELS[name]),
        ...keys(mac ? shortcut.mac : shortcut.other),
        click: (_item, window) => handler(window ?? undefined),
      },
    ];
  };
  const separator: Item = { type: 'separator' };
  /** Drops separators that would lead, trail or double up once commands are left out. */
  const tidy = (items: Item[]): Item[] => {
    const out: Item[] = [];
    for (const item of items) {
      if (item.type === 'separator' && (out.length === 0 || out.at(-1)!.type === 'separator')) continue;
      out.push(item);
    }
    while (out.at(-1)?.type === 'separator') out.pop();
    return out;
  };
  const menu = (label: string, items: Item[]): Item[] => {
    const submenu = tidy(items);
    return submenu.length > 0 ? [{ label, submenu }] : [];
  };

  return [
    ...(mac
      ? menu(options.appName, [
          role('about'),
          separator,
          role('services'),
          separator,
          role('hide'),
          role('hideOthers'),
          role('unhide'),
          separator,
          role('quit'),
        ])
      : []),
    ...menu(t('menu.file'), [
      ...command('new-console'),
      ...command('quick-connect'),
      separator,
      ...command('close-tab'),
      // Close Tab has Cmd/Ctrl+W, so closing the whole window moves to Shift.
      role('close', { accelerator: 'CmdOrCtrl+Shift+W' }),
      ...(mac ? [] : [separator, role('quit')]),
    ]),
    ...menu(t('menu.edit'), [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      role('selectAll'),
    ]),
    ...menu(t('menu.view'), [
      ...command('refresh-inventory'),
      separator,
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      {
        role: 'togglefullscreen',
        label: t('menu.role.togglefullscreen'),
        ...keys(mac ? 'Ctrl+Cmd+F' : 'F11', true),
      },
      ...(options.packaged ? [] : [separator, role('reload'), role('toggleDevTools')]),
    ]),
    ...menu(t('menu.console'), [...command('type-text'), ...command('reconnect')]),
    ...menu(
      t('menu.window'),
      mac ? [role('minimize'), role('zoom'), separator, role('front')] : [role('minimize')],
    ),
    ...(mac ? [] : menu(t('menu.help'), [role('about')])),
  ];
}
