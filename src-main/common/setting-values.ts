// The choices of the enumerated settings and the tray count's bound: the contract's schema
// (main) and the settings page (renderer) read the same lists.
export const THEME_SETTINGS = ['system', 'light', 'dark'] as const;
export type ThemeSetting = (typeof THEME_SETTINGS)[number];
export const SCALE_SETTINGS = ['fit', 'actual', 'remote'] as const;
export type ScaleSetting = (typeof SCALE_SETTINGS)[number];
export const LOG_LEVEL_SETTINGS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevelSetting = (typeof LOG_LEVEL_SETTINGS)[number];

/** Bounds of `trayInstanceCount`: a menu longer than this no longer fits a screen. */
export const TRAY_INSTANCE_COUNT_MAX = 50;
