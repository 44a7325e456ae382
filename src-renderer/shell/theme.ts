// The app's theme on <html>: data-theme="light" or "dark" pins it; without it app.css follows the
// system (prefers-color-scheme). Every window applies the setting at start and on each change.
import type { Settings, ThemeSetting } from '../../src-main/contract';

export function applyTheme(theme: ThemeSetting, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
}

export interface SettingsFeed {
  get(): Promise<Settings>;
  onChanged(listener: (settings: Settings) => void): () => void;
}

/** Applies the saved theme now and after every change; returns the unsubscribe. */
export function followThemeSetting(feed: SettingsFeed, root?: HTMLElement): () => void {
  let changed = false;
  const off = feed.onChanged((settings) => {
    changed = true;
    applyTheme(settings.theme, root);
  });
  // A change that arrives before the first answer wins over it.
  feed.get().then(
    (settings) => changed || applyTheme(settings.theme, root),
    () => {},
  );
  return off;
}
