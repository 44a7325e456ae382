// A character grid with a cursor: what a text console holds, before anything is turned into pixels.

export const VGA_GREY = 0xaaaaaa;
export const VGA_WHITE = 0xffffff;
export const VGA_BLACK = 0x000000;
export const VGA_GREEN = 0x55ff55;
export const VGA_RED = 0xff5555;

export class TextScreen {
  readonly chars: Uint8Array;
  readonly fg: Uint32Array;
  readonly bg: Uint32Array;
  cursorX = 0;
  cursorY = 0;
  cursorVisible = true;
  /** Colours new text is written with; `background` also fills the margins around the grid. */
  pen = VGA_GREY;
  background = VGA_BLACK;
  /** Rows scrolled up since the screen was made (only grows): a renderer moves its pixels by the difference. */
  scrolls = 0;

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.chars = new Uint8Array(cols * rows).fill(0x20);
    this.fg = new Uint32Array(cols * rows).fill(this.pen);
    this.bg = new Uint32Array(cols * rows).fill(this.background);
  }

  clear(background = this.background, pen = this.pen): void {
    this.background = background;
    this.pen = pen;
    this.chars.fill(0x20);
    this.fg.fill(pen);
    this.bg.fill(background);
    this.cursorX = 0;
    this.cursorY = 0;
  }

  /** Writes text at the cursor; '\n' starts a new line, long lines wrap, the bottom line scrolls. */
  write(text: string): void {
    for (const ch of text) {
      if (ch === '\n') {
        this.newline();
        continue;
      }
      if (this.cursorX >= this.cols) this.newline();
      const code = ch.charCodeAt(0);
      this.put(this.cursorX, this.cursorY, code < 0x7f ? code : 0x7f);
      this.cursorX++;
    }
  }

  newline(): void {
    this.cursorX = 0;
    if (this.cursorY + 1 >= this.rows) this.scrollUp();
    else this.cursorY++;
  }

  /** Erases the character left of the cursor, stepping back over a wrapped line; false at the top left. */
  backspace(): boolean {
    if (this.cursorX === 0) {
      if (this.cursorY === 0) return false;
      this.cursorY--;
      this.cursorX = this.cols;
    }
    this.cursorX--;
    this.put(this.cursorX, this.cursorY, 0x20);
    return true;
  }

  /** Writes text on row `y`, horizontally centred, without moving the cursor. */
  writeCentered(y: number, text: string, pen = this.pen): void {
    const x = Math.max(0, Math.floor((this.cols - text.length) / 2));
    for (let i = 0; i < text.length && x + i < this.cols; i++) {
      this.put(x + i, y, text.charCodeAt(i), pen);
    }
  }

  moveTo(x: number, y: number): void {
    this.cursorX = Math.min(Math.max(0, x), this.cols);
    this.cursorY = Math.min(Math.max(0, y), this.rows - 1);
  }

  /** The text of one row, trailing spaces trimmed (handy for tests and logs). */
  rowText(y: number): string {
    const start = y * this.cols;
    return Buffer.from(this.chars.subarray(start, start + this.cols))
      .toString('latin1')
      .trimEnd();
  }

  private put(x: number, y: number, code: number, pen = this.pen): void {
    const i = y * this.cols + x;
    this.chars[i] = code;
    this.fg[i] = pen;
    this.bg[i] = this.background;
  }

  private scrollUp(): void {
    this.scrolls++;
    const n = this.cols;
    this.chars.copyWithin(0, n);
    this.fg.copyWithin(0, n);
    this.bg.copyWithin(0, n);
    const last = (this.rows - 1) * n;
    this.chars.fill(0x20, last);
    this.fg.fill(this.pen, last);
    this.bg.fill(this.background, last);
  }
}
