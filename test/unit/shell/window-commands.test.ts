// The app menu's window commands reach the right window as a typed app:command event: the window
// the item was used in, else the focused one, else the main window (shown, and sent to once loaded).
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { BaseWindow } from 'electron';
import { WINDOW_COMMANDS, events } from '../../../src-main/contract';
import { windowCommandHandlers, type CommandTarget } from '../../../src-main/shell/window-commands';

function fakeWindow(loading = false) {
  const contents = Object.assign(new EventEmitter(), {
    sent: [] as [string, unknown][],
    loading,
    send(channel: string, payload: unknown) {
      contents.sent.push([channel, payload]);
    },
    isLoading: () => contents.loading,
  });
  return { webContents: contents, isDestroyed: () => false };
}

describe('windowCommandHandlers', () => {
  it('sends each command to the window its menu item was used in, as a valid app:command', () => {
    const used = fakeWindow();
    const focused = fakeWindow();
    const handlers = windowCommandHandlers({
      focused: () => focused as unknown as CommandTarget,
      showMainWindow: vi.fn(),
    });
    for (const command of WINDOW_COMMANDS) handlers[command](used as unknown as BaseWindow);
    expect(used.webContents.sent).toEqual(WINDOW_COMMANDS.map((command) => ['app:command', { command }]));
    for (const [, payload] of used.webContents.sent)
      expect(events['app:command'].safeParse(payload).success).toBe(true);
    expect(focused.webContents.sent).toEqual([]);
  });

  it('falls back to the focused window, then to the main window once it has loaded', () => {
    const focused = fakeWindow();
    let current: ReturnType<typeof fakeWindow> | undefined = focused;
    const main = fakeWindow(true);
    const showMainWindow = vi.fn(() => main as unknown as CommandTarget);
    const handlers = windowCommandHandlers({
      focused: () => current as unknown as CommandTarget | undefined,
      showMainWindow,
    });
    handlers['reconnect'](undefined);
    expect(focused.webContents.sent).toEqual([['app:command', { command: 'reconnect' }]]);
    current = undefined;
    handlers['refresh-inventory'](undefined);
    expect(showMainWindow).toHaveBeenCalledTimes(1);
    expect(main.webContents.sent).toEqual([]);
    main.webContents.emit('did-finish-load');
    expect(main.webContents.sent).toEqual([['app:command', { command: 'refresh-inventory' }]]);
  });
});
