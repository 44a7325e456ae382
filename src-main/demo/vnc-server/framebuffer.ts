// Turns a TextScreen into pixels and reports what changed, so viewers get only that: a scroll (the
// text rows' pixels moved up, as a viewer can move them itself) and the rectangles redrawn after it.
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
// A foreground no pen has (pens are 0xRRGGBB): a cell marked with it is drawn on the next render.
const STALE = 0xffffffff;

/** The pixels of `area` moved up by `dy` pixel rows (a text scroll); what the move left below is redrawn. */
export interface Scroll {
  area: Rect;
  dy: number;
}

/** What one render changed: first the scroll, if any, then the rectangles drawn anew. */
export interface FrameChange {
  scroll?: Scroll;
  rects: Rect[];
}

export class Framebuffer {
  readonly pixels: Uint32Array;
  readonly cols: number;
  readonly rows: number;
  private shownChars: Uint8Array;
  private shownFg: Uint32Array;
  private shownBg: Uint32Array;
  private shownCursor = -1;
  private shownBackground = -1;
  private shownScreen: TextScreen | undefined;
  private shownScrolls = 0;

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

  /**
   * Brings the pixels up to `screen`. Rows the screen scrolled are moved (one copy of the pixels), not
   * drawn again cell by cell: a console printing a log at speed scrolls on nearly every render.
   */
  render(screen: TextScreen): FrameChange {
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
    // Another screen (a tty switch) has its own scroll count: its cells are compared, not moved.
    const scrolled = screen === this.shownScreen ? screen.scrolls - this.shownScrolls : 0;
    this.shownScreen = screen;
    this.shownScrolls = screen.scrolls;
    const scroll = !everything && scrolled > 0 && scrolled < this.rows ? this.scroll(scrolled) : undefined;
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
    if (everything) return { rects: [{ x: 0, y: 0, w: this.width, h: this.height }] };
    return scroll ? { scroll, rects } : { rects };
  }

  /** Moves the text rows' pixels up by `rows` cells; the rows this leaves at the bottom are stale. */
  private scroll(rows: number): Scroll {
    const band = this.rows * CELL_HEIGHT;
    const dy = rows * CELL_HEIGHT;
    this.pixels.copyWithin(0, dy * this.width, band * this.width);
    const cells = rows * this.cols;
    this.shownChars.copyWithin(0, cells);
    this.shownFg.copyWithin(0, cells);
    this.shownBg.copyWithin(0, cells);
    this.shownFg.fill(STALE, this.shownFg.length - cells);
    // The cursor's underline moved with its row (or left the screen).
    this.shownCursor = this.shownCursor >= cells ? this.shownCursor - cells : -1;
    return { area: { x: 0, y: 0, w: this.width, h: band }, dy };
  }

  private drawCell(col: number, row: number, ch: number, fg: number, bg: number, cursor: boolean): void {
    const mask = cellMask(ch);
    const px = this.pixels;
    let p = row * CELL_HEIGHT * this.width + col * CELL_WIDTH;
    for (let y = 0, m = 0; y < CELL_HEIGHT; y++, p += this.width - CELL_WIDTH) {
      const underline = cursor && CURSOR_ROWS.includes(y);
      for (let x = 0; x < CELL_WIDTH; x++, m++, p++) px[p] = underline || mask[m] === 1 ? fg : bg;
    }
  }
}

// Which pixels of a cell a character sets, row by row (CELL_WIDTH x CELL_HEIGHT), made once per
// character: a log scrolling at speed draws hundreds of cells a frame.
const masks = new Map<number, Uint8Array>();

function cellMask(ch: number): Uint8Array {
  let mask = masks.get(ch);
  if (mask) return mask;
  mask = new Uint8Array(CELL_WIDTH * CELL_HEIGHT);
  const glyph = glyphRows(ch);
  for (let y = 0; y < CELL_HEIGHT; y++) {
    const gy = (y - GLYPH_Y) >> 1;
    const bits = gy >= 0 && gy < GLYPH_ROWS && y >= GLYPH_Y ? glyph[gy]! : 0;
    // Shift the 5 dots into a 6-wide field and OR with itself moved one right: the bold smear.
    const wide = (bits << 1) | bits;
    for (let x = 0; x < CELL_WIDTH; x++) {
      const gx = x - GLYPH_X;
      const on = gx >= 0 && gx <= GLYPH_COLUMNS && ((wide >> (GLYPH_COLUMNS - gx)) & 1) === 1;
      mask[y * CELL_WIDTH + x] = on ? 1 : 0;
    }
  }
  masks.set(ch, mask);
  return mask;
}
