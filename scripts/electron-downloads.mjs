// What scripts/ensure-electron.mjs (npm start, npm run dev) and scripts/dist.mjs (npm run dist) share:
// where the downloads they depend on are cached, and a note for a Node.js older than Electron asks for.
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The default download cache of @electron/get (env-paths 'electron'), used by Electron's installer and electron-builder. */
export function electronCacheDir(env = process.env, platform = process.platform, home = os.homedir()) {
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron');
}

/** electron-builder's own cache of its tools (AppImage tools, fpm, NSIS, …); ELECTRON_BUILDER_CACHE moves it. */
export function electronBuilderCacheDir(env = process.env, platform = process.platform, home = os.homedir()) {
  if (env.ELECTRON_BUILDER_CACHE) return env.ELECTRON_BUILDER_CACHE;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'electron-builder');
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'electron-builder', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron-builder');
}

/** Electron 45's installer and electron-builder ask for Node.js 22.12 or newer (npm's EBADENGINE warnings). */
export const MIN_NODE = '22.12.0';

/** A line for the failure messages when this Node.js is older than MIN_NODE, else ''. */
export function nodeVersionNote(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = MIN_NODE.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return '';
  return `Note: this is Node.js ${version}; Electron's installer and electron-builder ask for ${MIN_NODE} or newer. If the steps above do not help, install Node.js 22.12+ and run \`npm ci\` again.`;
}

/**
 * Whether the module at moduleUrl is the script Node was started with. Node runs its entry from the
 * real path of argv[1] (symbolic links resolved), so that is what to compare.
 * @param {string} moduleUrl import.meta.url
 */
export function isEntryScript(moduleUrl) {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(path.resolve(process.argv[1])) === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}

/**
 * Calls onLine for every complete line of a child's output stream (and the last partial one at its end).
 * @param {import('node:stream').Readable} stream
 * @param {(line: string) => void} onLine
 */
export function forEachLine(stream, onLine) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (/** @type {string} */ chunk) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}
