// Applies the start-at-login setting: Electron's login items on macOS and Windows (Windows gets
// --hidden so the app starts in the tray; macOS reports wasOpenedAtLogin instead), an XDG
// autostart entry on Linux.
import { rm } from 'node:fs/promises';
import type { App } from 'electron';
import { writeFileAtomic } from '../atomic-file';
import { autostartEntry } from '../desktop/autostart';
import { HIDDEN_SWITCH } from '../desktop/connect-link';

export interface LoginItemDeps {
  app: Pick<App, 'setLoginItemSettings'>;
  platform: string;
  /** What to start on Linux: the AppImage when running from one ($APPIMAGE), else the executable. */
  executable: string;
  /** The Linux autostart entry's path (desktop/autostart.ts autostartPath). */
  autostartFile: string;
  writeFile?: (file: string, text: string) => Promise<void>;
  removeFile?: (file: string) => Promise<void>;
}

export async function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): Promise<void> {
  if (deps.platform === 'darwin') {
    deps.app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  if (deps.platform === 'win32') {
    deps.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_SWITCH] });
    return;
  }
  const write = deps.writeFile ?? ((file, text) => writeFileAtomic(file, text, 0o644));
  const remove = deps.removeFile ?? ((file) => rm(file, { force: true }));
  if (!enabled) return remove(deps.autostartFile);
  const entry = autostartEntry(deps.executable);
  if (entry === null)
    throw new Error('Start at login: the app path cannot be written into an autostart entry.');
  await write(deps.autostartFile, entry);
}
