// The composition root: builds the services, hands Electron objects to the small adapters in
// shell/, and holds no logic a test needs: the services themselves are wired by app-services.ts,
// which the e2e harness and the handler tests call too.
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  ClipboardItem,
  net,
  powerMonitor,
  protocol,
  session,
  shell,
} from 'electron';
import { createAppServices } from './app-services';
import { napiKeyringFactory } from './vault/keychain-probe';
import { registerAppScheme, serveRenderer } from './shell/app-protocol';
import { registerIpcHandlers } from './shell/ipc';
import { createMainWindow } from './shell/main-window';
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
import { UI_LANGUAGE, consoleConnectSources, type FetchLike } from './cloud';
import { SettingsStore } from './settings';
import { createLogger } from './logging';
import { installConsoleLinkLogging } from './shell/console-link-log';
import type { EventName, EventPayload } from './contract';

const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const origins = trustedOrigins(devServerUrl);
let mainWindow: BrowserWindow | undefined;

function broadcast<E extends EventName>(name: E, payload: EventPayload<E>): void {
  for (const win of BrowserWindow.getAllWindows()) win.webContents.send(name, payload);
}

const preload = join(__dirname, '../preload/preload.js');
const entryUrl = devServerUrl ?? APP_ENTRY_URL;

function openMainWindow(): BrowserWindow {
  // Packaged builds carry the window icon in resources/ (electron-builder.yml extraResources).
  const icon = app.isPackaged
    ? join(process.resourcesPath, 'icon.png')
    : join(__dirname, '../../assets/icon.png');
  mainWindow = createMainWindow(BrowserWindow, preload, entryUrl, icon, !app.isPackaged);
  mainWindow.on('closed', () => (mainWindow = undefined));
  return mainWindow;
}

if (claimSingleInstance(app, () => mainWindow)) {
  registerAppScheme(protocol);

  void app.whenReady().then(async () => {
    const log = createLogger(join(app.getPath('logs'), 'main.log'));
    const settings = new SettingsStore(join(app.getPath('userData'), 'settings.json'), (m) => log.warn(m));
    await settings.load();
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
      client: { fetch, language: UI_LANGUAGE },
      cloud: { port: demoPort.port },
      // Released and taken over in the same tick (startDemoCloud listens before its first await).
      start: (options) => (demoPort.release(), startDemoCloud(options)),
    });
    installConsoleOriginRewrite(session.defaultSession, () => settings.get().rewriteTencentOrigin);
    installConsoleLinkLogging(session.defaultSession, log);

    const services = createAppServices({
      app: {
        name: app.getName(),
        version: app.getVersion(),
        electron: process.versions.electron ?? null,
        platform: process.platform,
        arch: process.arch,
      },
      demo,
      settings,
      userData: app.getPath('userData'),
      // Key profiles: metadata in profiles.json, secrets in the OS keychain.
      keys: { keyring: () => napiKeyringFactory(), client: { fetch } },
      os: {
        openExternal: (url) => openAllowedExternal(shell, url),
        saveFile: (name, bytes) =>
          saveFileWithDialog(dialog, BrowserWindow.getFocusedWindow() ?? undefined, name, bytes),
        copyImage: (png) => copyPngToClipboard(clipboard, ClipboardItem, png),
        copyText: (text) => copyTextToClipboard(clipboard, text),
        showInFolder: (path) => showFileInFolder(shell, path),
        openConsoleWindow: async (ref, title) =>
          void openConsoleWindow(BrowserWindow, preload, entryUrl, ref, title, !app.isPackaged),
      },
      broadcast,
      log: (record) => log.info(record),
      warn: (m) => log.warn(m),
    });
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
    const { handlers } = services;
    registerIpcHandlers(ipcMain, handlers, origins, (record) => log.error(record));

    // After sleep the console link is surely dead: tell every console to reconnect at once.
    powerMonitor.on('resume', () => broadcast('system:resume', { at: Date.now() }));

    openMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
