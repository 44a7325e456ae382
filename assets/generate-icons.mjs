// Renders every icon the app and electron-builder need from the SVG sources in this folder.
// Usage: node assets/generate-icons.mjs [outDir]   (outDir defaults to this folder)
// Plain Node ESM with @resvg/resvg-js only: no network, no system fonts (the SVGs use no text), so the
// output is byte-for-byte reproducible — test/unit/builder checks that against the committed files.
import { Resvg } from '@resvg/resvg-js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceDir = path.dirname(fileURLToPath(import.meta.url));

/** The Linux icon set (electron-builder reads `icons/NxN.png`); also the sizes for the .ico below. */
const ICON_SET_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
/** Below this size the detailed icon (monitor + cloud) turns to mush, so the simplified tray design is used. */
const DETAIL_MIN_SIZE = 32;
/** Windows picks from these; 256 is stored as PNG, the rest as 32-bit BMP (what NSIS and Explorer expect). */
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** Windows tray sizes at 100 %, 125 %, 150 %, 200 % and 300 % display scaling. */
const TRAY_ICO_SIZES = [16, 20, 24, 32, 48];

/**
 * The template's tile in one solid colour, for high-contrast themes on Windows and Linux (where no
 * OS tints a template): light for dark panels, dark for light panels.
 */
function monochrome(templateSvg, colour) {
  const tile = /(<rect x="0" y="0" width="16" height="16" rx="3.5" fill=")#000000(" mask=)/;
  const text = templateSvg.toString('utf8');
  if (!tile.test(text)) throw new Error('tray-template.svg: the masked tile rect was not found');
  return Buffer.from(text.replace(tile, `$1${colour}$2`));
}

function renderer(svg) {
  return (size) =>
    new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
}

/** Resvg hands out premultiplied RGBA; BMP icons want straight alpha in BGRA, bottom-up, plus an AND mask. */
function bmpIconImage(image) {
  const { width, height, pixels } = image;
  const maskStride = Math.ceil(width / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // the XOR image and the AND mask stacked, as ICO requires
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const xor = Buffer.alloc(width * height * 4);
  const and = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 4;
      const dst = (row * width + x) * 4;
      const a = pixels[src + 3];
      const straight = (c) => (a === 0 ? 0 : Math.min(255, Math.round((c * 255) / a)));
      xor[dst] = straight(pixels[src + 2]);
      xor[dst + 1] = straight(pixels[src + 1]);
      xor[dst + 2] = straight(pixels[src]);
      xor[dst + 3] = a;
      if (a === 0) and[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, xor, and]);
}

/** An .ico holding one entry per size: PNG-compressed at 256 px, BMP below. */
function ico(renderAt, sizes) {
  const images = sizes.map((size) => {
    const image = renderAt(size);
    return { size, data: size >= 256 ? image.asPng() : bmpIconImage(image) };
  });
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // 1 = icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    dir.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    dir.writeUInt8(size >= 256 ? 0 : size, at + 1);
    dir.writeUInt16LE(1, at + 4);
    dir.writeUInt16LE(32, at + 6);
    dir.writeUInt32LE(data.length, at + 8);
    dir.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([dir, ...images.map((image) => image.data)]);
}

async function main() {
  const outDir = path.resolve(process.argv[2] ?? sourceDir);
  const load = async (name) => renderer(await readFile(path.join(sourceDir, name)));
  const detailed = await load('icon.svg');
  const simple = await load('tray.svg');
  const templateSvg = await readFile(path.join(sourceDir, 'tray-template.svg'));
  const template = renderer(templateSvg);
  const light = renderer(monochrome(templateSvg, '#FFFFFF'));
  const dark = renderer(monochrome(templateSvg, '#000000'));
  const appIcon = (size) => (size < DETAIL_MIN_SIZE ? simple : detailed)(size);

  /** @type {Array<[string, Buffer]>} */
  const files = [
    ['icon.png', appIcon(1024).asPng()],
    ...ICON_SET_SIZES.map((n) => [`icons/${n}x${n}.png`, appIcon(n).asPng()]),
    ['icon.ico', ico(appIcon, APP_ICO_SIZES)],
    ['tray/tray-16.png', simple(16).asPng()],
    ['tray/tray-16@2x.png', simple(32).asPng()],
    ['tray/tray-32.png', simple(32).asPng()],
    ['tray/tray.ico', ico(simple, TRAY_ICO_SIZES)],
    ['tray/trayTemplate.png', template(16).asPng()],
    ['tray/trayTemplate@2x.png', template(32).asPng()],
    ['tray/tray-light-16.png', light(16).asPng()],
    ['tray/tray-light-16@2x.png', light(32).asPng()],
    ['tray/tray-dark-16.png', dark(16).asPng()],
    ['tray/tray-dark-16@2x.png', dark(32).asPng()],
  ];
  for (const [name, data] of files) {
    const file = path.join(outDir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
  }
  process.stdout.write(`wrote ${files.length} icon files to ${outDir}\n`);
}

await main();
