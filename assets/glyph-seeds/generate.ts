// Writes src-renderer/console/text/glyph-seeds.ts: the console fonts the cell matcher knows before it
// has seen a screen. Run by hand when a seed font changes:
//   apt-get download console-setup-linux && dpkg-deb -x console-setup-linux_*.deb /tmp/cs
//   npx jiti assets/glyph-seeds/generate.ts /tmp/cs/usr/share/consolefonts && npx prettier --write src-renderer/console/text/glyph-seeds.ts
// Sources, all shippable with the app (notices in src-renderer/console/text/FONT-LICENSES.md):
//   - Debian console-setup's Lat15 console fonts: VGA (Dmitry Bolkhovityanov, MIT-style), Fixed
//     (X11 misc-fixed, public domain / Sony's permissive notice), Terminus (SIL OFL 1.1);
//   - the demo cloud's own 5x7 font, rendered exactly as its framebuffer draws it.
// The table holds printable glyphs only (ASCII, Latin-1, box drawing, blocks and the few symbols the
// Lat15 set has); rows are stored MSB-first, ceil(width / 8) bytes each, as PSF stores them.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Framebuffer, CELL_HEIGHT, CELL_WIDTH } from '../../src-main/demo/vnc-server/framebuffer';
import { TextScreen } from '../../src-main/demo/vnc-server/text-screen';

interface Font {
  name: string;
  licence: string;
  width: number;
  height: number;
  chars: string[];
  rows: number[][];
}

const VGA = 'VGA look-alike by Dmitry Bolkhovityanov (console-setup u_vga16), MIT-style licence';
const FIXED = 'X11 misc-fixed (console-setup Fixed), public domain; 8x16 © Sony Corp., permissive notice';
const TERMINUS = 'Terminus Font © 2010 Dimitar Toshkov Zhekov, SIL Open Font License 1.1';
const DEMO = "CVM Console demo cloud's 5x7 font (src-main/demo/vnc-server/bitmap-font.ts), MIT";

const PSF_FONTS: [file: string, name: string, licence: string][] = [
  ['Lat15-VGA8', 'vga-8x8', VGA],
  ['Lat15-VGA14', 'vga-8x14', VGA],
  ['Lat15-VGA16', 'vga-8x16', VGA],
  ['Lat15-Fixed13', 'fixed-8x13', FIXED],
  ['Lat15-Fixed14', 'fixed-8x14', FIXED],
  ['Lat15-Fixed15', 'fixed-8x15', FIXED],
  ['Lat15-Fixed16', 'fixed-8x16', FIXED],
  ['Lat15-Fixed18', 'fixed-8x18', FIXED],
  ['Lat15-Terminus12x6', 'terminus-6x12', TERMINUS],
  ['Lat15-Terminus14', 'terminus-8x14', TERMINUS],
  ['Lat15-Terminus16', 'terminus-8x16', TERMINUS],
  ['Lat15-Terminus20x10', 'terminus-10x20', TERMINUS],
  ['Lat15-Terminus24x12', 'terminus-12x24', TERMINUS],
  ['Lat15-Terminus28x14', 'terminus-14x28', TERMINUS],
  ['Lat15-Terminus32x16', 'terminus-16x32', TERMINUS],
  ['Lat15-TerminusBold14', 'terminus-bold-8x14', TERMINUS],
  ['Lat15-TerminusBold16', 'terminus-bold-8x16', TERMINUS],
  ['Lat15-TerminusBold20x10', 'terminus-bold-10x20', TERMINUS],
  ['Lat15-TerminusBold24x12', 'terminus-bold-12x24', TERMINUS],
  ['Lat15-TerminusBold28x14', 'terminus-bold-14x28', TERMINUS],
  ['Lat15-TerminusBold32x16', 'terminus-bold-16x32', TERMINUS],
];

/** A printable character worth recognising: no controls, no private use. */
function printable(cp: number): boolean {
  return cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0) && !(cp >= 0xe000 && cp < 0xf900) && cp < 0xfff0;
}

/**
 * Lower is preferred when one bitmap stands for several characters: ASCII, then Latin-1, then line
 * graphics (a row of '─' is far likelier on a console than em dashes), then the rest.
 */
function rank(cp: number): number {
  return cp < 0x80 ? 0 : cp < 0x100 ? 1 : cp >= 0x2500 && cp <= 0x259f ? 2 : 3;
}

interface PsfGlyph {
  codes: number[];
  rows: number[];
}

function parsePsf(data: Buffer): { width: number; height: number; glyphs: PsfGlyph[] } {
  let width: number;
  let height: number;
  let count: number;
  let offset: number;
  let hasTable: boolean;
  let utf8: boolean;
  if (data[0] === 0x36 && data[1] === 0x04) {
    const mode = data[2]!;
    width = 8;
    height = data[3]!;
    count = mode & 1 ? 512 : 256;
    offset = 4;
    hasTable = (mode & 2) !== 0;
    utf8 = false;
  } else if (data.readUInt32LE(0) === 0x864ab572) {
    offset = data.readUInt32LE(8);
    hasTable = (data.readUInt32LE(12) & 1) !== 0;
    count = data.readUInt32LE(16);
    height = data.readUInt32LE(24);
    width = data.readUInt32LE(28);
    utf8 = true;
  } else {
    throw new Error('not a PSF font');
  }
  const stride = Math.ceil(width / 8);
  const bitmaps: number[][] = [];
  for (let g = 0; g < count; g++) {
    const rows: number[] = [];
    for (let r = 0; r < height; r++) {
      let v = 0;
      for (let b = 0; b < stride; b++) v = v * 256 + data[offset + (g * height + r) * stride + b]!;
      rows.push(v >>> (stride * 8 - width)); // right-align: bit (width - 1) is the leftmost pixel
    }
    bitmaps.push(rows);
  }
  if (!hasTable) throw new Error('PSF font without a Unicode table');
  // Unicode table: per glyph its code points (PSF1: u16 LE, 0xffff ends; PSF2: UTF-8, 0xff ends);
  // sequences (after 0xfffe / 0xfe) are skipped.
  let p = offset + count * height * stride;
  const codes: number[][] = [];
  for (let g = 0; g < count; g++) {
    const list: number[] = [];
    let inSequence = false;
    if (!utf8) {
      for (;;) {
        const u = data.readUInt16LE(p);
        p += 2;
        if (u === 0xffff) break;
        if (u === 0xfffe) inSequence = true;
        else if (!inSequence) list.push(u);
      }
    } else {
      for (;;) {
        const b = data[p]!;
        if (b === 0xff) {
          p++;
          break;
        }
        if (b === 0xfe) {
          inSequence = true;
          p++;
          continue;
        }
        const len = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
        const cp = data.toString('utf8', p, p + len).codePointAt(0)!;
        p += len;
        if (!inSequence) list.push(cp);
      }
    }
    codes.push(list);
  }
  const glyphs = bitmaps.map((rows, g) => ({ codes: codes[g]!, rows }));
  return { width, height, glyphs };
}

function psfFont(dir: string, file: string, name: string, licence: string): Font {
  const { width, height, glyphs } = parsePsf(gunzipSync(readFileSync(path.join(dir, `${file}.psf.gz`))));
  // For each bitmap keep the most preferred character; for each character the first bitmap.
  const byBitmap = new Map<string, { cp: number; rows: number[] }>();
  const seen = new Set<number>();
  for (const { codes, rows } of glyphs) {
    const candidates = codes.filter(printable).sort((a, b) => rank(a) - rank(b) || a - b);
    const cp = candidates.find((c) => !seen.has(c));
    if (cp === undefined) continue;
    const key = rows.join(',');
    const had = byBitmap.get(key);
    if (had && rank(had.cp) <= rank(cp)) continue;
    if (had) seen.delete(had.cp);
    byBitmap.set(key, { cp, rows });
    seen.add(cp);
  }
  const entries = [...byBitmap.values()].sort((a, b) => a.cp - b.cp);
  return {
    name,
    licence,
    width,
    height,
    chars: entries.map((e) => String.fromCodePoint(e.cp)),
    rows: entries.map((e) => e.rows),
  };
}

/** The demo font exactly as the demo framebuffer draws it: each printable ASCII character in a 9x16 cell. */
function demoFont(): Font {
  const chars: string[] = [];
  for (let c = 0x21; c <= 0x7e; c++) chars.push(String.fromCharCode(c));
  const screen = new TextScreen(chars.length, 1);
  screen.cursorVisible = false;
  screen.write(chars.join(''));
  const fb = new Framebuffer(chars.length * CELL_WIDTH, CELL_HEIGHT);
  fb.render(screen);
  const rows = chars.map((_, i) =>
    Array.from({ length: CELL_HEIGHT }, (_, y) => {
      let v = 0;
      for (let x = 0; x < CELL_WIDTH; x++) {
        v = v * 2 + (fb.pixels[y * fb.width + i * CELL_WIDTH + x] !== screen.background ? 1 : 0);
      }
      return v;
    }),
  );
  return { name: 'demo-9x16', licence: DEMO, width: CELL_WIDTH, height: CELL_HEIGHT, chars, rows };
}

function encodeRows(font: Font): string {
  const stride = Math.ceil(font.width / 8);
  const bytes: number[] = [];
  for (const rows of font.rows) {
    for (const row of rows) {
      const v = row << (stride * 8 - font.width);
      for (let b = stride - 1; b >= 0; b--) bytes.push((v >>> (b * 8)) & 0xff);
    }
  }
  return Buffer.from(bytes).toString('base64');
}

export function seedModule(fonts: Font[]): string {
  const body = fonts
    .map(
      (f) =>
        `  {\n    name: ${JSON.stringify(f.name)},\n    licence: ${JSON.stringify(f.licence)},\n` +
        `    width: ${f.width},\n    height: ${f.height},\n    chars: ${JSON.stringify(f.chars.join(''))},\n` +
        `    bitmaps: ${JSON.stringify(encodeRows(f))},\n  },`,
    )
    .join('\n');
  return (
    '// Generated by assets/glyph-seeds/generate.ts — do not edit. Font notices: FONT-LICENSES.md.\n' +
    "import type { SeedFont } from './glyph-set';\n\n" +
    'export const SEED_FONTS: readonly SeedFont[] = [\n' +
    body +
    '\n];\n'
  );
}

export { demoFont, encodeRows };

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename);
if (isMain) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: generate.ts <console-setup consolefonts folder>');
  const fonts = [demoFont(), ...PSF_FONTS.map(([file, name, licence]) => psfFont(dir, file, name, licence))];
  const out = path.resolve(__dirname, '../../src-renderer/console/text/glyph-seeds.ts');
  writeFileSync(out, seedModule(fonts));
  for (const f of fonts) process.stderr.write(`${f.name}: ${f.chars.length} glyphs\n`);
}
