// One running copy: a second launch hands over to the first and quits.
import type { App, BrowserWindow } from 'electron';

export function claimSingleInstance(app: App, focus: () => BrowserWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = focus();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return true;
}
