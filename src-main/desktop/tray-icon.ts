// Which tray image suits the platform and theme (files in assets/tray, shipped as resources/tray).
//   macOS: a template image (black and alpha), which the menu bar tints for light and dark.
//   Windows and Linux: the colour tile, which reads on light and dark taskbars and panels alike
//   (GNOME's top bar stays dark under a light theme, so a theme-matched glyph could vanish there),
//   except in high-contrast themes, where a one-colour glyph that matches the theme is expected.
export interface TrayTheme {
  platform: string;
  /** nativeTheme.shouldUseDarkColors */
  dark: boolean;
  /** nativeTheme.shouldUseHighContrastColors (Windows and macOS report it) */
  highContrast: boolean;
}

export interface TrayIconChoice {
  /** File name in the tray folder; nativeImage picks its @2x sibling on high-density displays. */
  file: string;
  /** Mark it as a template image (macOS only). */
  template: boolean;
}

export function trayIcon(theme: TrayTheme): TrayIconChoice {
  if (theme.platform === 'darwin') return { file: 'trayTemplate.png', template: true };
  if (theme.highContrast)
    return { file: theme.dark ? 'tray-light-16.png' : 'tray-dark-16.png', template: false };
  // Windows picks the size for the display scaling from the .ico (16 to 48 px).
  if (theme.platform === 'win32') return { file: 'tray.ico', template: false };
  // Linux panels draw tray icons at 22-24 px: scaling 32 px down stays crisp, 16 px up would blur.
  return { file: 'tray-32.png', template: false };
}
