import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('CVM Console: #app is missing from index.html');

// index.html's static shell gives the window its first paint while this script loads; the app
// replaces it in the same task, so no frame shows both.
target.replaceChildren();
export default mount(App, { target });
