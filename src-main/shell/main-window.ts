// Creates the main window with the security settings written out, not left to defaults.
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';

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
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
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
      devTools,
      spellcheck: false,
      // The console's liveness probe and reconnect countdowns must keep time in a background window.
      backgroundThrottling: false,
    },
  };
}

export function createMainWindow(
  BrowserWindow: typeof BrowserWindowType,
  preloadPath: string,
  entryUrl: string,
  iconPath?: string,
  devTools = false,
): BrowserWindowType {
  const win = new BrowserWindow(mainWindowOptions(preloadPath, iconPath, devTools));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(entryUrl);
  return win;
}
