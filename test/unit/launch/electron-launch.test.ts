// `npm start` and `npm run dev` on a fresh clone, where Electron's binary has not been downloaded yet
// (Electron 45 downloads it on first use, not at `npm ci`). Each test runs the real npm script in a
// scratch copy of the project against a stand-in Electron release on a local mirror (ELECTRON_MIRROR),
// and checks that scripts/ensure-electron.mjs fetched it through Electron's own installer, unpacked it
// and that electron-vite then launched it with the built app; or, when the download fails, that the
// user gets one short message saying what failed and what to do.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../../support/free-port';
import { STAND_IN_LOG_VAR, startMirror, standInRelease, type Mirror } from '../../support/electron-mirror';
import { isolatedEnv, run, scratchProject, type ScratchProject } from '../../support/scratch-project';

// A run takes 5-15 s here (mostly electron-vite's build); the margins are for a busy machine.
const RUN_TIMEOUT_MS = 100_000;
const TEST_TIMEOUT_MS = 120_000;

let project: ScratchProject | undefined;
let mirror: Mirror | undefined;
afterEach(async () => {
  await mirror?.close();
  await project?.remove();
  mirror = undefined;
  project = undefined;
});

/** Every file under dir, recursively, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** The launch the stand-in binary recorded: the directory it ran in and its arguments. */
function recordedLaunch(log: string): { cwd: string; args: string[] } {
  const [cwd = '', ...args] = readFileSync(log, 'utf8').trimEnd().split('\n');
  return { cwd: realpathSync(cwd), args };
}

async function setUp(): Promise<{ project: ScratchProject; cache: string; log: string }> {
  project = await scratchProject();
  return {
    project,
    cache: path.join(project.work, 'electron-cache'),
    log: path.join(project.work, 'launch.log'),
  };
}

/** The step `npm start` and `npm run dev` run first, alone. */
function ensure(p: ScratchProject, env: Record<string, string>) {
  return run(process.execPath, ['scripts/ensure-electron.mjs'], {
    cwd: p.dir,
    env: isolatedEnv(env),
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

/**
 * Runs `npm <args>` in a fresh scratch project against a mirror serving the stand-in release, and
 * checks what every successful first launch does: the release is fetched (checksum file too) and
 * cached, unpacked where electron-vite looks for it, and launched on the freshly built app.
 */
async function firstLaunch(args: string[]) {
  const { project: p, cache, log } = await setUp();
  const { zipName, files } = standInRelease(p.electronVersion);
  mirror = await startMirror(files);
  const startedAt = Date.now();
  const result = await run('npm', args, {
    cwd: p.dir,
    env: isolatedEnv({
      ELECTRON_MIRROR: mirror.url,
      // The stand-in is not in Electron's built-in checksums: check it against the mirror's SHASUMS256.txt.
      electron_use_remote_checksums: '1',
      electron_config_cache: cache,
      [STAND_IN_LOG_VAR]: log,
    }),
    timeoutMs: RUN_TIMEOUT_MS,
  });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  // Fetched from the mirror, and kept in electron_config_cache.
  expect(mirror.requests).toContain(`/v${p.electronVersion}/${zipName}`);
  expect(mirror.requests).toContain(`/v${p.electronVersion}/SHASUMS256.txt`);
  expect(filesUnder(cache).map((f) => path.basename(f))).toContain(zipName);
  // Unpacked where electron-vite looks for it.
  expect(readFileSync(path.join(p.electronDir, 'path.txt'), 'utf8')).toBe('electron');
  expect(statSync(path.join(p.electronDir, 'dist', 'electron')).mode & 0o111).not.toBe(0);
  // Launched on the project, whose package.json main is the main process built by this run.
  const launch = recordedLaunch(log);
  expect(launch.cwd).toBe(realpathSync(p.dir));
  expect(launch.args[0]).toBe('.');
  const main = (JSON.parse(readFileSync(path.join(p.dir, 'package.json'), 'utf8')) as { main: string }).main;
  expect(main).toBe('out/main/main.js');
  expect(statSync(path.join(p.dir, main)).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
  return { p, zipName, cache, result };
}

describe('npm start / npm run dev on a fresh clone (no Electron binary yet)', () => {
  it(
    'npm start: downloads Electron through its installer from ELECTRON_MIRROR, unpacks it, then launches the built app',
    async () => {
      const { p, zipName, cache, result } = await firstLaunch(['start']);
      expect(result.stderr).toContain(
        `Electron ${p.electronVersion} is not downloaded yet: downloading it once with Electron's installer`,
      );
      expect(result.stderr).toContain(`from ${mirror!.url}v${p.electronVersion}/${zipName}`);
      expect(result.stderr).toContain('(100 %)');
      expect(result.stderr).toContain(`Electron ${p.electronVersion} is ready`);

      // From now on the binary is there: nothing is downloaded again.
      const requestsBefore = mirror!.requests.length;
      const again = await ensure(p, { ELECTRON_MIRROR: mirror!.url, electron_config_cache: cache });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toBe('');
      expect(mirror!.requests.length).toBe(requestsBefore);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'npm run dev: downloads Electron the same way, then launches it against the dev server',
    async () => {
      await firstLaunch(['run', 'dev']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'npm start with a mirror that refuses the connection: one short message, a non-zero exit, no stack trace',
    async () => {
      const { project: p, cache, log } = await setUp();
      const port = await freePort(); // nothing listens there
      const zipName = standInRelease(p.electronVersion).zipName;
      const result = await run('npm', ['start'], {
        cwd: p.dir,
        env: isolatedEnv({
          ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
          electron_config_cache: cache,
          [STAND_IN_LOG_VAR]: log,
        }),
        timeoutMs: RUN_TIMEOUT_MS,
      });
      const output = result.stdout + result.stderr;
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        `Could not download Electron ${p.electronVersion}, which \`npm start\` needs to run the app`,
      );
      expect(result.stderr).toContain(
        `The download of http://127.0.0.1:${port}/v${p.electronVersion}/${zipName} failed: connect ECONNREFUSED 127.0.0.1:${port}.`,
      );
      // What to do: a mirror, a proxy, or a cache.
      expect(result.stderr).toContain('ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/');
      expect(result.stderr).toContain('ELECTRON_GET_USE_PROXY=1');
      expect(result.stderr).toContain(`copy Electron's download cache into ${cache}`);
      // No stack trace, no raw installer error, and electron-vite never ran (it would have built out/).
      expect(output).not.toMatch(/^\s+at /m);
      expect(output).not.toMatch(/TypeError|fetch failed|Electron uninstall|Electron failed to install/);
      expect(existsSync(path.join(p.dir, 'out'))).toBe(false);
      expect(existsSync(log)).toBe(false);
      expect(existsSync(path.join(p.electronDir, 'path.txt'))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('scripts/ensure-electron.mjs: other ways the download goes', () => {
  it(
    'a mirror without the file: the message names the URL and the HTTP status',
    async () => {
      const { project: p, cache } = await setUp();
      const release = standInRelease(p.electronVersion);
      mirror = await startMirror(new Map());
      const result = await ensure(p, { ELECTRON_MIRROR: mirror.url, electron_config_cache: cache });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        `${mirror.url}v${p.electronVersion}/${release.zipName} answered HTTP 404.`,
      );
      expect(result.stderr).not.toMatch(/^\s+at /m);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'runs when started through a symbolic link to the project (Node runs the real path)',
    async () => {
      const { project: p, cache } = await setUp();
      const link = path.join(p.work, 'link-to-project');
      await symlink(p.dir, link);
      const port = await freePort(); // nothing listens there
      const result = await run(process.execPath, [path.join(link, 'scripts/ensure-electron.mjs')], {
        cwd: p.work,
        env: isolatedEnv({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: cache }),
        timeoutMs: RUN_TIMEOUT_MS,
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`Could not download Electron ${p.electronVersion}`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'through an HTTP proxy (HTTP_PROXY with ELECTRON_GET_USE_PROXY=1), as Electron documents',
    async () => {
      const { project: p, cache } = await setUp();
      const release = standInRelease(p.electronVersion);
      mirror = await startMirror(release.files); // here it plays the proxy
      // A mirror host that does not resolve: only the proxy can reach it.
      const unreachable = 'http://electron-mirror.invalid/';
      const result = await ensure(p, {
        ELECTRON_MIRROR: unreachable,
        electron_use_remote_checksums: '1',
        electron_config_cache: cache,
        ELECTRON_GET_USE_PROXY: '1',
        HTTP_PROXY: mirror.url,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(mirror.requests).toContain('CONNECT electron-mirror.invalid:80');
      expect(mirror.requests).toContain(`/v${p.electronVersion}/${release.zipName}`);
      expect(readFileSync(path.join(p.electronDir, 'path.txt'), 'utf8')).toBe('electron');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "offline from a copy of Electron's download cache (electron_config_cache), with Electron's built-in checksums",
    async () => {
      const { project: p, cache } = await setUp();
      const release = standInRelease(p.electronVersion);
      // Electron checks a download against the checksums it ships; make them the stand-in's.
      const zip = release.files.get(`/v${p.electronVersion}/${release.zipName}`)!;
      await writeFile(
        path.join(p.electronDir, 'checksums.json'),
        JSON.stringify({ [release.zipName]: createHash('sha256').update(zip).digest('hex') }),
      );
      // Fill the cache from the mirror once, then make the mirror unreachable (same address).
      mirror = await startMirror(release.files);
      const online = await ensure(p, { ELECTRON_MIRROR: mirror.url, electron_config_cache: cache });
      expect(online.code, online.stderr).toBe(0);
      const address = mirror.url;
      await mirror.close();
      mirror = undefined;
      await rm(path.join(p.electronDir, 'dist'), { recursive: true });
      await rm(path.join(p.electronDir, 'path.txt'));

      const offline = await ensure(p, { ELECTRON_MIRROR: address, electron_config_cache: cache });
      expect(offline.code, offline.stderr).toBe(0);
      expect(offline.stderr).not.toContain(' from http');
      expect(readFileSync(path.join(p.electronDir, 'path.txt'), 'utf8')).toBe('electron');
    },
    TEST_TIMEOUT_MS,
  );
});
