// Wires the tray, the quick-connect window and close-to-tray to the app's windows: a tray menu
// click opens that instance's console window, "Quick connect…" the palette window, "Show" the
// main window, "Quit" quits. main.ts hands it Electron's classes; tests hand it fakes.
import type { App, BrowserWindow as BrowserWindowType, Tray } from 'electron';
import type { InstanceRef } from '../contract';
import { closeToTrayNotice } from '../desktop/notices';
import type { TrayMenuInput } from '../desktop/tray-menu';
import { CloseToTray } from './close-to-tray';
import { openConsoleWindow } from './console-window';
import { DesktopNotifier, type NotificationClass } from './notifier';
import { PaletteWindow } from './palette-window';
import { createAppTray, type TrayDeps } from './tray';
import { TrayMenu, type MenuBuilder } from './tray-menu';
import { ENGLISH, type Translate } from '../../i18n/translator';

export interface DesktopShellDeps {
  app: Pick<App, 'on' | 'quit'>;
  BrowserWindow: typeof BrowserWindowType;
  Menu: MenuBuilder;
  Notification: NotificationClass;
  tray: Omit<TrayDeps, 'platform'>;
  platform: string;
  preloadPath: string;
  entryUrl: string;
  devTools: boolean;
  /** Shows (creating if need be) and focuses the main window. */
  showMainWindow(): void;
  /** What the tray menu shows at first (instances, profiles, consoles, the count setting). */
  trayInput: Omit<TrayMenuInput, 'platform'>;
  closeToTray: { enabled(): boolean; noticeShown(): boolean; markNoticeShown(): void };
  /** Main's translator's `t`: the tray menu and notices speak the app's language. */
  t?: Translate;
}

export interface DesktopShell {
  /** Undefined when the tray image is missing: the app then runs without a tray. */
  tray: Tray | undefined;
  trayMenu: TrayMenu | undefined;
  palette: PaletteWindow;
  notifier: DesktopNotifier;
  /** Applies close-to-tray to a main window (only while a tray exists to come back from). */
  attachMainWindow(win: Pick<BrowserWindowType, 'on' | 'hide'>): void;
}

export function installDesktopShell(deps: DesktopShellDeps): DesktopShell {
  const palette = new PaletteWindow({
    BrowserWindow: deps.BrowserWindow,
    preloadPath: deps.preloadPath,
    entryUrl: deps.entryUrl,
    devTools: deps.devTools,
    ...(deps.t ? { t: deps.t } : {}),
  });
  const notifier = new DesktopNotifier(deps.Notification);
  const openConsole = (ref: InstanceRef, title: string) =>
    void openConsoleWindow(deps.BrowserWindow, deps.preloadPath, deps.entryUrl, ref, title, deps.devTools);
  const tray = createAppTray({ ...deps.tray, platform: deps.platform });
  const trayMenu = tray
    ? new TrayMenu(
        tray,
        deps.Menu,
        {
          openConsole,
          quickConnect: (profileId) => palette.show(profileId),
          showWindow: () => deps.showMainWindow(),
          quit: () => deps.app.quit(),
        },
        { ...deps.trayInput, platform: deps.platform },
        deps.t ?? ENGLISH.t,
      )
    : undefined;
  const closeToTray = new CloseToTray(deps.app, {
    enabled: () => tray !== undefined && deps.closeToTray.enabled(),
    noticeShown: () => deps.closeToTray.noticeShown(),
    showNotice: () => {
      notifier.show(closeToTrayNotice(deps.platform, deps.t ?? ENGLISH.t), () => deps.showMainWindow());
      deps.closeToTray.markNoticeShown();
    },
  });
  return { tray, trayMenu, palette, notifier, attachMainWindow: (win) => closeToTray.attach(win) };
}
