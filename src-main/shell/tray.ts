// Creates the tray icon with the image that suits the platform and theme (desktop/tray-icon.ts)
// and swaps it when the theme changes. The images live in resources/tray when packaged
// (electron-builder.yml extraResources) and in assets/tray when running from the source tree.
import { join } from 'node:path';
import type { NativeImage, NativeTheme, Tray } from 'electron';
import { trayIcon, type TrayTheme } from '../desktop/tray-icon';

export interface TrayDeps {
  Tray: new (image: NativeImage) => Tray;
  nativeImage: { createFromPath(path: string): NativeImage };
  nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors' | 'shouldUseHighContrastColors' | 'on'>;
  platform: string;
  /** The folder holding the tray images. */
  trayDir: string;
}

function imageFor(deps: TrayDeps): NativeImage {
  const theme: TrayTheme = {
    platform: deps.platform,
    dark: deps.nativeTheme.shouldUseDarkColors,
    highContrast: deps.nativeTheme.shouldUseHighContrastColors,
  };
  const choice = trayIcon(theme);
  const image = deps.nativeImage.createFromPath(join(deps.trayDir, choice.file));
  if (choice.template) image.setTemplateImage(true);
  return image;
}

/** Returns the tray, or undefined when its image is missing (the app then runs without a tray). */
export function createAppTray(deps: TrayDeps): Tray | undefined {
  const image = imageFor(deps);
  if (image.isEmpty()) return undefined;
  const tray = new deps.Tray(image);
  deps.nativeTheme.on('updated', () => {
    const next = imageFor(deps);
    if (!next.isEmpty()) tray.setImage(next);
  });
  return tray;
}
