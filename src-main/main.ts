// The composition root: builds the services, hands Electron objects to the small adapters in
// shell/, and holds no logic a test needs (that lives in handlers.ts, ipc/, cloud/, vault/, …).
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
import { buildHandlers, once } from './handlers';
import { napiKeyringFactory, probeKeychain } from './vault/keychain-probe';
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
import { copyPngToClipboard, openAllowedExternal, saveFileWithDialog } from './shell/os-services';
import { openConsoleWindow } from './shell/console-window';
import { installConsoleOriginRewrite } from './shell/console-origin';
import { Profiles } from './vault/profiles';
import { DemoProfile } from './demo/demo-profile';
import { createConsoleUrlBroker } from './console/url-broker';
import { consoleConnectSources, type FetchLike } from './cloud';
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
  mainWindow = createMainWindow(BrowserWindow, preload, entryUrl, icon);
  mainWindow.on('closed', () => (mainWindow = undefined));
  return mainWindow;
}

if (claimSingleInstance(app, { focus: () => mainWindow })) {
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
      client: { fetch },
      cloud: { port: demoPort.port },
      // Released and taken over in the same tick (startDemoCloud listens before its first await).
      start: (options) => (demoPort.release(), startDemoCloud(options)),
    });
    const profiles = new Profiles([demo]);
    const consoleUrls = createConsoleUrlBroker({
      issue: async (ref) => (await profiles.client(ref.profileId)).describeInstanceVncUrl(ref),
    });
    installConsoleOriginRewrite(session.defaultSession, () => settings.get().rewriteTencentOrigin);
    installConsoleLinkLogging(session.defaultSession, log);
    app.on('will-quit', () => void demo.close());

    const handlers = buildHandlers({
      app: {
        name: app.getName(),
        version: app.getVersion(),
        electron: process.versions.electron ?? null,
        platform: process.platform,
        arch: process.arch,
      },
      keychainStatus: once(() => probeKeychain(() => napiKeyringFactory())),
      profiles,
      consoleUrls,
      openExternal: (url) => openAllowedExternal(shell, url),
      saveFile: (name, bytes) =>
        saveFileWithDialog(dialog, BrowserWindow.getFocusedWindow() ?? undefined, name, bytes),
      copyImage: (png) => copyPngToClipboard(clipboard, ClipboardItem, png),
      openConsoleWindow: async (ref, title) =>
        void openConsoleWindow(BrowserWindow, preload, entryUrl, ref, title),
      settings,
      log: (record) => log.info(record),
    });
    registerIpcHandlers(ipcMain, handlers, origins);

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
