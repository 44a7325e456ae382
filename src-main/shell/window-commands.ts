// The application menu's window commands (new console, close tab, Type text, reconnect, refresh
// inventory) go to the window they were used in as a typed `app:command` event; the renderer runs
// them through the actions its buttons use. With no window of ours focused (macOS keeps the menu
// with every window closed) the main window is shown and gets the command once it has loaded.
import type { BaseWindow, WebContents } from 'electron';
import { WINDOW_COMMANDS, type EventPayload, type WindowCommand } from '../contract';
import type { CommandHandler } from '../desktop/app-menu';

export interface CommandTarget {
  webContents: Pick<WebContents, 'send' | 'isLoading' | 'once'>;
  isDestroyed(): boolean;
}

export interface WindowCommandDeps {
  /** The focused window of the app, if any. */
  focused(): CommandTarget | undefined;
  /** Shows (creating if need be) the main window and returns it. */
  showMainWindow(): CommandTarget;
}

function hasContents(window: BaseWindow | undefined): window is BaseWindow & CommandTarget {
  return window !== undefined && 'webContents' in window;
}

export function sendWindowCommand(target: CommandTarget, command: WindowCommand): void {
  if (target.isDestroyed()) return;
  const payload: EventPayload<'app:command'> = { command };
  const send = () => target.webContents.send('app:command', payload);
  if (target.webContents.isLoading()) target.webContents.once('did-finish-load', send);
  else send();
}

export function windowCommandHandlers(deps: WindowCommandDeps): Record<WindowCommand, CommandHandler> {
  const handler =
    (command: WindowCommand): CommandHandler =>
    (window) => {
      const target = (hasContents(window) ? window : undefined) ?? deps.focused() ?? deps.showMainWindow();
      sendWindowCommand(target, command);
    };
  return Object.fromEntries(WINDOW_COMMANDS.map((c) => [c, handler(c)])) as Record<
    WindowCommand,
    CommandHandler
  >;
}
