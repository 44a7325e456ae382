// electron-builder.yml is checked against electron-builder's own JSON schema (so a misspelt or misplaced
// key fails here, not at release time), and the product decisions in it are asserted one by one.
import { describe, it, expect } from 'vitest';
import { HARDENED_FUSES } from './hardened-fuses';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPngHeader } from './png';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaFile = path.join(root, 'node_modules/app-builder-lib/scheme.json');

type Json = Record<string, unknown>;
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Json & {
  definitions: Record<string, { properties: Record<string, { default?: unknown }> }>;
};
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Json;
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Json;

// strict: false because the schema uses electron-builder's custom `typeof` keyword; the rest is draft-07.
const validate = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true }).compile(schema);

function errorsOf(candidate: unknown): string[] {
  return validate(candidate)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

function section(name: string): Json {
  const value = config[name];
  expect(value, `electron-builder.yml has no "${name}" section`).toBeTypeOf('object');
  return value as Json;
}

/** `target: [dmg, zip]` or `target: [{ target: dmg }]` → ['dmg', 'zip']. */
function targetNames(platform: string): string[] {
  const target = section(platform).target;
  const list = Array.isArray(target) ? target : [target];
  return list.map((t) => (typeof t === 'string' ? t : String((t as Json).target)));
}

/** Resolves a resource path the way electron-builder does: build resources first, then the project. */
function resource(relative: unknown): string {
  expect(relative).toBeTypeOf('string');
  const buildResources = path.join(root, String(section('directories').buildResources));
  for (const base of [buildResources, root]) {
    const candidate = path.resolve(base, String(relative));
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`electron-builder.yml refers to ${String(relative)}, which does not exist`);
}

describe('electron-builder.yml against app-builder-lib/scheme.json', () => {
  it('validates', () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it('rejects a misspelt top-level key', () => {
    const { productName, ...rest } = config;
    const errors = errorsOf({ ...rest, productNme: productName });
    expect(errors.join('\n')).toContain('productNme');
  });

  it('rejects a misspelt key inside a section', () => {
    const fuses = { ...section('electronFuses'), runAsNod: false };
    expect(errorsOf({ ...config, electronFuses: fuses }).join('\n')).toContain('runAsNod');
    const mac = { ...section('mac'), hardenedRuntme: true };
    expect(errorsOf({ ...config, mac }).join('\n')).toContain('hardenedRuntme');
  });

  it('rejects a value of the wrong type', () => {
    expect(errorsOf({ ...config, asar: 'yes' })).not.toEqual([]);
    const deb = { ...section('deb'), depends: 'libgtk-3-0' };
    expect(errorsOf({ ...config, deb }).join('\n')).toContain('/deb/depends');
    const fuses = { ...section('electronFuses'), runAsNode: 'false' };
    expect(errorsOf({ ...config, electronFuses: fuses }).join('\n')).toContain('/electronFuses/runAsNode');
  });
});

describe('product decisions in electron-builder.yml', () => {
  it('names the app and its link scheme', () => {
    expect(config.appId).toBe('com.cvmconsole.app');
    expect(config.productName).toBe('CVM Console');
    const protocols = [config.protocols].flat() as Array<{ schemes: string[] }>;
    expect(protocols.flatMap((p) => p.schemes)).toEqual(['cvm-console']);
  });

  it('registers the link scheme for every target: macOS and Linux from protocols, Windows from the NSIS include', () => {
    const schemes = ([config.protocols].flat() as Array<{ schemes: string[] }>).flatMap((p) => p.schemes);
    // Top-level, so that no platform section can leave it out.
    for (const platform of ['mac', 'win', 'linux']) expect(section(platform).protocols).toBeUndefined();
    const nsh = readFileSync(resource(section('nsis').include), 'utf8');
    for (const scheme of schemes) {
      const key = `SHCTX "Software\\Classes\\${scheme}"`;
      expect(nsh).toContain(`WriteRegStr ${key} "URL Protocol" ""`);
      expect(nsh).toContain(
        `WriteRegStr SHCTX "Software\\Classes\\${scheme}\\shell\\open\\command" "" '"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" -- "%1"'`,
      );
      expect(nsh).toContain(`DeleteRegKey ${key}`);
    }
    expect(nsh).toMatch(/!macro customInstall\b/);
    expect(nsh).toMatch(/!macro customUnInstall\b/);
  });

  it('writes packages to dist/ and takes build resources from assets/', () => {
    expect(section('directories')).toEqual({ output: 'dist', buildResources: 'assets' });
  });

  it('packs only the build output into an asar, with native addons unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['out/**/*', 'package.json']);
    expect(config.asarUnpack).toContain('**/*.node');
    // @napi-rs/keyring is N-API: no rebuild (and no Electron header download) at package time.
    expect(config.npmRebuild).toBe(false);
  });

  it('publishes nowhere (no auto-update feed yet)', () => {
    expect(config).toHaveProperty('publish', null);
  });

  it('hardens the Electron binary with fuses', () => {
    expect(section('electronFuses')).toEqual(HARDENED_FUSES);
  });

  it('builds dmg + zip on macOS with the hardened runtime', () => {
    expect(targetNames('mac')).toEqual(['dmg', 'zip']);
    expect(section('mac').hardenedRuntime).toBe(true);
    expect(section('mac').category).toBe('public.app-category.developer-tools');
  });

  it('builds an NSIS installer on Windows that asks where to install', () => {
    expect(targetNames('win')).toEqual(['nsis']);
    expect(section('nsis').oneClick).toBe(false);
    expect(section('nsis').perMachine).toBe(false);
  });

  it('builds AppImage + deb on Linux in the Network menu', () => {
    expect(targetNames('linux')).toEqual(['AppImage', 'deb']);
    expect(section('linux').category).toBe('Network');
    expect(section('linux').synopsis).toBeTypeOf('string');
    expect(section('linux').description).toBeTypeOf('string');
  });

  it("restates all of electron-builder's default deb dependencies, since setting depends replaces them", () => {
    const defaults = schema.definitions.DebOptions?.properties.depends?.default;
    expect(defaults).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libsecret-1-0']));
    const depends = section('deb').depends as string[];
    expect(depends).toEqual(expect.arrayContaining(defaults as string[]));
    // Electron loads these too, and electron-builder's defaults miss them.
    expect(depends).toContain('libgbm1');
    expect(depends.some((d) => /\blibasound2\b/.test(d))).toBe(true);
  });

  it('recommends a Secret Service keyring and an app indicator library', () => {
    const recommends = section('deb').recommends as string[];
    expect(recommends).toContain('gnome-keyring');
    expect(recommends.some((r) => r.split('|')[0]!.trim() === 'libayatana-appindicator3-1')).toBe(true);
  });

  it('recommends a CJK font, so Chinese and Korean render on a bare Linux desktop', () => {
    const recommends = section('deb').recommends as string[];
    expect(recommends.some((r) => r.split('|')[0]!.trim() === 'fonts-noto-cjk')).toBe(true);
  });

  it('has the package metadata a .deb needs (electron-builder aborts without it)', () => {
    // FpmTarget: "Please specify project homepage" / "Please specify author 'email'".
    const author = packageJson.author as { email?: string } | string | undefined;
    const maintainer = section('deb').maintainer ?? section('linux').maintainer;
    expect(
      typeof author === 'object' && Boolean(author.email) ? author.email : maintainer,
      'set "author": {"name", "email"} in package.json (or linux.maintainer in electron-builder.yml)',
    ).toBeTruthy();
    expect(
      packageJson.homepage ?? packageJson.repository,
      'set "homepage" (or a GitHub "repository") in package.json',
    ).toBeTruthy();
  });
});

describe('files electron-builder.yml refers to', () => {
  it('macOS icon: a PNG of at least 512 px', () => {
    const header = readPngHeader(readFileSync(resource(section('mac').icon)));
    expect(Math.min(header.width, header.height)).toBeGreaterThanOrEqual(512);
  });

  it('Windows icon: an .ico whose largest entry is 256 px', () => {
    const ico = readFileSync(resource(section('win').icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const widths = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(Math.max(...widths)).toBe(256);
  });

  it('Linux icon: a directory of NxN.png files whose names match their pixels', () => {
    const dir = resource(section('linux').icon);
    expect(statSync(dir).isDirectory()).toBe(true);
    const names = readdirSync(dir).filter((n) => /^\d+x\d+\.png$/.test(n));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const [w, h] = name.replace('.png', '').split('x').map(Number);
      expect(readPngHeader(readFileSync(path.join(dir, name))), name).toMatchObject({ width: w, height: h });
    }
  });

  it('extra resources exist', () => {
    for (const entry of config.extraResources as Array<{ from: string }>) {
      expect(existsSync(path.join(root, entry.from)), entry.from).toBe(true);
    }
  });
});
