import { mount } from 'svelte';
import App from './App.svelte';
import { api } from './api';
import { followLanguage } from './lib/i18n.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('CVM Console: #app is missing from index.html');

// Every window (main, console, palette) follows the language setting, changed anywhere, at once.
try {
  followLanguage({
    settings: () => api.settings.get(),
    systemLocale: async () => (await api.app.info()).systemLocale,
    onSettingsChanged: (listener) => api.events.onChanged(listener),
  });
} catch {
  // Outside its window there is no bridge: the page stays in the browser's language.
}

export default mount(App, { target });
