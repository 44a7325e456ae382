import { mount } from 'svelte';
import App from './App.svelte';
import { api } from './api';
import { followLanguage, startLanguage } from './lib/i18n.svelte';
import { followThemeSetting } from './shell/theme';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('CVM Console: #app is missing from index.html');
// The first render is in the window's language: English at once; another language once its
// catalogue (a chunk of its own) is in, so the window never shows a first frame in the wrong one.
const languageReady = startLanguage();

// Every window (main, console, palette) follows the language and theme settings, changed anywhere, at once.
try {
  // One question to main for both.
  const settings = api.settings.get();
  followThemeSetting({ get: () => settings, onChanged: (l) => api.events.onChanged(l) });
  followLanguage({
    settings: () => settings,
    systemLocale: async () => (await api.app.locale()).systemLocale,
    onSettingsChanged: (listener) => api.events.onChanged(listener),
  });
} catch {
  // Outside its window there is no bridge: the page stays in the browser's language and the system's theme.
}

// index.html's static shell gives the window its first paint while this script loads; the app
// replaces it in the same task, so no frame shows both.
function start(root: HTMLElement): void {
  root.replaceChildren();
  mount(App, { target: root });
}
// A catalogue that failed to load: the app starts in English rather than not at all.
if (languageReady) void languageReady.catch(() => {}).then(() => start(target));
else start(target);
