// The views the main window's first screen (the instance list, or the offer) does not show: the
// consoles (and the detached console window), the profile manager, the settings page and the
// quick-connect palette. They are separate chunks, loaded when first shown; the consoles' chunk is
// fetched as soon as the list has rows (App), like noVNC, so the first console opens without it.
import { lazy } from '../lib/lazy';

export const consoleView = lazy(async () => (await import('../console/ConsoleView.svelte')).default);
export const consoleWindow = lazy(async () => (await import('../workspace/ConsoleWindow.svelte')).default);
export const profileManager = lazy(async () => (await import('../profiles/ProfileManager.svelte')).default);
export const settingsPage = lazy(async () => (await import('./SettingsPage.svelte')).default);
export const quickConnect = lazy(async () => (await import('../palette/QuickConnect.svelte')).default);
