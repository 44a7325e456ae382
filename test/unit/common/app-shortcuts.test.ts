// The shared key table: the menu shows its chords, the windows match them (Windows and Linux).
import { describe, expect, it } from 'vitest';
import { SHORTCUTS, matchesAccelerator, shortcutCommand } from '../../../src-main/common/app-shortcuts';
import type { ChordEvent } from '../../../src-main/common/app-shortcuts';
import { appMenuTemplate, type CommandHandler } from '../../../src-main/desktop/app-menu';
import type { MenuItemConstructorOptions } from 'electron';

const key = (over: Partial<ChordEvent>): ChordEvent => ({
  key: '',
  code: '',
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...over,
});

describe('app shortcuts', () => {
  it('matches each chord exactly: modifiers, letters of either case, function keys', () => {
    expect(shortcutCommand(key({ key: 'k', code: 'KeyK', ctrlKey: true }), false)).toBe('quick-connect');
    expect(shortcutCommand(key({ key: 'T', code: 'KeyT', ctrlKey: true }), false)).toBe('new-console');
    expect(shortcutCommand(key({ key: 'w', code: 'KeyW', ctrlKey: true }), false)).toBe('close-tab');
    expect(shortcutCommand(key({ key: 'F5', code: 'F5' }), false)).toBe('refresh-inventory');
    expect(shortcutCommand(key({ key: 'R', code: 'KeyR', ctrlKey: true, shiftKey: true }), false)).toBe(
      'reconnect',
    );
    expect(shortcutCommand(key({ key: 'V', code: 'KeyV', ctrlKey: true, shiftKey: true }), false)).toBe(
      'type-text',
    );
    // Extra or missing modifiers are other chords.
    expect(
      shortcutCommand(key({ key: 'k', code: 'KeyK', ctrlKey: true, altKey: true }), false),
    ).toBeUndefined();
    expect(shortcutCommand(key({ key: 'r', code: 'KeyR', ctrlKey: true }), false)).toBeUndefined();
    expect(shortcutCommand(key({ key: 'F5', code: 'F5', shiftKey: true }), false)).toBeUndefined();
    expect(shortcutCommand(key({ key: 'w', code: 'KeyW', metaKey: true }), false)).toBeUndefined();
  });

  it('a non-Latin layout matches by the key position; a Latin one by the letter typed', () => {
    expect(matchesAccelerator(key({ key: 'л', code: 'KeyK', ctrlKey: true }), 'Ctrl+K')).toBe(true);
    // AZERTY: the key at QWERTY's W types Z.
    expect(matchesAccelerator(key({ key: 'z', code: 'KeyW', ctrlKey: true }), 'Ctrl+W')).toBe(false);
  });

  it('a console holding the keyboard gives up only Ctrl+Shift+V and Ctrl+Shift+R', () => {
    const taken = Object.entries(SHORTCUTS)
      .filter(([, s]) => s.whileCaptured)
      .map(([c]) => c);
    expect(taken.sort()).toEqual(['reconnect', 'type-text']);
    expect(shortcutCommand(key({ key: 'w', code: 'KeyW', ctrlKey: true }), true)).toBeUndefined();
    expect(shortcutCommand(key({ key: 'F5', code: 'F5' }), true)).toBeUndefined();
    expect(shortcutCommand(key({ key: 'R', code: 'KeyR', ctrlKey: true, shiftKey: true }), true)).toBe(
      'reconnect',
    );
  });

  it('the menu shows the same chords (registered on macOS only)', () => {
    const commands = Object.fromEntries(Object.keys(SHORTCUTS).map((c) => [c, (() => {}) as CommandHandler]));
    for (const platform of ['linux', 'win32', 'darwin']) {
      const items = appMenuTemplate({ platform, appName: 'CVM Console', packaged: true, commands });
      const flat = (list: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
        list.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);
      for (const [command, shortcut] of Object.entries(SHORTCUTS)) {
        const item = flat(items).find((i) => i.id === command)!;
        expect(item.accelerator).toBe(platform === 'darwin' ? shortcut.mac : shortcut.other);
        expect(item.registerAccelerator).toBe(platform === 'darwin' ? undefined : false);
      }
    }
  });
});
