// A console detached from its tab: a window of its own that loads the renderer's console route.
import type { BrowserWindow as BrowserWindowType } from 'electron';
import type { InstanceRef } from '../contract';
import { mainWindowOptions } from './main-window';

/** `#/console/<profile>/<region>/<instance>`: the route the renderer shows as a lone console. */
export function consoleRoute(ref: InstanceRef): string {
  return `#/console/${encodeURIComponent(ref.profileId)}/${encodeURIComponent(ref.region)}/${encodeURIComponent(ref.instanceId)}`;
}

export function openConsoleWindow(
  BrowserWindow: typeof BrowserWindowType,
  preloadPath: string,
  entryUrl: string,
  ref: InstanceRef,
  title: string,
  devTools = false,
): BrowserWindowType {
  const win = new BrowserWindow({
    ...mainWindowOptions(preloadPath, undefined, devTools),
    width: 1100,
    height: 780,
    title,
  });
  win.once('ready-to-show', () => win.show());
  // Keep the title we set rather than the page's <title>.
  win.on('page-title-updated', (event) => event.preventDefault());
  void win.loadURL(`${entryUrl}${consoleRoute(ref)}`);
  return win;
}
