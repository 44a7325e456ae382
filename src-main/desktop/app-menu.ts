// The native application menu as a template: the usual roles of each platform, plus our
// commands with their shortcuts.
//
// A VNC console needs every key chord: Ctrl+W deletes a word in a shell, Ctrl+R searches its
// history, Ctrl+K cuts a line, Ctrl+C interrupts. Electron resolves menu accelerators in the main
// process before the page sees the key, so on Windows and Linux a registered Ctrl+… accelerator
// would never reach the console. There the menu shows each shortcut but does not register it
// (`registerAccelerator: false`); the renderer acts on the chord only while the console does not
// hold the keyboard. The one exception is F11 (full screen), so that full screen can always be
// left. On macOS the shortcuts use Cmd, which consoles do not need, and are registered as usual.
// No developer tools and no reload in a packaged build: a reload would drop every console.
import type { BaseWindow, MenuItemConstructorOptions } from 'electron';
import { WINDOW_COMMANDS } from '../contract';

/** Quick connect opens its own window (main); the others act in the focused window. */
export const APP_COMMANDS = ['quick-connect', ...WINDOW_COMMANDS] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export interface CommandSpec {
  label: string;
  /** Electron accelerator on macOS / on Windows and Linux. */
  mac: string;
  other: string;
}

export const COMMANDS: Record<AppCommand, CommandSpec> = {
  'quick-connect': { label: 'Quick Connect…', mac: 'Cmd+K', other: 'Ctrl+K' },
  'new-console': { label: 'New Console…', mac: 'Cmd+T', other: 'Ctrl+T' },
  'close-tab': { label: 'Close Tab', mac: 'Cmd+W', other: 'Ctrl+W' },
  'type-text': { label: 'Type Text…', mac: 'Cmd+Shift+V', other: 'Ctrl+Shift+V' },
  reconnect: { label: 'Reconnect', mac: 'Cmd+Shift+R', other: 'Ctrl+Shift+R' },
  'refresh-inventory': { label: 'Refresh Inventory', mac: 'Cmd+R', other: 'F5' },
};

export type CommandHandler = (window: BaseWindow | undefined) => void;

export interface AppMenuOptions {
  platform: string;
  appName: string;
  packaged: boolean;
  /** Our commands; one without a handler is left out (never shown as a dead item). */
  commands: Partial<Record<AppCommand, CommandHandler>>;
}

type Item = MenuItemConstructorOptions;

export function appMenuTemplate(options: AppMenuOptions): Item[] {
  const mac = options.platform === 'darwin';
  // Windows and Linux: show the chord, leave the key to the page (see the top of this file).
  const keys = (accelerator: string, always = false): Partial<Item> =>
    mac || always ? { accelerator } : { accelerator, registerAccelerator: false };
  const role = (r: NonNullable<Item['role']>, extra: Partial<Item> = {}): Item =>
    mac ? { role: r, ...extra } : { role: r, registerAccelerator: false, ...extra };
  const command = (name: AppCommand): Item[] => {
    const handler = options.commands[name];
    if (!handler) return [];
    const spec = COMMANDS[name];
    return [
      {
        id: name,
        label: spec.label,
        ...keys(mac ? spec.mac : spec.other),
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
    ...menu('File', [
      ...command('new-console'),
      ...command('quick-connect'),
      separator,
      ...command('close-tab'),
      // Close Tab has Cmd/Ctrl+W, so closing the whole window moves to Shift.
      role('close', { accelerator: 'CmdOrCtrl+Shift+W' }),
      ...(mac ? [] : [separator, role('quit')]),
    ]),
    ...menu('Edit', [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      role('selectAll'),
    ]),
    ...menu('View', [
      ...command('refresh-inventory'),
      separator,
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      { role: 'togglefullscreen', ...keys(mac ? 'Ctrl+Cmd+F' : 'F11', true) },
      ...(options.packaged ? [] : [separator, role('reload'), role('toggleDevTools')]),
    ]),
    ...menu('Console', [...command('type-text'), ...command('reconnect')]),
    ...menu('Window', mac ? [role('minimize'), role('zoom'), separator, role('front')] : [role('minimize')]),
    ...(mac ? [] : menu('Help', [role('about')])),
  ];
}
