// Test screens drawn from the seed fonts: text in cells, with colours, offsets and cursors, as a
// console or terminal would draw them. Shared by the unit tests and the text benchmark.
import { seedFontTables } from '../../../../../src-renderer/console/text/default-glyphs';
import type { FontTable } from '../../../../../src-renderer/console/text/glyph-set';
import type { PixelImage } from '../../../../../src-renderer/console/text/pixel-image';

// Generated screens take their words from the seeded PRNG the reconnect tests use, so they are the same every run.
export { seededRandom as seeded } from '../fakes';

let tables: FontTable[] | undefined;

export function font(name: string): FontTable {
  tables ??= seedFontTables();
  const f = tables.find((t) => t.name === name);
  if (!f) throw new Error(`no seed font ${name}`);
  return f;
}

export interface Span {
  text: string;
  fg?: number;
  bg?: number;
}

export interface ScreenSpec {
  font: FontTable;
  cols: number;
  rows: number;
  /** Lines of text (or coloured spans), top row first. */
  lines: readonly (string | readonly Span[])[];
  fg?: number;
  bg?: number;
  /** Pixel size of the image; default: exactly the grid plus the offset. */
  width?: number;
  height?: number;
  /** Where the grid starts. */
  x?: number;
  y?: number;
  /** Colour around the grid. */
  margin?: number;
  cursor?: { col: number; row: number; style: 'underline' | 'block' | 'hollow' };
}

export function renderScreen(spec: ScreenSpec): PixelImage {
  const { font: f, cols, rows, fg = 0xaaaaaa, bg = 0x000000, x: ox = 0, y: oy = 0 } = spec;
  const width = spec.width ?? ox + cols * f.width;
  const height = spec.height ?? oy + rows * f.height;
  const px = new Uint32Array(width * height).fill(spec.margin ?? bg);
  const glyphOf = new Map(f.glyphs.map((g) => [g.char, g.rows]));
  const blank = new Uint32Array(f.height);
  for (let row = 0; row < rows; row++) {
    const line = spec.lines[row] ?? '';
    const spans: readonly Span[] = typeof line === 'string' ? [{ text: line }] : line;
    let col = 0;
    const cells: { char: string; fg: number; bg: number }[] = [];
    for (const s of spans) for (const ch of s.text) cells.push({ char: ch, fg: s.fg ?? fg, bg: s.bg ?? bg });
    while (cells.length < cols) cells.push({ char: ' ', fg, bg });
    for (const cell of cells.slice(0, cols)) {
      const rowsOf = glyphOf.get(cell.char) ?? blank;
      const x0 = ox + col * f.width;
      const y0 = oy + row * f.height;
      const c = spec.cursor;
      const here = c && c.col === col && c.row === row;
      for (let y = 0; y < f.height; y++) {
        for (let x = 0; x < f.width; x++) {
          let on = ((rowsOf[y]! >>> (f.width - 1 - x)) & 1) === 1;
          if (here && c.style === 'block') on = !on;
          if (here && c.style === 'underline' && y >= f.height - 2) on = true;
          if (here && c.style === 'hollow' && (y === 0 || y === f.height - 1 || x === 0 || x === f.width - 1))
            on = true;
          px[(y0 + y) * width + x0 + x] = on ? cell.fg : cell.bg;
        }
      }
      col++;
    }
  }
  return toImage(px, width, height);
}

export function toImage(px: Uint32Array, width: number, height: number): PixelImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < px.length; i++) {
    data[i * 4] = px[i]! >>> 16;
    data[i * 4 + 1] = (px[i]! >>> 8) & 255;
    data[i * 4 + 2] = px[i]! & 255;
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

const WORDS = (
  'the kernel module loaded device eth0 link up systemd started service failed error warning mount ' +
  'root filesystem /dev/sda1 ext4 (rw,relatime) [OK] 0x7f3a PID=1234 user@host:~$ ls -la ' +
  'GRUB_TIMEOUT=5 "quoted" {braces} <angle> 100% ~tilde `tick` a|b c;d e:f g,h i.j k_l m-n o+p q=r s*t'
).split(' ');

/** Lines of console-like text with every printable ASCII character appearing. */
export function consoleLines(count: number, cols: number, random: () => number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = '';
    const target = Math.floor(random() * cols);
    while (line.length < target) {
      const word =
        random() < 0.15
          ? String.fromCharCode(0x21 + Math.floor(random() * 94))
          : WORDS[Math.floor(random() * WORDS.length)]!;
      line += (line ? ' ' : '') + word;
    }
    lines.push(line.slice(0, cols).trimEnd());
  }
  return lines;
}
