// The app's keyboard shortcuts: one table for the application menu (its accelerator labels) and the
// windows (which act on the chords themselves). Plain data and a matcher, shared by main and the
// renderer.
//
// On macOS the menu registers the Cmd chords and main delivers them; consoles do not need Cmd.
// On Windows and Linux the menu only shows the chords (a registered Ctrl+… accelerator would be
// taken before any page sees the key, and a console needs Ctrl+W, Ctrl+R, Ctrl+K…): there the
// window matches the chord and runs the command. While a console's screen holds the keyboard, only
// the chords marked `whileCaptured` are taken from it; every other key goes to the instance (Ctrl+T
// transposes, Ctrl+W deletes a word, Ctrl+K cuts a line, F5 is a key of many text programs). Give
// the keyboard back (Ctrl+Alt+Home) and every chord works again.

/** Commands of the application menu that act in the focused window (the renderer runs them). */
export const WINDOW_COMMANDS = [
  'new-console',
  'close-tab',
  'type-text',
  'reconnect',
  'refresh-inventory',
] as const;
export type WindowCommand = (typeof WINDOW_COMMANDS)[number];

/** Quick connect opens the palette; the others act in the focused window. */
export type AppCommand = 'quick-connect' | WindowCommand;

export interface Shortcut {
  /** Electron accelerator on macOS / on Windows and Linux. */
  mac: string;
  other: string;
  /** Windows and Linux: also taken from a console that holds the keyboard (a chord no console needs). */
  whileCaptured: boolean;
}

export const SHORTCUTS: Record<AppCommand, Shortcut> = {
  'quick-connect': { mac: 'Cmd+K', other: 'Ctrl+K', whileCaptured: false },
  'new-console': { mac: 'Cmd+T', other: 'Ctrl+T', whileCaptured: false },
  'close-tab': { mac: 'Cmd+W', other: 'Ctrl+W', whileCaptured: false },
  'type-text': { mac: 'Cmd+Shift+V', other: 'Ctrl+Shift+V', whileCaptured: true },
  reconnect: { mac: 'Cmd+Shift+R', other: 'Ctrl+Shift+R', whileCaptured: true },
  'refresh-inventory': { mac: 'Cmd+R', other: 'F5', whileCaptured: false },
};

/** What is read of a KeyboardEvent (structural: tested in plain Node). */
export interface ChordEvent {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** True when `event` is exactly the accelerator (modifiers included; letters in any layout). */
export function matchesAccelerator(event: ChordEvent, accelerator: string): boolean {
  const parts = accelerator.split('+');
  const key = parts.pop()!;
  const has = (m: string): boolean => parts.includes(m);
  if (event.ctrlKey !== has('Ctrl') || event.metaKey !== has('Cmd')) return false;
  if (event.shiftKey !== has('Shift') || event.altKey !== has('Alt')) return false;
  if (key.length === 1) {
    const letter = key.toLowerCase();
    if (event.key.toLowerCase() === letter) return true;
    // A non-Latin layout types another letter on that key: its physical position counts.
    return !/^[\x20-\x7e]$/.test(event.key) && event.code === `Key${key.toUpperCase()}`;
  }
  return event.key === key;
}

/**
 * The command a window runs for this key on Windows and Linux, or undefined. `captured`: the key
 * was pressed inside a console's screen that holds the keyboard.
 */
export function shortcutCommand(event: ChordEvent, captured: boolean): AppCommand | undefined {
  for (const [command, shortcut] of Object.entries(SHORTCUTS) as [AppCommand, Shortcut][]) {
    if (captured && !shortcut.whileCaptured) continue;
    if (matchesAccelerator(event, shortcut.other)) return command;
  }
  return undefined;
}
