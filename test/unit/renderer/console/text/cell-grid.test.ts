// Cell-grid detection: the cell size, the offset of the first cell and the font, found from the
// pixels alone, for every kind of seed font, at offsets, with margins and in colour.
import { describe, expect, it } from 'vitest';
import { detectGrid, lowPhases } from '../../../../../src-renderer/console/text/cell-grid';
import { defaultGlyphSet } from '../../../../../src-renderer/console/text/default-glyphs';
import { pixelWords } from '../../../../../src-renderer/console/text/pixel-image';
import { consoleLines, font, renderScreen, seeded, toImage } from './screens';

const glyphs = defaultGlyphSet();

function detect(image: ReturnType<typeof renderScreen>) {
  return detectGrid(pixelWords(image), image.width, image.height, glyphs);
}

describe('detectGrid', () => {
  const cases: [fontName: string, x: number, y: number][] = [
    ['demo-9x16', 0, 0],
    ['vga-8x16', 3, 5],
    ['vga-8x16@9', 0, 0],
    ['vga-8x14', 1, 0],
    ['vga-8x8', 0, 2],
    ['fixed-8x13', 2, 9],
    ['terminus-6x12', 5, 1],
    ['terminus-8x16', 7, 2],
    ['terminus-bold-10x20', 4, 4],
    ['terminus-16x32', 0, 3],
    ['vga-8x16+bold', 2, 2],
  ];
  it.each(cases)('finds the %s grid starting at (%i, %i)', (name, x, y) => {
    const f = font(name);
    const lines = consoleLines(24, 70, seeded(x * 31 + y));
    const image = renderScreen({
      font: f,
      cols: 70,
      rows: 24,
      lines,
      x,
      y,
      width: x + 70 * f.width + f.width - 1,
      height: y + 24 * f.height + f.height - 1,
      margin: 0x000000,
    });
    const found = detect(image);
    expect(found?.grid).toMatchObject({ cellWidth: f.width, cellHeight: f.height, x, y, cols: 70, rows: 24 });
    expect(found?.score).toBe(1);
    // Terminus bold and Terminus overstruck share most bitmaps: the family is what counts.
    expect(found?.fonts[0]?.split('-')[0]).toBe(name.split('-')[0]);
  });

  it('finds the grid of a screen with only a few words on it', () => {
    const image = renderScreen({
      font: font('vga-8x16'),
      cols: 80,
      rows: 25,
      lines: ['', '', 'login: root'],
      x: 4,
      y: 6,
    });
    expect(detect(image)?.grid).toMatchObject({ cellWidth: 8, cellHeight: 16, x: 4, y: 6 });
  });

  it('finds the grid of coloured text on a coloured ground (a BIOS-style screen)', () => {
    const lines = [
      [{ text: ' Main  Advanced  Boot  Exit ', fg: 0x0000aa, bg: 0xaaaaaa }],
      [],
      [{ text: 'System Time      [12:30:05]', fg: 0xffffff, bg: 0x0000aa }],
      [{ text: 'Boot Mode        [UEFI]', fg: 0xffff55, bg: 0x0000aa }],
    ];
    const image = renderScreen({ font: font('vga-8x16@9'), cols: 80, rows: 25, lines, bg: 0x0000aa });
    expect(detect(image)?.grid).toMatchObject({ cellWidth: 9, cellHeight: 16, x: 0, y: 0 });
  });

  it('finds no text grid on a blank screen or on noise', () => {
    const blank = toImage(new Uint32Array(640 * 400).fill(0x102030), 640, 400);
    expect(detect(blank)).toBeUndefined();
    const random = seeded(7);
    const noise = toImage(
      Uint32Array.from({ length: 640 * 400 }, () => (random() * 0xffffff) | 0),
      640,
      400,
    );
    const found = detect(noise);
    expect(found === undefined || found.score < 0.5).toBe(true);
  });
});

describe('lowPhases', () => {
  it('names the gap phase and the phase after it', () => {
    // Period 4, lowest at phase 3: the cell starts at the gap (3) or just after it (0).
    const profile = Float64Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? 0 : 10));
    expect(lowPhases(profile, 4)?.sort()).toEqual([0, 3]);
  });

  it('says undefined when the folded profile has no clear gap, [] when it is flat', () => {
    expect(
      lowPhases(
        Float64Array.from({ length: 40 }, (_, i) => 8 + (i % 4)),
        4,
      ),
    ).toBeUndefined();
    expect(lowPhases(new Float64Array(40).fill(5), 4)).toEqual([]);
  });
});
