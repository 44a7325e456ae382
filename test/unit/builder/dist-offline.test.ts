// `npm run dist` without network: electron-builder cannot download the Electron zip (here: the
// mirror refuses the connection, and the caches are empty), and the run must end with one message
// naming what packaging needs and what provides it, instead of electron-builder's raw network error
// and stack. Runs the real npm script in a scratch copy of the project.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { distFailureMessage, failureCause, isDownloadFailure } from '../../../scripts/dist.mjs';
import { freePort } from '../../support/free-port';
import { isolatedEnv, run, scratchProject, type ScratchProject } from '../../support/scratch-project';

let project: ScratchProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('npm run dist without network', () => {
  it('ends with one message naming the Electron zip, the packaging tools and where they come from', async () => {
    project = await scratchProject();
    const p = project;
    const port = await freePort(); // nothing listens there
    const cacheHome = path.join(p.work, 'cache');
    const tmp = path.join(p.work, 'tmp');
    await mkdir(tmp);
    const result = await run('npm', ['run', 'dist'], {
      cwd: p.dir,
      env: isolatedEnv({
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        ELECTRON_BUILDER_BINARIES_MIRROR: `http://127.0.0.1:${port}/`,
        ELECTRON_BUILDER_BINARIES_ALLOW_HTTP: 'true',
        // Empty caches: Electron's and electron-builder's live under XDG_CACHE_HOME on Linux.
        XDG_CACHE_HOME: cacheHome,
        // electron-builder's download locks live in the temp folder.
        TMPDIR: tmp,
      }),
      timeoutMs: 100_000,
    });
    const output = result.stdout + result.stderr;
    expect(result.code, output).not.toBe(0);
    expect(result.stderr).toContain(
      `npm run dist could not download what packaging needs (connect ECONNREFUSED 127.0.0.1:${port}).`,
    );
    expect(result.stderr).toContain(
      `electron-v${p.electronVersion}-${process.platform}-${process.arch}.zip here`,
    );
    expect(result.stderr).toContain(
      `from ELECTRON_MIRROR (default GitHub), cached in ${path.join(cacheHome, 'electron')}`,
    );
    expect(result.stderr).toContain(
      `from ELECTRON_BUILDER_BINARIES_MIRROR (default GitHub), cached in ${path.join(cacheHome, 'electron-builder')} (ELECTRON_BUILDER_CACHE)`,
    );
    expect(result.stderr).toContain('HTTPS_PROXY');
    // No raw error: no stack, no electron-builder error fields.
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/stackTrace=|failedTask=|RequestError/);
    // The build before it ran, and electron-builder's progress still shows.
    expect(existsSync(path.join(p.dir, 'out/main/main.js'))).toBe(true);
    expect(result.stdout).toContain('electron-builder');
  }, 120_000);
});

describe('the dist failure report', () => {
  // electron-builder 26's lines when a packaging tool cannot be downloaded (AppImage here).
  const toolFailure = [
    '  ⨯ failed to build AppImage  error=getaddrinfo EAI_AGAIN github.com',
    '  ⨯ getaddrinfo EAI_AGAIN github.com  failedTask=build stackTrace=RequestError: getaddrinfo EAI_AGAIN github.com',
    '    at ClientRequest.<anonymous> (/p/node_modules/got/dist/source/core/index.js:970:111)',
  ].join('\n');
  const otherFailure = [
    '  ⨯ Invalid configuration object. electron-builder 26.17.0 has been initialized using a configuration object that does not match the API schema.',
    '    at validateConfiguration (/p/node_modules/app-builder-lib/out/util/config/config.js:1:1)',
  ].join('\n');

  it('recognises a failed download, and its cause, in the error lines', () => {
    expect(isDownloadFailure(toolFailure)).toBe(true);
    expect(failureCause(toolFailure)).toBe('getaddrinfo EAI_AGAIN github.com');
    expect(isDownloadFailure(`\x1b[31m⨯\x1b[39m connect ECONNREFUSED 127.0.0.1:9`)).toBe(true);
  });

  it('leaves any other failure alone', () => {
    expect(isDownloadFailure(otherFailure)).toBe(false);
  });

  it('names the caches for this platform', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' };
    const message = distFailureMessage({
      cause: 'x',
      electronVersion: '45.5.0',
      env,
      platform: 'win32',
      arch: 'x64',
    });
    expect(message).toContain('electron-v45.5.0-win32-x64.zip here');
    expect(message).toContain(path.join('C:\\Users\\u\\AppData\\Local', 'electron', 'Cache'));
    expect(message).toContain(path.join('C:\\Users\\u\\AppData\\Local', 'electron-builder', 'Cache'));
  });
});
