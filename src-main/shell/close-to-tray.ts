// Closing the main window hides it to the tray instead (when the setting is on and a tray icon
// exists), so open consoles stay connected; the first time, a notice says where the app went.
// Quitting (the tray's Quit, the app menu, the OS logging out) closes it for real.
import type { App, BrowserWindow } from 'electron';

export interface CloseToTrayOptions {
  /** The setting closeToTray, and a tray icon to come back from. */
  enabled(): boolean;
  noticeShown(): boolean;
  /** Called the first time the window hides: show the notice and remember it was shown. */
  showNotice(): void;
}

export class CloseToTray {
  private quitting = false;

  constructor(
    app: Pick<App, 'on'>,
    private readonly options: CloseToTrayOptions,
  ) {
    app.on('before-quit', () => (this.quitting = true));
  }

  attach(win: Pick<BrowserWindow, 'on' | 'hide'>): void {
    win.on('close', (event) => {
      if (this.quitting || !this.options.enabled()) return;
      event.preventDefault();
      win.hide();
      if (!this.options.noticeShown()) this.options.showNotice();
    });
  }
}
