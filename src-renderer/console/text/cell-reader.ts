// Reads one character cell: finds its background and ink, and looks the ink bitmap up among the
// known glyphs. Exact matches are the rule on a text console (the screen was drawn from a bitmap font);
// near matches are accepted only when unambiguous, and then learned, so the next sight is exact.
import type { GlyphSet } from './glyph-set';

export type CellStatus = 'blank' | 'exact' | 'near' | 'unknown';

export interface CellRead {
  char: string;
  status: CellStatus;
  /** The font of the glyph that matched. */
  font?: string;
  /** Background colour (0xRRGGBB) of the cell. */
  background: number;
}

/** Shown for a cell that matches no glyph (U+FFFD, the Unicode replacement character). */
export const UNKNOWN_CHAR = '\ufffd';

export interface CellReaderOptions {
  /** Fonts to prefer (the screen's fonts, from grid detection); all fonts of the cell size otherwise. */
  fonts?: readonly string[];
  /** Try near matches for cells with no exact match (slower; off while detecting the grid). */
  near?: boolean;
  /** Keep what near matches found as new glyphs. */
  learn?: boolean;
}

function channelDistance(a: number, b: number): number {
  return (
    Math.abs(((a >>> 16) & 255) - ((b >>> 16) & 255)) +
    Math.abs(((a >>> 8) & 255) - ((b >>> 8) & 255)) +
    Math.abs((a & 255) - (b & 255))
  );
}

export class CellReader {
  private readonly ink: Uint32Array;
  private readonly alt: Uint32Array;

  constructor(
    private readonly glyphs: GlyphSet,
    private readonly pixels: Uint32Array,
    private readonly stride: number,
    readonly cellWidth: number,
    readonly cellHeight: number,
  ) {
    this.ink = new Uint32Array(cellHeight);
    this.alt = new Uint32Array(cellHeight);
  }

  /** True when every pixel of the cell at (x0, y0) has one colour: nothing to read. */
  isUniform(x0: number, y0: number): boolean {
    const { pixels, stride, cellWidth: w, cellHeight: h } = this;
    const first = pixels[y0 * stride + x0]!;
    for (let y = 0; y < h; y++) {
      let p = (y0 + y) * stride + x0;
      for (let x = 0; x < w; x++, p++) if (pixels[p] !== first) return false;
    }
    return true;
  }

  read(x0: number, y0: number, opts: CellReaderOptions = {}): CellRead {
    const { pixels, stride, cellWidth: w, cellHeight: h, ink } = this;
    // One pass for the usual two-colour cell: ink is "not the first pixel's colour", counted as we go.
    const c0 = pixels[y0 * stride + x0]!;
    let c1 = -1;
    let n1 = 0;
    let others = false;
    for (let y = 0; y < h; y++) {
      let p = (y0 + y) * stride + x0;
      let row = 0;
      for (let x = 0; x < w; x++, p++) {
        const v = pixels[p]!;
        if (v === c0) {
          row <<= 1;
          continue;
        }
        row = (row << 1) | 1;
        if (v === c1) n1++;
        else if (c1 === -1) {
          c1 = v;
          n1 = 1;
        } else others = true;
      }
      ink[y] = row >>> 0;
    }
    if (c1 === -1) return { char: ' ', status: 'blank', background: c0 };
    const full = w >= 32 ? 0xffffffff : ((1 << w) - 1) >>> 0;
    if (others) return this.readShaded(x0, y0, full, opts);
    // The more frequent colour is the background.
    if (n1 * 2 > w * h) {
      for (let y = 0; y < h; y++) ink[y] = (~ink[y]! & full) >>> 0;
      return this.match(c1, full, opts);
    }
    return this.match(c0, full, opts);
  }

  /** Cells with more than two colours (anti-aliased text): ink is what is nearer the farthest colour. */
  private readShaded(x0: number, y0: number, full: number, opts: CellReaderOptions): CellRead {
    const { pixels, stride, cellWidth: w, cellHeight: h, ink } = this;
    const counts = new Map<number, number>();
    for (let y = 0; y < h; y++) {
      let p = (y0 + y) * stride + x0;
      for (let x = 0; x < w; x++, p++) counts.set(pixels[p]!, (counts.get(pixels[p]!) ?? 0) + 1);
    }
    let background = 0;
    let most = 0;
    for (const [c, n] of counts) if (n > most) [background, most] = [c, n];
    let far = 0;
    for (const c of counts.keys()) far = Math.max(far, channelDistance(c, background));
    for (let y = 0; y < h; y++) {
      let p = (y0 + y) * stride + x0;
      let row = 0;
      for (let x = 0; x < w; x++, p++)
        row = (row << 1) | (channelDistance(pixels[p]!, background) * 2 > far ? 1 : 0);
      ink[y] = row >>> 0;
    }
    return this.match(background, full, opts);
  }

  private match(background: number, full: number, opts: CellReaderOptions): CellRead {
    const { glyphs, cellWidth: w, cellHeight: h, ink, alt } = this;
    const prefer = opts.fonts;
    const found = (
      g: { char: string; font: string } | undefined,
      status: CellStatus,
    ): CellRead | undefined => (g ? { char: g.char, status, font: g.font, background } : undefined);

    const direct = found(glyphs.exact(w, h, ink, prefer), 'exact');
    if (direct) return direct;
    // Inverse video (a block cursor, a selected menu line): the more frequent colour is the ink.
    for (let y = 0; y < h; y++) alt[y] = (~ink[y]! & full) >>> 0;
    const inverse = found(glyphs.exact(w, h, alt, prefer), 'exact');
    if (inverse) return inverse;
    // An underline (text attribute or cursor): full-width rows over a character or a space. All of
    // them at once first, then each alone (a glyph such as '═' has full rows of its own).
    const fullRows: number[] = [];
    for (let y = 0; y < h; y++) if (ink[y] === full) fullRows.push(y);
    if (fullRows.length > 0 && fullRows.length <= 3) {
      for (const remove of fullRows.length > 1 ? [fullRows, ...fullRows.map((y) => [y])] : [fullRows]) {
        alt.set(ink);
        for (const y of remove) alt[y] = 0;
        if (alt.every((r) => r === 0)) return { char: ' ', status: 'exact', background };
        const under = found(glyphs.exact(w, h, alt, prefer), 'exact');
        if (under) return under;
      }
    }
    // A hollow block cursor (an unfocused terminal): the cell's outline and nothing else.
    if (ink[0] === full && ink[h - 1] === full && w > 2) {
      const sides = ((1 << (w - 1)) | 1) >>> 0;
      let outline = true;
      for (let y = 1; y < h - 1 && outline; y++) outline = ink[y] === sides;
      if (outline) return { char: ' ', status: 'exact', background };
    }
    if (opts.near) {
      let inkCount = 0;
      for (let y = 0; y < h; y++) {
        let v = ink[y]!;
        while (v) {
          v &= v - 1;
          inkCount++;
        }
      }
      const tolerance = Math.max(2, Math.round(Math.min(inkCount, w * h - inkCount) * 0.12));
      for (const rows of inkCount * 2 <= w * h ? [ink, alt] : [alt, ink]) {
        if (rows === alt) for (let y = 0; y < h; y++) alt[y] = (~ink[y]! & full) >>> 0;
        const near = glyphs.nearest(w, h, rows, tolerance, opts.fonts);
        if (near) {
          if (opts.learn) glyphs.learn(w, h, rows, near.glyph.char, near.glyph.font);
          return { char: near.glyph.char, status: 'near', font: near.glyph.font, background };
        }
      }
    }
    return { char: UNKNOWN_CHAR, status: 'unknown', background };
  }
}
