// Glyph matching: each cell read back exactly, in both polarities, under a cursor, and near misses
// accepted only when unambiguous, then learned.
import { describe, expect, it } from 'vitest';
import { CellReader, UNKNOWN_CHAR } from '../../../../../src-renderer/console/text/cell-reader';
import { defaultGlyphSet } from '../../../../../src-renderer/console/text/default-glyphs';
import {
  decodeSeed,
  GlyphSet,
  hashRows,
  nineWide,
  overstruck,
  popcount,
} from '../../../../../src-renderer/console/text/glyph-set';
import { SEED_FONTS } from '../../../../../src-renderer/console/text/glyph-seeds';
import { pixelWords } from '../../../../../src-renderer/console/text/pixel-image';
import { TextRecognizer } from '../../../../../src-renderer/console/text/text-recognizer';
import { font, renderScreen } from './screens';
import { demoFont, encodeRows } from '../../../../../assets/glyph-seeds/generate';

function readerFor(image: ReturnType<typeof renderScreen>, w: number, h: number, glyphs = defaultGlyphSet()) {
  return new CellReader(glyphs, pixelWords(image), image.width, w, h);
}

describe('seed fonts', () => {
  it('decode to the printable ASCII set in every font', () => {
    for (const seed of SEED_FONTS) {
      const f = decodeSeed(seed);
      const chars = new Set(f.glyphs.map((g) => g.char));
      for (let c = 0x21; c < 0x7f; c++)
        expect(chars.has(String.fromCharCode(c)), `${seed.name} ${c}`).toBe(true);
    }
  });

  it('hold the demo font exactly as the demo framebuffer draws it today', () => {
    const committed = SEED_FONTS.find((s) => s.name === 'demo-9x16')!;
    const fresh = demoFont();
    expect(committed.chars).toBe(fresh.chars.join(''));
    expect(committed.bitmaps).toBe(encodeRows(fresh));
  });

  it('give 9-wide VGA forms that extend line graphics only', () => {
    const vga = nineWide(decodeSeed(SEED_FONTS.find((s) => s.name === 'vga-8x16')!));
    const line = vga.glyphs.find((g) => g.char === '─')!;
    const letter = vga.glyphs.find((g) => g.char === 'H')!;
    expect(line.rows.some((r) => (r & 1) === 1)).toBe(true);
    expect(letter.rows.every((r) => (r & 1) === 0)).toBe(true);
  });

  it('give overstruck bold forms one pixel wider', () => {
    const base = decodeSeed(SEED_FONTS.find((s) => s.name === 'vga-8x16')!);
    const i = base.glyphs.find((g) => g.char === 'l')!;
    const bold = overstruck(base).glyphs.find((g) => g.char === 'l')!;
    const count = (rows: Uint32Array) => rows.reduce((n, r) => n + popcount(r), 0);
    expect(count(bold.rows)).toBeGreaterThan(count(i.rows));
  });
});

describe('CellReader', () => {
  const f = font('vga-8x16');
  const line = 'Hello, World! ~`|{}[]';

  it('reads every cell exactly, whatever the colours', () => {
    const image = renderScreen({ font: f, cols: 30, rows: 2, lines: [line], fg: 0x55ff55, bg: 0x0000aa });
    const reader = readerFor(image, 8, 16);
    const text = [...line].map((_, i) => reader.read(i * 8, 0).char).join('');
    expect(text).toBe(line);
    expect(reader.read(29 * 8, 0)).toMatchObject({ char: ' ', status: 'blank' });
  });

  it('reads inverse video, an underline cursor, a block cursor and a hollow cursor', () => {
    const inverse = renderScreen({
      font: f,
      cols: 4,
      rows: 1,
      lines: [[{ text: 'Ab', fg: 0x000000, bg: 0xaaaaaa }]],
    });
    const r1 = readerFor(inverse, 8, 16);
    expect(r1.read(0, 0).char + r1.read(8, 0).char).toBe('Ab');
    for (const style of ['underline', 'block', 'hollow'] as const) {
      const image = renderScreen({
        font: f,
        cols: 4,
        rows: 1,
        lines: ['x'],
        cursor: { col: 0, row: 0, style },
      });
      const other = renderScreen({
        font: f,
        cols: 4,
        rows: 1,
        lines: ['x'],
        cursor: { col: 1, row: 0, style },
      });
      if (style !== 'hollow') expect(readerFor(image, 8, 16).read(0, 0).char, style).toBe('x');
      expect(readerFor(other, 8, 16).read(8, 0).char, style).toBe(' ');
    }
  });

  it('reads underlined text (an underline row inside the cell, as xterm draws it)', () => {
    const image = renderScreen({ font: f, cols: 2, rows: 1, lines: ['x'] });
    const px = pixelWords(image);
    const grey = new Uint32Array(Uint8Array.of(0xaa, 0xaa, 0xaa, 0xff).buffer)[0]!; // the text colour
    px.fill(grey, 13 * image.width, 13 * image.width + 8);
    expect(new CellReader(defaultGlyphSet(), px, image.width, 8, 16).read(0, 0).char).toBe('x');
  });

  it("reads a bitmap two fonts share as the ASCII character of the screen's fonts", () => {
    // Terminus Bold's hyphen is Terminus' em dash.
    const bold = font('terminus-bold-8x16');
    const image = renderScreen({ font: bold, cols: 2, rows: 1, lines: ['-'] });
    const reader = readerFor(image, 8, 16);
    expect(reader.read(0, 0, { fonts: ['terminus-8x16', 'terminus-bold-8x16'] }).char).toBe('-');
  });

  it('accepts a near miss when it is unambiguous, learns it, and then matches it exactly', () => {
    const image = renderScreen({ font: f, cols: 2, rows: 1, lines: ['W'] });
    const px = pixelWords(image);
    px[5 * image.width + 3] = px[5 * image.width + 3] === px[0] ? 0xffffffff : px[0]!; // one pixel flipped
    const glyphs = defaultGlyphSet();
    const reader = new CellReader(glyphs, px, image.width, 8, 16);
    expect(reader.read(0, 0)).toMatchObject({ char: UNKNOWN_CHAR, status: 'unknown' });
    expect(reader.read(0, 0, { near: true, learn: true })).toMatchObject({ char: 'W', status: 'near' });
    expect(reader.read(0, 0)).toMatchObject({ char: 'W', status: 'exact' });
  });

  it('does not guess between two equally near glyphs', () => {
    const set = new GlyphSet([
      {
        name: 't',
        width: 3,
        height: 1,
        glyphs: [
          { char: 'a', font: 't', rows: Uint32Array.of(0b110) },
          { char: 'b', font: 't', rows: Uint32Array.of(0b011) },
        ],
      },
    ]);
    expect(set.nearest(3, 1, [0b010], 2)).toBeUndefined();
    expect(set.nearest(3, 1, [0b111], 1)).toBeUndefined();
    expect(set.nearest(3, 1, [0b100], 1)?.glyph.char).toBe('a');
    expect(hashRows([1, 2])).not.toBe(hashRows([2, 1]));
  });
});

describe('TextRecognizer.readCells', () => {
  it('keeps line breaks and column alignment, and reads only the cells inside a rectangle', () => {
    const lines = ['PID   USER  COMMAND', '  1   root  /sbin/init', '812   www   nginx: worker'];
    const image = renderScreen({ font: font('terminus-8x16'), cols: 40, rows: 10, lines, x: 3, y: 2 });
    const rec = new TextRecognizer();
    const all = rec.readCells(image);
    expect(all).toMatchObject({ mode: 'cells', confidence: 1, text: lines.join('\n') });
    // Columns 6..11 of rows 1..2: cells whose centre is inside.
    const part = rec.readCells(image, { x: 3 + 6 * 8, y: 2 + 16, w: 6 * 8, h: 2 * 16 });
    expect(part.text).toBe('root\nwww');
  });
});
