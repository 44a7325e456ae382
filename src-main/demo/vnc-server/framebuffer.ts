// Turns a TextScreen into pixels and reports which rectangles changed, so viewers get only those.
import { glyphRows, GLYPH_COLUMNS, GLYPH_ROWS } from './bitmap-font';
import type { TextScreen } from './text-screen';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

// VGA text mode proportions: 80x25 cells of 9x16 fill 720x400, the size a real CVM console boots in.
export const CELL_WIDTH = 9;
export const CELL_HEIGHT = 16;
// The 5x7 glyph is drawn with each dot 1 wide and 2 tall, plus a 1-dot bold smear to the right
// (what VGA fonts do for legibility), leaving a column either side and a row above and below.
const GLYPH_X = 1;
const GLYPH_Y = 1;
const CURSOR_ROWS = [14, 15];

export class Framebuffer {
  readonly pixels: Uint32Array;
  readonly cols: number;
  readonly rows: number;
  private shownChars: Uint8Array;
  private shownFg: Uint32Array;
  private shownBg: Uint32Array;
  private shownCursor = -1;
  private shownBackground = -1;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint32Array(width * height);
    this.cols = Math.floor(width / CELL_WIDTH);
    this.rows = Math.floor(height / CELL_HEIGHT);
    const cells = this.cols * this.rows;
    this.shownChars = new Uint8Array(cells);
    this.shownFg = new Uint32Array(cells);
    this.shownBg = new Uint32Array(cells);
  }

  /** Redraws what differs from the last render; returns the changed areas (one rect per text row). */
  render(screen: TextScreen): Rect[] {
    if (screen.cols !== this.cols || screen.rows !== this.rows)
      throw new Error('screen does not fit framebuffer');
    let everything = false;
    if (screen.background !== this.shownBackground) {
      // New background (or first render): the margins change too, so repaint the lot.
      this.pixels.fill(screen.background);
      this.shownBackground = screen.background;
      this.shownChars.fill(0);
      everything = true;
    }
    const cursor =
      screen.cursorVisible && screen.cursorX < this.cols ? screen.cursorY * this.cols + screen.cursorX : -1;
    const rects: Rect[] = [];
    for (let row = 0; row < this.rows; row++) {
      let first = -1;
      let last = -1;
      for (let col = 0; col < this.cols; col++) {
        const i = row * this.cols + col;
        const ch = screen.chars[i]!;
        const fg = screen.fg[i]!;
        const bg = screen.bg[i]!;
        const cursorMoved = (i === cursor) !== (i === this.shownCursor);
        if (ch === this.shownChars[i] && fg === this.shownFg[i] && bg === this.shownBg[i] && !cursorMoved)
          continue;
        this.drawCell(col, row, ch, fg, bg, i === cursor);
        this.shownChars[i] = ch;
        this.shownFg[i] = fg;
        this.shownBg[i] = bg;
        if (first < 0) first = col;
        last = col;
      }
      if (first >= 0 && !everything) {
        rects.push({
          x: first * CELL_WIDTH,
          y: row * CELL_HEIGHT,
          w: (last - first + 1) * CELL_WIDTH,
          h: CELL_HEIGHT,
        });
      }
    }
    this.shownCursor = cursor;
    return everything ? [{ x: 0, y: 0, w: this.width, h: this.height }] : rects;
  }

  private drawCell(col: number, row: number, ch: number, fg: number, bg: number, cursor: boolean): void {
    const glyph = glyphRows(ch);
    const x0 = col * CELL_WIDTH;
    const y0 = row * CELL_HEIGHT;
    for (let y = 0; y < CELL_HEIGHT; y++) {
      const gy = (y - GLYPH_Y) >> 1;
      const bits = gy >= 0 && gy < GLYPH_ROWS && y >= GLYPH_Y ? glyph[gy]! : 0;
      // Shift the 5 dots into a 6-wide field and OR with itself moved one right: the bold smear.
      const wide = (bits << 1) | bits;
      const underline = cursor && CURSOR_ROWS.includes(y);
      let p = (y0 + y) * this.width + x0;
      for (let x = 0; x < CELL_WIDTH; x++, p++) {
        const gx = x - GLYPH_X;
        const on =
          underline || (gx >= 0 && gx <= GLYPH_COLUMNS && ((wide >> (GLYPH_COLUMNS - gx)) & 1) === 1);
        this.pixels[p] = on ? fg : bg;
      }
    }
  }
}
