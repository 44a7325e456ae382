// One running copy: a second launch hands its command line (a link, --connect) to the first and
// quits. The second launch sends its own argv as the lock's additionalData, because the argv
// Electron forwards can come reordered (Chromium puts switches first on Windows), which would
// split `--connect ins-…` from its value; the forwarded argv is the fallback.
import type { App, BrowserWindow } from 'electron';

/** Bounds on what a second launch may hand over: it is another process, so it is checked. */
const MAX_ARGS = 256;
const MAX_ARG_LENGTH = 8192;

function boundedArgs(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_ARGS) return undefined;
  if (!value.every((a) => typeof a === 'string' && a.length <= MAX_ARG_LENGTH)) return undefined;
  return value as string[];
}

/** The second launch's own argv when it sent a well-formed one, else the forwarded argv (bounded). */
export function secondLaunchArgs(additionalData: unknown, forwarded: readonly string[]): string[] {
  const sent =
    typeof additionalData === 'object' && additionalData !== null
      ? boundedArgs((additionalData as { argv?: unknown }).argv)
      : undefined;
  return (
    sent ?? forwarded.slice(0, MAX_ARGS).filter((a) => typeof a === 'string' && a.length <= MAX_ARG_LENGTH)
  );
}

export interface SingleInstanceOptions {
  /** The window to bring to the front on a second launch. */
  focus: () => BrowserWindow | undefined;
  /** The second launch's command line. */
  onCommandLine?: (argv: readonly string[]) => void;
  /** This process's argv, sent along if it turns out to be the second launch. */
  argv?: readonly string[];
}

export function claimSingleInstance(app: App, options: SingleInstanceOptions): boolean {
  if (!app.requestSingleInstanceLock({ argv: [...(options.argv ?? process.argv)] })) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, _workingDirectory, additionalData) => {
    const win = options.focus();
    if (win) {
      if (win.isMinimized()) win.restore();
      // Closed to the tray: the window is hidden, not gone.
      if (!win.isVisible()) win.show();
      win.focus();
    }
    options.onCommandLine?.(secondLaunchArgs(additionalData, argv));
  });
  return true;
}
