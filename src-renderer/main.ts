import { mount } from 'svelte';
import App from './App.svelte';
import { api } from './api';
import { followThemeSetting } from './shell/theme';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('CVM Console: #app is missing from index.html');

// Every window (main, detached console, quick connect) follows the theme setting.
try {
  followThemeSetting({ get: () => api.settings.get(), onChanged: (l) => api.events.onChanged(l) });
} catch {
  // Outside its window (no bridge): the system's theme, and the page says why elsewhere.
}

export default mount(App, { target });
