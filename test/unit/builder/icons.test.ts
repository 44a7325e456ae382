// The committed icons: right files, right pixel sizes, right colours, and exactly what
// assets/generate-icons.mjs produces from the SVG sources (so nobody hand-edits a PNG).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodePngRgba, readPngHeader } from './png';

const assets = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../assets');
const generator = path.join(assets, 'generate-icons.mjs');

/** Every file the generator writes, with its pixel size. */
const PNG_SIZES: Record<string, number> = {
  'icon.png': 1024,
  ...Object.fromEntries([16, 32, 48, 64, 128, 256, 512, 1024].map((n) => [`icons/${n}x${n}.png`, n])),
  'tray/tray-16.png': 16,
  'tray/tray-16@2x.png': 32,
  'tray/tray-32.png': 32,
  'tray/trayTemplate.png': 16,
  'tray/trayTemplate@2x.png': 32,
  'tray/tray-light-16.png': 16,
  'tray/tray-light-16@2x.png': 32,
  'tray/tray-dark-16.png': 16,
  'tray/tray-dark-16@2x.png': 32,
};
const ICO_SIZES: Record<string, number[]> = {
  'icon.ico': [16, 24, 32, 48, 64, 128, 256],
  'tray/tray.ico': [16, 20, 24, 32, 48],
};

/** [BMP byte, PNG byte] for red, green and blue: BMP stores pixels as BGRA. */
const BGRA_TO_RGBA = [
  [2, 0],
  [1, 1],
  [0, 2],
] as const;

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    ),
  );
  return nested.flat().sort();
}

function pixels(image: { data: Uint8Array }) {
  const list: Array<[number, number, number, number]> = [];
  for (let i = 0; i < image.data.length; i += 4) {
    list.push([image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!]);
  }
  return list;
}

interface IcoEntry {
  size: number;
  data: Buffer;
}

function readIco(ico: Buffer): IcoEntry[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1); // 1 = icon, 2 = cursor
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const [width, height] = [ico[at] || 256, ico[at + 1] || 256];
    expect(height).toBe(width);
    expect(ico.readUInt16LE(at + 6)).toBe(32);
    const offset = ico.readUInt32LE(at + 12);
    return { size: width, data: ico.subarray(offset, offset + ico.readUInt32LE(at + 8)) };
  });
}

describe('committed icon files', () => {
  it.each(Object.entries(PNG_SIZES))('%s is an RGBA PNG of %i px', async (name, size) => {
    const header = readPngHeader(await readFile(path.join(assets, name)));
    expect(header).toMatchObject({ width: size, height: size, bitDepth: 8, colorType: 6 });
  });

  it.each(Object.entries(ICO_SIZES))('%s holds the sizes Windows asks for', async (name, sizes) => {
    const entries = readIco(await readFile(path.join(assets, name)));
    expect(entries.map((e) => e.size)).toEqual(sizes);
    for (const { size, data } of entries) {
      if (size === 256) {
        // Stored PNG-compressed, as Windows expects for 256 px.
        expect(readPngHeader(data)).toMatchObject({ width: 256, height: 256 });
        continue;
      }
      // A 32-bit BITMAPINFOHEADER with the AND mask stacked under the image (height doubled).
      expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8), data.readUInt16LE(14)]).toEqual(
        [40, size, size * 2, 32],
      );
      expect(data.length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
    }
  });

  it('icon.ico holds the same pixels as the PNG set (BMP rows bottom-up, BGRA, straight alpha)', async () => {
    const entries = readIco(await readFile(path.join(assets, 'icon.ico')));
    for (const { size, data } of entries.filter(
      (e) => e.size < 256 && PNG_SIZES[`icons/${e.size}x${e.size}.png`],
    )) {
      const png = decodePngRgba(await readFile(path.join(assets, `icons/${size}x${size}.png`)));
      let alphaMismatches = 0;
      let worst = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const bmp = 40 + ((size - 1 - y) * size + x) * 4;
          const rgba = (y * size + x) * 4;
          if (data[bmp + 3] !== png.data[rgba + 3]) alphaMismatches++;
          // Colour is meaningless where (nearly) transparent; elsewhere allow rounding only.
          if (png.data[rgba + 3]! < 16) continue;
          for (const [b, r] of BGRA_TO_RGBA) {
            worst = Math.max(worst, Math.abs(data[bmp + b]! - png.data[rgba + r]!));
          }
        }
      }
      expect(alphaMismatches, `${size}px alpha`).toBe(0);
      expect(worst, `${size}px colour difference`).toBeLessThanOrEqual(2);
    }
  });

  it('macOS template images are pure black with alpha, the prompt cut out', async () => {
    for (const name of ['tray/trayTemplate.png', 'tray/trayTemplate@2x.png']) {
      const image = decodePngRgba(await readFile(path.join(assets, name)));
      const all = pixels(image);
      expect(all.every(([r, g, b]) => r === 0 && g === 0 && b === 0)).toBe(true);
      const opaque = all.filter(([, , , a]) => a === 255).length;
      expect(opaque / all.length).toBeGreaterThan(0.5);
      // The centre row crosses the `>` of the prompt, which is cut out (transparent).
      const y = image.height >> 1;
      const row = all.slice(y * image.width, (y + 1) * image.width);
      expect(row.some(([, , , a]) => a === 0)).toBe(true);
    }
  });

  it('high-contrast tray icons: one solid colour each (white, black), the prompt cut out like the template', async () => {
    for (const [name, value] of [
      ['tray-light-16', 255],
      ['tray-light-16@2x', 255],
      ['tray-dark-16', 0],
      ['tray-dark-16@2x', 0],
    ] as const) {
      const image = decodePngRgba(await readFile(path.join(assets, `tray/${name}.png`)));
      const template = decodePngRgba(
        await readFile(path.join(assets, `tray/trayTemplate${name.endsWith('@2x') ? '@2x' : ''}.png`)),
      );
      const all = pixels(image);
      expect(
        all.every(([r, g, b, a]) => a === 0 || (r === value && g === value && b === value)),
        name,
      ).toBe(true);
      // Same shape as the template: identical alpha everywhere.
      expect(
        all.map((p) => p[3]),
        name,
      ).toEqual(pixels(template).map((p) => p[3]));
    }
  });

  it('the colour tray icon is a blue tile with a white prompt', async () => {
    const all = pixels(decodePngRgba(await readFile(path.join(assets, 'tray/tray-32.png'))));
    const blue = all.filter(([r, , b, a]) => a === 255 && b > 200 && r < 80).length;
    const white = all.filter(([r, g, b, a]) => a === 255 && r > 240 && g > 240 && b > 240).length;
    expect(blue / all.length).toBeGreaterThan(0.5);
    expect(white).toBeGreaterThan(30);
  });
});

describe('assets/generate-icons.mjs', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'cvm-icons-'));
    await promisify(execFile)(process.execPath, [generator, outDir]);
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes exactly the expected files into the directory it is given', async () => {
    expect(await listFiles(outDir)).toEqual([...Object.keys(PNG_SIZES), ...Object.keys(ICO_SIZES)].sort());
  });

  it('is deterministic: its output matches the committed files byte for byte', async () => {
    for (const name of await listFiles(outDir)) {
      const [fresh, committed] = await Promise.all([
        readFile(path.join(outDir, name)),
        readFile(path.join(assets, name)),
      ]);
      expect(fresh.equals(committed), `${name} differs: run node assets/generate-icons.mjs`).toBe(true);
    }
  });
});
