// The app's shortcuts inside a window on Windows and Linux (the menu shows them but leaves the keys
// to the page; on macOS the menu's registered Cmd chords arrive as `app:command` instead). One key
// table (common/app-shortcuts.ts) decides: a key pressed inside a console's screen that holds the
// keyboard runs only the chords no console needs (heard in the capture phase, before noVNC; the
// screen's KeyboardCapture keeps the key from the instance); anywhere else every chord runs, unless
// a control of the page took the key for itself (it prevents the default).
import { shortcutCommand, type AppCommand } from '../../src-main/common/app-shortcuts';

/** The element noVNC draws into and takes the keys in (ConsoleView). */
export const CONSOLE_SCREEN = '[data-testid="console-screen"]';

export function inConsoleScreen(event: Event): boolean {
  return event.target instanceof Element && event.target.closest(CONSOLE_SCREEN) !== null;
}

export function isMacPlatform(platform: string = globalThis.navigator?.platform ?? ''): boolean {
  return /^Mac/.test(platform);
}

/** Runs `run` for each shortcut pressed in `target`; returns the function that stops listening. */
export function listenAppShortcuts(
  run: (command: AppCommand) => void,
  target: Window = window,
  mac: boolean = isMacPlatform(),
): () => void {
  if (mac) return () => {};
  const act = (event: KeyboardEvent, captured: boolean): void => {
    const command = shortcutCommand(event, captured);
    if (!command) return;
    event.preventDefault();
    // Held down, a chord would close every tab or reconnect in a loop: once per press.
    if (!event.repeat) run(command);
  };
  const onCapture = (event: KeyboardEvent): void => {
    if (inConsoleScreen(event)) act(event, true);
  };
  const onBubble = (event: KeyboardEvent): void => {
    if (!event.defaultPrevented && !inConsoleScreen(event)) act(event, false);
  };
  target.addEventListener('keydown', onCapture, { capture: true });
  target.addEventListener('keydown', onBubble);
  return () => {
    target.removeEventListener('keydown', onCapture, { capture: true });
    target.removeEventListener('keydown', onBubble);
  };
}
