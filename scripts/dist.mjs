// `npm run dist` runs this after `electron-vite build`: electron-builder with electron-builder.yml and
// any arguments given after `--` (e.g. `npm run dist -- --linux deb`).
//
// electron-builder downloads, on first use, the Electron zip of each target and its packaging tools.
// Without network it ends with a raw `getaddrinfo EAI_AGAIN github.com` and a stack trace that says
// neither what it needs nor how to provide it. So this passes electron-builder's output through, and
// when it fails for a download, replaces its error lines with one message naming what it needs and
// the variables or cache folders that provide it. Any other failure is shown exactly as it was.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  electronBuilderCacheDir,
  electronCacheDir,
  forEachLine,
  isEntryScript,
  nodeVersionNote,
} from './electron-downloads.mjs';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OFFLINE_DOCS = 'https://www.electron.build/docs/tutorials/offline-air-gapped-builds';

// eslint-disable-next-line no-control-regex -- ANSI colour codes (electron-builder colours a terminal's output)
const ANSI = /\x1b\[[0-9;]*m/g;
// electron-builder's error lines start with ⨯; everything from the first one on is its failure report.
const ERROR_LINE = /^\s*⨯/;
// Its CLI logs `failedTask=` once the whole run has failed; nothing is left to do after that line.
const RUN_FAILED = /\bfailedTask=/;
// After a failed download electron-builder's @electron/get 3 leaves a 30 s progress-bar timer running,
// which keeps the process alive for nothing: it gets this long to exit by itself, then it is ended.
const EXIT_GRACE_MS = 2000;
// What a failed download looks like in that report (got, fetch and Node's network errors).
const DOWNLOAD_FAILURE =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|SELF_SIGNED_CERT[A-Z_]*)\b|HTTPError|Response code \d{3}|fetch failed/;

/**
 * Whether electron-builder's failure report is about a download.
 * @param {string} report
 */
export function isDownloadFailure(report) {
  return DOWNLOAD_FAILURE.test(report.replace(ANSI, ''));
}

/**
 * The cause in electron-builder's last error line, without its `failedTask=… stackTrace=…` fields.
 * @param {string} report
 */
export function failureCause(report) {
  const errorLines = report
    .replace(ANSI, '')
    .split('\n')
    .filter((line) => ERROR_LINE.test(line));
  const last = errorLines.at(-1) ?? '';
  return last
    .replace(ERROR_LINE, '')
    .replace(/\s+(failedTask|stackTrace|error)=.*$/, '')
    .trim();
}

/**
 * The one message for a packaging run that could not download what it needs.
 * @param {{ cause: string, electronVersion: string, env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, arch?: string }} facts
 */
export function distFailureMessage({
  cause,
  electronVersion,
  env = process.env,
  platform = process.platform,
  arch = process.arch,
}) {
  return [
    `npm run dist could not download what packaging needs${cause ? ` (${cause})` : ''}.`,
    'electron-builder downloads these once, then works offline from its caches:',
    `  - the Electron zip of each target platform and architecture (electron-v${electronVersion}-${platform}-${arch}.zip here):`,
    `    from ELECTRON_MIRROR (default GitHub), cached in ${electronCacheDir(env, platform)}`,
    '  - its packaging tools (the AppImage tools, fpm and 7-Zip on Linux; NSIS on Windows; …):',
    `    from ELECTRON_BUILDER_BINARIES_MIRROR (default GitHub), cached in ${electronBuilderCacheDir(env, platform)} (ELECTRON_BUILDER_CACHE)`,
    'Set those mirrors, or HTTPS_PROXY for a proxy, or copy both cache folders from a computer that has run',
    `npm run dist for the same targets. More: ${OFFLINE_DOCS}`,
    nodeVersionNote(),
  ]
    .filter(Boolean)
    .join('\n');
}

/** @param {string[]} args */
async function main(args) {
  const require = createRequire(path.join(projectDir, 'package.json'));
  const cli = require.resolve('electron-builder/cli.js');
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const env = { ...process.env };
  // Keep electron-builder's colours on a terminal even though its output now goes through a pipe.
  if (process.stdout.isTTY && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '1';
  const child = spawn(process.execPath, [cli, '--config', 'electron-builder.yml', ...args], {
    cwd: projectDir,
    env,
    stdio: ['inherit', 'pipe', 'pipe'],
  });

  // Output passes through as it comes, up to the first error line; from there it is held back.
  /** @type {string[]} */
  const held = [];
  /** @type {NodeJS.Timeout | undefined} */
  let ending;
  /** @param {NodeJS.WritableStream} stream */
  const pass = (stream) => (/** @type {string} */ line) => {
    const plain = line.replace(ANSI, '');
    if (held.length === 0 && !ERROR_LINE.test(plain)) {
      stream.write(`${line}\n`);
      return;
    }
    held.push(line);
    if (RUN_FAILED.test(plain)) ending ??= setTimeout(() => child.kill('SIGTERM'), EXIT_GRACE_MS);
  };
  forEachLine(child.stdout, pass(process.stdout));
  forEachLine(child.stderr, pass(process.stderr));
  const [code, signal] = await new Promise((resolve) => child.on('close', (...exit) => resolve(exit)));
  clearTimeout(ending);

  const report = held.join('\n');
  const failed = code !== 0 || signal !== null;
  if (failed && isDownloadFailure(report)) {
    process.stderr.write(`${distFailureMessage({ cause: failureCause(report), electronVersion })}\n`);
  } else if (report) {
    process.stderr.write(`${report}\n`);
  }
  return failed ? code || 1 : 0;
}

if (isEntryScript(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
