// The composition root: builds the services, hands Electron objects to the small adapters in
// shell/, and holds no logic a test needs: the services themselves are wired by app-services.ts,
// which the e2e harness and the handler tests call too.
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  ClipboardItem,
  Menu,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  Tray,
  webContents,
} from 'electron';
import { createAppServices } from './app-services';
import { napiKeyringFactory } from './vault/keychain-probe';
import { registerAppScheme, serveRenderer } from './shell/app-protocol';
import { registerIpcHandlers } from './shell/ipc';
import { createMainWindow, MAIN_WINDOW_SIZE } from './shell/main-window';
import { SecurityRestrictions } from './shell/security';
import {
  APP_ENTRY_URL,
  contentSecurityPolicy,
  loopbackConsolePorts,
  trustedOrigins,
} from './shell/security-policy';
import { reserveLoopbackPort } from './console/reserved-port';
import { startDemoCloud } from './demo/demo-cloud';
import { claimSingleInstance } from './shell/single-instance';
import {
  copyPngToClipboard,
  copyTextToClipboard,
  openAllowedExternal,
  saveFileWithDialog,
  showFileInFolder,
} from './shell/os-services';
import { openConsoleWindow } from './shell/console-window';
import { installConsoleOriginRewrite } from './shell/console-origin';
import { DemoProfile } from './demo/demo-profile';
import { consoleConnectSources, type FetchLike } from './cloud';
import { resolveLocale, systemLocale, tencentLanguage } from '../i18n/locales';
import { Translator } from '../i18n/translator';
import { SettingsStore } from './settings';
import { createLogger } from './logging';
import { installConsoleLinkLogging } from './shell/console-link-log';
import type { EventName, EventPayload } from './contract';
import { ProtocolLauncher } from './shell/protocol-launcher';
import { installAppMenu } from './shell/app-menu';
import { windowCommandHandlers } from './shell/window-commands';
import { rememberWindowState } from './shell/window-state';
import { applyStartAtLogin } from './shell/login-item';
import { DesktopStateStore, restoreWindow, type Placement } from './desktop/window-state';
import { autostartPath } from './desktop/autostart';
import { deliverLink, profileLinkSources } from './desktop/link-target';
import { HIDDEN_SWITCH, type LinkResult } from './desktop/connect-link';
import { installDesktopShell } from './shell/desktop-shell';
import { feedTray, trayInput, type TraySources } from './desktop/tray-feed';
import { installAppNotifications } from './desktop/app-notifications';

const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const origins = trustedOrigins(devServerUrl);
let mainWindow: BrowserWindow | undefined;

function broadcast<E extends EventName>(name: E, payload: EventPayload<E>): void {
  for (const win of BrowserWindow.getAllWindows()) win.webContents.send(name, payload);
}

const preload = join(__dirname, '../preload/preload.js');
const entryUrl = devServerUrl ?? APP_ENTRY_URL;
// No developer tools in a packaged build (the app menu leaves them out too).
const devTools = !app.isPackaged;

function openMainWindow(placement?: Placement, show = true): BrowserWindow {
  // Packaged builds carry the window icon in resources/ (electron-builder.yml extraResources).
  const iconPath = app.isPackaged
    ? join(process.resourcesPath, 'icon.png')
    : join(__dirname, '../../assets/icon.png');
  mainWindow = createMainWindow(BrowserWindow, preload, entryUrl, {
    iconPath,
    devTools,
    show,
    ...(placement ? { placement } : {}),
  });
  mainWindow.on('closed', () => (mainWindow = undefined));
  return mainWindow;
}

/** The displays' work areas, the primary first (where a window with no place left goes). */
function workAreas() {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
}

function showProblem(message: string): void {
  const options = { type: 'warning' as const, title: 'CVM Console', message };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

// Links and --connect: registered before ready (macOS sends the launching link early); they wait
// in the launcher's queue until a console can be opened.
const launcher = new ProtocolLauncher(app);

if (
  claimSingleInstance(app, {
    focus: () => mainWindow,
    onCommandLine: (argv) => launcher.handleCommandLine(argv),
  })
) {
  registerAppScheme(protocol);
  launcher.handleCommandLine(process.argv);

  void app.whenReady().then(async () => {
    const log = createLogger(join(app.getPath('logs'), 'main.log'));
    const settings = new SettingsStore(join(app.getPath('userData'), 'settings.json'), (m) => log.warn(m));
    await settings.load();
    // The OS's language (its preferred list, then Chromium's UI locale) unless the user chose one.
    const osLocale = systemLocale([...app.getPreferredSystemLanguages(), app.getLocale()]);
    const i18n = new Translator(resolveLocale(settings.get().language, osLocale));
    settings.onChange((next) => {
      i18n.setLocale(resolveLocale(next.language, osLocale));
      broadcast('settings:changed', next);
    });
    const desktopState = new DesktopStateStore(join(app.getPath('userData'), 'desktop-state.json'), (m) =>
      log.warn(m),
    );
    await desktopState.load();
    const startAtLogin = (enabled: boolean) =>
      applyStartAtLogin(enabled, {
        app,
        platform: process.platform,
        executable: process.env['APPIMAGE'] ?? process.execPath,
        autostartFile: autostartPath(process.env, homedir()),
      }).catch((err: unknown) =>
        log.warn(`start at login: ${err instanceof Error ? err.message : String(err)}`),
      );
    // Re-applied at start while on, so a moved AppImage or app is started from its new place.
    if (settings.get().startAtLogin) void startAtLogin(true);
    log.level = settings.get().logLevel;
    settings.onChange((next, previous) => {
      if (next.startAtLogin !== previous.startAtLogin) void startAtLogin(next.startAtLogin);
      log.level = next.logLevel;
    });
    // The demo cloud starts on first use, on a port held from now on, so the window's CSP can
    // allow console WebSockets to that one loopback port instead of all of them.
    const demoPort = await reserveLoopbackPort();
    const csp = contentSecurityPolicy(
      consoleConnectSources(loopbackConsolePorts(demoPort.port, process.env)),
    );
    serveRenderer(protocol, net, join(__dirname, '../renderer'), csp);
    new SecurityRestrictions(app, shell, origins).apply(session.defaultSession);

    // Every API call goes through Electron's network stack: system proxy and OS certificates apply.
    const fetch = net.fetch as unknown as FetchLike;
    const demo = new DemoProfile({
      client: { fetch, language: () => tencentLanguage(i18n.locale) },
      cloud: { port: demoPort.port },
      // Released and taken over in the same tick (startDemoCloud listens before its first await).
      start: (options) => (demoPort.release(), startDemoCloud(options)),
    });
    installConsoleOriginRewrite(session.defaultSession, () => settings.get().rewriteTencentOrigin);

    const services = createAppServices({
      app: {
        name: app.getName(),
        version: app.getVersion(),
        electron: process.versions.electron ?? null,
        platform: process.platform,
        arch: process.arch,
        systemLocale: osLocale,
      },
      demo,
      settings,
      userData: app.getPath('userData'),
      // Key profiles: metadata in profiles.json, secrets in the OS keychain.
      keys: {
        keyring: () => napiKeyringFactory(),
        client: { fetch, language: () => tencentLanguage(i18n.locale) },
      },
      os: {
        openExternal: (url) => openAllowedExternal(shell, url),
        saveFile: (name, bytes) =>
          saveFileWithDialog(dialog, BrowserWindow.getFocusedWindow() ?? undefined, name, bytes, i18n.t),
        copyImage: (png) => copyPngToClipboard(clipboard, ClipboardItem, png),
        copyText: (text) => copyTextToClipboard(clipboard, text),
        showInFolder: (path) => showFileInFolder(shell, path),
        // shell.openPath answers '' on success, else why not.
        openLogFolder: async () => (await shell.openPath(app.getPath('logs'))) === '',
        openConsoleWindow: async (ref, title) =>
          void openConsoleWindow(BrowserWindow, preload, entryUrl, ref, title, devTools),
      },
      broadcast,
      // A window's consoles go with it.
      watchSender: (sender, gone) => webContents.fromId(sender)?.once('destroyed', gone),
      log: (record) => log.info(record),
      warn: (m) => log.warn(m),
    });
    installConsoleLinkLogging(session.defaultSession, log, (url, status) =>
      services.handshakes.completed(url, status),
    );
    // Read at start, so the window gets the key profiles and the last known inventory at once. A
    // profiles.json that could not be used was moved aside; the profile manager says which and why.
    await services.load();
    // Quitting waits (once) for the last write of profiles.json, so a change is never half-saved.
    let flushed = false;
    app.on('will-quit', (event) => {
      void services.close();
      if (flushed) return;
      event.preventDefault();
      void services.keyProfiles.flush().finally(() => {
        flushed = true;
        app.quit();
      });
    });
    const { handlers, profiles, inventory, openConsoles, keyProfiles } = services;
    registerIpcHandlers(ipcMain, handlers, origins, (record) => log.error(record));

    // After sleep the console link is surely dead: tell every console to reconnect at once.
    powerMonitor.on('resume', () => broadcast('system:resume', { at: Date.now() }));

    // What the tray lists: favourites, recents, then the default profile's running instances.
    const traySources: TraySources = {
      profiles: () => profiles.list(),
      defaultProfileId: () => keyProfiles.defaultProfileId() ?? profiles.list()[0]?.id,
      cached: (id) => inventory.cached(id),
      marks: () => inventory.marks(),
      consoles: () => openConsoles.all(),
      maxRunning: () => settings.get().trayInstanceCount,
    };

    const placement = () => restoreWindow(desktopState.get().window, workAreas(), MAIN_WINDOW_SIZE);
    const showMainWindow = (): BrowserWindow => {
      const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : openAppWindow();
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      return win;
    };
    const desktop = installDesktopShell({
      app,
      BrowserWindow,
      Menu,
      Notification,
      tray: {
        Tray,
        nativeImage,
        nativeTheme,
        trayDir: app.isPackaged ? join(process.resourcesPath, 'tray') : join(__dirname, '../../assets/tray'),
      },
      platform: process.platform,
      preloadPath: preload,
      entryUrl,
      devTools,
      showMainWindow,
      trayInput: trayInput(traySources),
      closeToTray: {
        enabled: () => settings.get().closeToTray,
        noticeShown: () => desktopState.get().closeToTrayNoticeShown,
        markNoticeShown: () => void desktopState.markCloseToTrayNoticeShown().catch(() => {}),
      },
      t: i18n.t,
    });
    // The tray follows the last known inventory, the marks, the profiles, the open consoles and
    // the count setting.
    feedTray(
      traySources,
      [
        (l) => inventory.onChange(l),
        (l) => openConsoles.onChange(l),
        (l) => keyProfiles.onChange(l),
        (l) => settings.onChange(l),
      ],
      (input) => desktop.trayMenu?.update(input),
    );
    // Native notifications: a console lost or back in a background window, a power action done.
    const windowOf = (sender: number) => {
      const contents = webContents.fromId(sender);
      return contents ? BrowserWindow.fromWebContents(contents) : null;
    };
    installAppNotifications(openConsoles, inventory, {
      notifier: desktop.notifier,
      enabled: () => settings.get().notifications,
      senderFocused: (sender) => windowOf(sender)?.isFocused() ?? false,
      showSender: (sender) => {
        const win = windowOf(sender);
        if (!win || win.isDestroyed()) return showMainWindow();
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
      },
      anyFocused: () => BrowserWindow.getFocusedWindow() !== null,
      showMainWindow,
      t: i18n.t,
    });
    const appMenu = () =>
      installAppMenu(Menu, {
        platform: process.platform,
        appName: app.getName(),
        packaged: app.isPackaged,
        commands: {
          'quick-connect': () => desktop.palette.show(),
          ...windowCommandHandlers({
            focused: () => BrowserWindow.getFocusedWindow() ?? undefined,
            showMainWindow,
          }),
        },
        t: i18n.t,
      });
    appMenu();
    // A new language: the menus are rebuilt in it at once (the windows follow settings:changed).
    i18n.onChange(() => {
      appMenu();
      desktop.trayMenu?.relabel();
      desktop.palette.relabel();
    });
    function openAppWindow(show = true): BrowserWindow {
      const win = openMainWindow(placement(), show);
      rememberWindowState(win, (state) => void desktopState.saveWindow(state).catch(() => {}));
      desktop.attachMainWindow(win);
      return win;
    }
    // Started at login (or with --hidden): wait in the tray, if there is one.
    const startHidden =
      desktop.tray !== undefined &&
      (process.argv.includes(HIDDEN_SWITCH) || app.getLoginItemSettings().wasOpenedAtLogin);
    openAppWindow(!startHidden);
    // macOS: a click on the Dock icon brings the main window back, hidden or closed.
    app.on('activate', showMainWindow);

    // A link opens a console only under a profile that owns the instance (the inventory cache is
    // not wired yet, so ownership is asked of the cloud). The main window opens it as a tab, or
    // shows why not; with no main window a console window opens, or a dialog says why not.
    const openLink = async (result: LinkResult): Promise<void> => {
      const delivery = await deliverLink(result, profileLinkSources(profiles), i18n.t);
      const win = mainWindow;
      if (win && !win.isDestroyed()) {
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
        // A link that came with the launch waits until the page is there to hear it.
        const send = () => win.webContents.send('links:connect', delivery);
        if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
        else send();
        return;
      }
      if ('message' in delivery) return showProblem(delivery.message);
      openConsoleWindow(BrowserWindow, preload, entryUrl, delivery.ref, delivery.title, devTools);
    };
    launcher.ready((result) => void openLink(result).catch(() => log.warn('a link could not be opened')));
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
