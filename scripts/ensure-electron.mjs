// `npm start` and `npm run dev` run this before electron-vite: it makes sure the Electron binary is
// there, and downloads it when it is not.
//
// Why it is needed: Electron 45 no longer downloads its binary during `npm ci`; it does so on first
// use or through its `install-electron` bin (node_modules/electron/install.js). electron-vite never
// triggers that: it reads node_modules/electron/path.txt itself and stops with "Electron uninstall".
// Why here and not in a postinstall: a postinstall would make every `npm ci` (CI, offline, tests,
// which never need the binary) download Electron, and would have to hide its failures so as not to
// fail the install. Here the download happens once, when the app is first launched.
//
// The download is done by Electron's own installer, so ELECTRON_MIRROR, electron_config_cache,
// ELECTRON_GET_USE_PROXY with HTTPS_PROXY, and the rest work exactly as Electron documents. A small
// observer preloaded into it (electron-download-observer.cjs) reports progress and, on failure, what
// failed; the user sees one short message instead of the installer's stack trace.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronCacheDir, forEachLine, isEntryScript, nodeVersionNote } from './electron-downloads.mjs';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OBSERVER = fileURLToPath(new URL('./electron-download-observer.cjs', import.meta.url));
const REPORT_PREFIX = '@@cvm-electron-download ';
const EXAMPLE_MIRROR = 'https://npmmirror.com/mirrors/electron/';
const INSTALL_DOCS = 'https://www.electronjs.org/docs/latest/tutorial/installation';

/**
 * What the observer reports about each download of the installer.
 * @typedef {{ type: 'error', url: string, reason: string }
 *   | { type: 'response', url: string, status: number, total: number }
 *   | { type: 'progress', url: string, received: number, total: number }} DownloadReport
 */
/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, reports: DownloadReport[], output: string[] }} InstallerResult
 */

/** The electron package this project resolves (the one electron-vite launches). */
function electronPackage(fromDir = projectDir) {
  const require = createRequire(path.join(fromDir, 'package.json'));
  const dir = path.dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return { dir, version: String(version) };
}

/**
 * The Electron binary as electron-vite finds it: dist/ + the relative path in path.txt, which the
 * installer writes per platform ('electron', 'electron.exe' or 'Electron.app/Contents/MacOS/Electron').
 * Null when either is missing.
 * @param {string} electronDir
 */
function installedBinary(electronDir) {
  let relative;
  try {
    relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8');
  } catch {
    return null;
  }
  const binary = path.join(electronDir, 'dist', relative);
  return relative && existsSync(binary) ? binary : null;
}

/**
 * Runs Electron's installer with the observer; resolves with its exit code, its reports and its other output.
 * @param {string} electronDir
 * @param {{ env?: NodeJS.ProcessEnv, onReport?: (report: DownloadReport) => void }} [options]
 * @returns {Promise<InstallerResult>}
 */
function runInstaller(electronDir, { env = process.env, onReport = () => {} } = {}) {
  const child = spawn(process.execPath, ['--require', OBSERVER, path.join(electronDir, 'install.js')], {
    // The installer's own progress bar is replaced by ours (it would also interleave with the reports).
    env: { ...env, ELECTRON_GET_NO_PROGRESS: '1', CVM_ELECTRON_DOWNLOAD_REPORT: REPORT_PREFIX },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {DownloadReport[]} */
  const reports = [];
  /** @type {string[]} */
  const output = [];
  /** @param {string} line */
  const onLine = (line) => {
    if (!line.startsWith(REPORT_PREFIX)) {
      output.push(line);
      return;
    }
    try {
      const report = JSON.parse(line.slice(REPORT_PREFIX.length));
      reports.push(report);
      onReport(report);
    } catch {
      output.push(line);
    }
  };
  forEachLine(child.stdout, onLine);
  forEachLine(child.stderr, onLine);
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: 1, signal: null, reports, output: [String(error)] }));
    child.on('close', (code, signal) => resolve({ code, signal, reports, output }));
  });
}

/** @param {string} url */
const isArchive = (url) => /\.zip(\?|$)/.test(url);

/** @param {number} n */
function formatBytes(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

/**
 * Prints the archive's download progress: one updating line on a terminal, every quarter in a log.
 * @param {NodeJS.WritableStream} out
 * @param {boolean} isTTY
 */
function progressView(out, isTTY) {
  let lastQuarter = -1;
  let lineOpen = false;
  return {
    /** @param {DownloadReport} report */
    onReport(report) {
      if (!isArchive(report.url)) return;
      if (report.type === 'response' && report.status < 400) out.write(`  from ${report.url}\n`);
      if (report.type !== 'progress') return;
      const { received, total } = report;
      const text = total
        ? `${formatBytes(received)} of ${formatBytes(total)} (${Math.floor((received / total) * 100)} %)`
        : formatBytes(received);
      if (isTTY) {
        out.write(`\r  ${text}    `);
        lineOpen = true;
        return;
      }
      const quarter = total ? Math.floor((received / total) * 4) : -1;
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        out.write(`  ${text}\n`);
      }
    },
    end() {
      if (lineOpen) out.write('\n');
      lineOpen = false;
    },
  };
}

/**
 * One line saying what failed, from the observer's reports or else the installer's own error line.
 * @param {InstallerResult} result
 */
function describeFailure({ code, reports, output }) {
  const failed = reports.findLast((r) => r.type === 'error' || (r.type === 'response' && r.status >= 400));
  if (failed?.type === 'error') return `The download of ${failed.url} failed: ${failed.reason}.`;
  if (failed?.type === 'response') return `${failed.url} answered HTTP ${failed.status}.`;
  const errorLine = output.map((line) => line.trim()).find((line) => /^\w*Error\b|^Error:/.test(line));
  if (errorLine && /checksum/i.test(errorLine))
    return `The downloaded file did not match Electron's checksum (${errorLine.replace(/^\w*Error:\s*/, '')}).`;
  if (errorLine) return `Electron's installer failed: ${errorLine}`;
  return `Electron's installer exited with code ${code}.`;
}

/**
 * The short message for a failed download: what failed and exactly what to do.
 * @param {{ version: string, command: string, failure: string, env?: NodeJS.ProcessEnv }} facts
 */
function failureMessage({ version, command, failure, env = process.env }) {
  const cache = env.electron_config_cache || electronCacheDir(env);
  return [
    `Could not download Electron ${version}, which ${command} needs to run the app (it is downloaded once).`,
    `  ${failure}`,
    `Fix it with one of these, then run ${command} again:`,
    `  - a mirror: set ELECTRON_MIRROR, e.g. ELECTRON_MIRROR=${EXAMPLE_MIRROR}`,
    '  - a proxy:  set HTTPS_PROXY (and HTTP_PROXY, NO_PROXY as needed) together with ELECTRON_GET_USE_PROXY=1',
    `  - a cache:  copy Electron's download cache into ${cache} (or set electron_config_cache to a copy)`,
    `              from a computer that has downloaded Electron ${version} from the same address`,
    `More: ${INSTALL_DOCS}`,
    nodeVersionNote(),
  ]
    .filter(Boolean)
    .join('\n');
}

function commandName(env = process.env) {
  const event = env.npm_lifecycle_event;
  if (event === 'start') return '`npm start`';
  return event ? `\`npm run ${event}\`` : '`node scripts/ensure-electron.mjs`';
}

async function main() {
  const out = process.stderr;
  // electron-vite launches ELECTRON_EXEC_PATH instead when it is set: nothing to download then.
  if (process.env.ELECTRON_EXEC_PATH) return 0;
  let electron;
  try {
    electron = electronPackage();
  } catch {
    out.write('The electron package is not installed: run `npm ci` first.\n');
    return 1;
  }
  if (installedBinary(electron.dir)) return 0;

  const started = Date.now();
  out.write(
    `Electron ${electron.version} is not downloaded yet: downloading it once with Electron's installer…\n`,
  );
  const view = progressView(out, Boolean(out.isTTY));
  const result = await runInstaller(electron.dir, { onReport: view.onReport });
  view.end();
  const binary = installedBinary(electron.dir);
  if (result.code === 0 && binary) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out.write(
      `Electron ${electron.version} is ready (${path.relative(projectDir, binary)}, ${seconds} s).\n`,
    );
    return 0;
  }
  if (result.signal) return 1;
  out.write(
    `${failureMessage({ version: electron.version, command: commandName(), failure: describeFailure(result) })}\n`,
  );
  return 1;
}

if (isEntryScript(import.meta.url)) {
  process.exitCode = await main();
}
