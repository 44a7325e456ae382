// Creates the main window with the security settings written out, not left to defaults.
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import type { Placement, WindowSize } from '../desktop/window-state';

/** The main window's size the first time, and the smallest it may be. */
export const MAIN_WINDOW_SIZE: WindowSize = { width: 1280, height: 860, minWidth: 720, minHeight: 480 };

/**
 * `devTools`: whether the window may open DevTools; main passes `!app.isPackaged`, so a packaged app
 * has none (Electron's default would allow them).
 */
export function mainWindowOptions(
  preloadPath: string,
  iconPath?: string,
  devTools = false,
): BrowserWindowConstructorOptions {
  return {
    width: MAIN_WINDOW_SIZE.width,
    height: MAIN_WINDOW_SIZE.height,
    minWidth: MAIN_WINDOW_SIZE.minWidth,
    minHeight: MAIN_WINDOW_SIZE.minHeight,
    show: false,
    title: 'CVM Console',
    backgroundColor: '#0f172a',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
      // The console's liveness probe and reconnect countdowns must keep time in a background window.
      backgroundThrottling: false,
    },
  };
}

export interface MainWindowChoices {
  iconPath?: string;
  /** Where it was last time (desktop/window-state.ts restoreWindow); the default size otherwise. */
  placement?: Placement;
  devTools?: boolean;
  /** False when started at login: the window is created but waits, hidden, behind the tray. */
  show?: boolean;
}

export function createMainWindow(
  BrowserWindow: typeof BrowserWindowType,
  preloadPath: string,
  entryUrl: string,
  choices: MainWindowChoices = {},
): BrowserWindowType {
  const win = new BrowserWindow({
    ...mainWindowOptions(preloadPath, choices.iconPath, choices.devTools ?? false),
    ...(choices.placement?.bounds ?? {}),
  });
  win.once('ready-to-show', () => {
    if (choices.show === false) return;
    // maximize() shows the window too, already maximised, without a flash at the normal size.
    if (choices.placement?.maximized) win.maximize();
    else win.show();
  });
  void win.loadURL(entryUrl);
  return win;
}
