// Runs the real electron-builder with electron-builder.yml on a scratch copy of the project, packaging
// for `linux dir` with a stand-in Electron binary (CI cannot download the real one). This proves what the
// schema cannot: what ends up inside app.asar, what is unpacked next to it, and that the fuses get flipped.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { HARDENED_FUSES } from './hardened-fuses';
import { trayIcon } from '../../../src-main/desktop/tray-icon';
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// @electron/fuses finds the fuse wire after this sentinel: [version 1][count][one '0'/'1' per fuse].
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Wire order of @electron/fuses FuseV1Options.
const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];
// Electron's shipped defaults, inverted where we expect a flip, so every fuse must actually change.
const STOCK_WIRE = '10110011';

async function fakeElectronDist(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho stand-in electron\n'),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, FUSE_ORDER.length]),
    Buffer.from(STOCK_WIRE),
  ]);
  await writeFile(path.join(dir, 'electron'), binary);
  await chmod(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'LICENSE'), 'stand-in');
  await writeFile(path.join(dir, 'LICENSES.chromium.html'), 'stand-in');
}

/** Lists an asar archive: its header is a pickled JSON tree of `files`, with `unpacked` on extracted ones. */
async function listAsar(file: string): Promise<Map<string, { unpacked: boolean }>> {
  const buf = await readFile(file);
  const header = buf.subarray(8, 8 + buf.readUInt32LE(4));
  const tree = JSON.parse(header.toString('utf8', 8, 8 + header.readUInt32LE(4))) as AsarNode;
  const entries = new Map<string, { unpacked: boolean }>();
  const walk = (node: AsarNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      if (child.files) walk(child, `${prefix}${name}/`);
      else entries.set(`${prefix}${name}`, { unpacked: child.unpacked === true });
    }
  };
  walk(tree, '');
  return entries;
}
interface AsarNode {
  files?: Record<string, AsarNode>;
  unpacked?: boolean;
}

describe('electron-builder --linux dir with electron-builder.yml', () => {
  let work: string;
  let appDir: string;
  let asar: Map<string, { unpacked: boolean }>;
  let desktopEntry: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'cvm-pack-'));
    const project = path.join(work, 'project');
    await mkdir(project);
    for (const name of ['package.json', 'electron-builder.yml']) {
      await cp(path.join(root, name), path.join(project, name));
    }
    await cp(path.join(root, 'assets'), path.join(project, 'assets'), { recursive: true });
    // A real node_modules with just the production packages: electron-builder asks npm for the
    // production tree, and through a symlinked node_modules npm calls the platform's optional
    // native package (the keyring binary) extraneous and leaves it out.
    for (const dir of ['zod', 'ws', '@napi-rs']) {
      await cp(path.join(root, 'node_modules', dir), path.join(project, 'node_modules', dir), {
        recursive: true,
      });
    }
    await cp(
      path.join(root, 'node_modules/electron/package.json'),
      path.join(project, 'node_modules/electron/package.json'),
    );
    // A stand-in build output, and sources/tests that must stay out of the package.
    const files: Record<string, string> = {
      'out/main/main.js': 'module.exports = {};\n',
      'out/preload/preload.js': '\n',
      'out/renderer/index.html': '<!doctype html>\n',
      // The OCR model the text worker loads by this exact name (electron.vite.config.ts keeps it).
      'out/renderer/assets/eng.traineddata.gz': 'stand-in model\n',
      'src-main/main.ts': 'export {};\n',
      'test/unit/some.test.ts': 'export {};\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(project, name)), { recursive: true });
      await writeFile(path.join(project, name), text);
    }
    const electronDist = path.join(work, 'electron-dist');
    await fakeElectronDist(electronDist);

    const cli = path.join(root, 'node_modules/electron-builder/cli.js');
    const args = ['--linux', 'dir', '--config', 'electron-builder.yml', '--publish', 'never'];
    // Writes the .desktop entry the deb/AppImage targets would install (see desktop-entry-hook.mjs).
    const hook = `-c.afterPack=${path.join(root, 'test/unit/builder/desktop-entry-hook.mjs')}`;
    await promisify(execFile)(process.execPath, [cli, ...args, `-c.electronDist=${electronDist}`, hook], {
      cwd: project,
      env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(work, 'cache') },
      maxBuffer: 16 * 1024 * 1024,
    });
    appDir = path.join(project, 'dist/linux-unpacked');
    asar = await listAsar(path.join(appDir, 'resources/app.asar'));
    desktopEntry = await readFile(path.join(project, 'dist/linux-desktop-entry.txt'), 'utf8');
  }, 90_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('packs the build output and package.json, and no sources, tests or build resources', () => {
    const own = [...asar.keys()].filter((name) => !name.startsWith('node_modules/'));
    expect(own.sort()).toEqual([
      'out/main/main.js',
      'out/preload/preload.js',
      'out/renderer/assets/eng.traineddata.gz',
      'out/renderer/index.html',
      'package.json',
    ]);
  });

  it('includes the production dependencies and none of the dev ones', () => {
    // node_modules/<name>/… or node_modules/@scope/<name>/… → the top-level package name.
    const packages = new Set(
      [...asar.keys()]
        .filter((name) => name.startsWith('node_modules/'))
        .map((name) => name.split('/'))
        .map((parts) => (parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!)),
    );
    for (const dependency of ['ws', 'zod', '@napi-rs/keyring']) {
      expect(packages, dependency).toContain(dependency);
    }
    for (const dev of ['vitest', 'electron', 'electron-builder', 'typescript', 'yaml']) {
      expect(packages, dev).not.toContain(dev);
    }
  });

  it("unpacks @napi-rs/keyring's native binary next to app.asar", () => {
    const natives = [...asar.entries()].filter(([name]) => name.endsWith('.node'));
    expect(natives.length).toBeGreaterThan(0);
    for (const [name, { unpacked }] of natives) {
      expect(unpacked, name).toBe(true);
      expect(existsSync(path.join(appDir, 'resources/app.asar.unpacked', name)), name).toBe(true);
    }
  });

  it('ships every tray image the app may choose, and the window icon, as resources outside the asar', () => {
    // Every file trayIcon() can name for any platform and theme, with the @2x of each PNG.
    const chosen = new Set<string>();
    for (const platform of ['darwin', 'win32', 'linux'])
      for (const dark of [false, true])
        for (const highContrast of [false, true]) chosen.add(trayIcon({ platform, dark, highContrast }).file);
    expect([...chosen].sort()).toEqual([
      'tray-32.png',
      'tray-dark-16.png',
      'tray-light-16.png',
      'tray.ico',
      'trayTemplate.png',
    ]);
    for (const name of [...chosen, 'tray-dark-16@2x.png', 'tray-light-16@2x.png', 'trayTemplate@2x.png']) {
      expect(existsSync(path.join(appDir, 'resources/tray', name)), name).toBe(true);
      expect(
        [...asar.keys()].some((entry) => entry.endsWith(name)),
        `${name} inside the asar`,
      ).toBe(false);
    }
    expect(existsSync(path.join(appDir, 'resources/icon.png'))).toBe(true);
  });

  it('declares the cvm-console scheme in the Linux .desktop entry, with the link passed as %U', () => {
    const lines = desktopEntry.split('\n');
    expect(lines).toContain('MimeType=x-scheme-handler/cvm-console;');
    expect(lines.find((l) => l.startsWith('Exec='))).toMatch(/ %U$/);
    expect(lines).toContain('StartupWMClass=cvm-console');
  });

  it('flips the fuses in the Electron binary', async () => {
    const binary = await readFile(path.join(appDir, 'cvm-console'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    const wire = binary.toString('latin1', at + 2, at + 2 + FUSE_ORDER.length);
    const fuses = Object.fromEntries(FUSE_ORDER.map((name, i) => [name, wire[i] === '1']));
    expect(fuses).toEqual(HARDENED_FUSES);
  });
});
