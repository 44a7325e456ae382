// Installs the application menu built by desktop/app-menu.ts (in place of Electron's default
// menu, which carries reload and the developer tools, and grabs Ctrl+R and Ctrl+W).
import type { Menu } from 'electron';
import { appMenuTemplate, type AppMenuOptions } from '../desktop/app-menu';

export function installAppMenu(
  menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>,
  options: AppMenuOptions,
): void {
  menu.setApplicationMenu(menu.buildFromTemplate(appMenuTemplate(options)));
}
