// The application menu's window commands (main sends them as `app:command`), run through the
// actions the window's own buttons use: the active console's tab, Type text and reconnect; the
// inventory's refresh; "new console" shows the instance list to pick one from.
import type { WindowCommand } from '../../src-main/contract';
import type { Workspace } from './workspace.svelte';

export interface WindowCommandActions {
  workspace: Pick<Workspace, 'active' | 'showingInventory' | 'close'>;
  /** The window has an inventory in front of its tabs (the main window; not a detached console). */
  hasInventory: boolean;
  /** Shows the instance list with its search box focused, to pick the console to open. */
  newConsole?(): void;
  refreshInventory?(): void;
  /** A detached console's window: its one tab closes with the window. */
  closeWindow?(): void;
}

export function runWindowCommand(command: WindowCommand, actions: WindowCommandActions): void {
  const { workspace } = actions;
  // The console on screen: none while the inventory is shown in front of the tabs.
  const active = actions.hasInventory && workspace.showingInventory ? undefined : workspace.active;
  switch (command) {
    case 'new-console':
      actions.newConsole?.();
      break;
    case 'close-tab':
      if (actions.closeWindow) actions.closeWindow();
      else if (active) workspace.close(active.key);
      break;
    case 'type-text':
      if (active) active.typeTextRequests += 1;
      break;
    case 'reconnect':
      if (active) void active.reconnect();
      break;
    case 'refresh-inventory':
      actions.refreshInventory?.();
      break;
  }
}
