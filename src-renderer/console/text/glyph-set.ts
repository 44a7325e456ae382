// The glyphs the cell matcher knows: seed console fonts (glyph-seeds.ts) plus glyphs learned from
// screens. A glyph is a cell-sized bitmap, one number per row, bit (width - 1 - x) for pixel x, so a
// cell is looked up by hashing its rows and a near miss is measured by counting differing bits.

export interface SeedFont {
  name: string;
  /** Who made it and under which licence (full texts in FONT-LICENSES.md). */
  licence: string;
  width: number;
  height: number;
  /** One character per glyph, in the order of `bitmaps`. */
  chars: string;
  /** Base64 of every glyph's rows, ceil(width / 8) bytes a row, most significant bit leftmost. */
  bitmaps: string;
}

export interface Glyph {
  readonly char: string;
  readonly font: string;
  readonly rows: Uint32Array;
}

export interface FontTable {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly glyphs: readonly Glyph[];
}

export interface NearMatch {
  glyph: Glyph;
  /** Pixels that differ from the glyph. */
  distance: number;
}

/** Cells are at most 32 pixels wide (one 32-bit number a row) and 64 high. */
export const MAX_CELL_WIDTH = 32;
export const MAX_CELL_HEIGHT = 64;
// Glyphs learned from screens, per cell size: bounded so a screen full of noise cannot grow the set forever.
const MAX_LEARNED_PER_SIZE = 2048;

function decodeBase64(text: string): Uint8Array {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export function decodeSeed(seed: SeedFont): FontTable {
  const { width, height } = seed;
  const bytes = decodeBase64(seed.bitmaps);
  const stride = Math.ceil(width / 8);
  const chars = [...seed.chars];
  if (bytes.length !== chars.length * height * stride) throw new Error(`seed font ${seed.name} is corrupt`);
  const glyphs = chars.map((char, g) => {
    const rows = new Uint32Array(height);
    for (let r = 0; r < height; r++) {
      let v = 0;
      for (let b = 0; b < stride; b++) v = v * 256 + bytes[(g * height + r) * stride + b]!;
      rows[r] = v >>> (stride * 8 - width);
    }
    return { char, font: seed.name, rows };
  });
  return { name: seed.name, width, height, glyphs };
}

/** Box drawing and block characters: the ones VGA hardware extends into the ninth column. */
function isLineGraphic(char: string): boolean {
  const cp = char.codePointAt(0)!;
  return cp >= 0x2500 && cp <= 0x259f;
}

/**
 * VGA text mode shows an 8-wide font in 9-wide cells: the ninth column is blank, except for line
 * graphics, which repeat the eighth so that lines join (the "line graphics enable" bit).
 */
export function nineWide(font: FontTable): FontTable {
  if (font.width !== 8) throw new Error('only 8-wide fonts have a 9-wide VGA form');
  const name = `${font.name}@9`;
  const glyphs = font.glyphs.map((g) => {
    const rows = g.rows.map((r) => (r << 1) | (isLineGraphic(g.char) ? r & 1 : 0));
    return { char: g.char, font: name, rows };
  });
  return { name, width: 9, height: font.height, glyphs };
}

/**
 * A bold form drawn the way terminals fake bold when the font has none: the glyph ORed with itself
 * shifted one pixel right (xterm's overstrike; the demo cloud's font is drawn this way too).
 */
export function overstruck(font: FontTable): FontTable {
  const name = `${font.name}+bold`;
  const mask = font.width >= 32 ? 0xffffffff : (1 << font.width) - 1;
  const glyphs = font.glyphs.map((g) => ({
    char: g.char,
    font: name,
    rows: g.rows.map((r) => (r | (r >>> 1)) & mask),
  }));
  return { name, width: font.width, height: font.height, glyphs };
}

export function hashRows(rows: ArrayLike<number>, count = rows.length): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < count; i++) {
    h = Math.imul(h ^ rows[i]!, 0x01000193);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  }
  return h >>> 0;
}

export function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function sameRows(a: ArrayLike<number>, b: ArrayLike<number>, count: number): boolean {
  for (let i = 0; i < count; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface SizeBucket {
  width: number;
  height: number;
  fonts: FontTable[];
  index: Map<number, Glyph[]>;
  learned: number;
}

export class GlyphSet {
  private readonly buckets = new Map<string, SizeBucket>();

  constructor(fonts: readonly FontTable[] = []) {
    for (const f of fonts) this.addFont(f);
  }

  addFont(font: FontTable): void {
    if (font.width < 1 || font.width > MAX_CELL_WIDTH || font.height < 1 || font.height > MAX_CELL_HEIGHT)
      throw new RangeError(`font ${font.name} has an unsupported cell size`);
    const bucket = this.bucket(font.width, font.height);
    bucket.fonts.push(font);
    for (const g of font.glyphs) this.index(bucket, g);
  }

  /** Cell sizes any font covers, largest cells first. */
  sizes(): { width: number; height: number }[] {
    return [...this.buckets.values()]
      .map(({ width, height }) => ({ width, height }))
      .sort((a, b) => b.width * b.height - a.width * a.height);
  }

  fontNames(width: number, height: number): string[] {
    return this.buckets.get(`${width}x${height}`)?.fonts.map((f) => f.name) ?? [];
  }

  /**
   * The glyph whose bitmap is exactly `rows`. Fonts may share a bitmap for different characters
   * (Terminus' em dash is Terminus Bold's hyphen): glyphs of the screen's `fonts` come first, ASCII
   * before the rest among them, then the earliest of those fonts.
   */
  exact(
    width: number,
    height: number,
    rows: ArrayLike<number>,
    fonts?: readonly string[],
  ): Glyph | undefined {
    const list = this.buckets.get(`${width}x${height}`)?.index.get(hashRows(rows, height));
    if (!list) return undefined;
    let found: Glyph | undefined;
    let bestRank = Infinity;
    for (const g of list) {
      if (!sameRows(g.rows, rows, height)) continue;
      const at = fonts ? fonts.indexOf(g.font) : -1;
      const rank = (at < 0 ? 2000 : 0) + (g.char.charCodeAt(0) < 0x80 ? 0 : 1000) + Math.max(0, at);
      if (rank < bestRank) [found, bestRank] = [g, rank];
    }
    return found;
  }

  /**
   * The closest glyph of `fonts` (all fonts of that size when omitted), if it is clearly closest:
   * within `maxDistance` pixels, and every glyph of another character at least 2 pixels further.
   */
  nearest(
    width: number,
    height: number,
    rows: ArrayLike<number>,
    maxDistance: number,
    fonts?: readonly string[],
  ): NearMatch | undefined {
    const bucket = this.buckets.get(`${width}x${height}`);
    if (!bucket) return undefined;
    let best: Glyph | undefined;
    let bestD = Infinity;
    let runnerUpD = Infinity; // nearest glyph of a different character
    for (const font of bucket.fonts) {
      if (fonts && !fonts.includes(font.name)) continue;
      for (const g of font.glyphs) {
        let d = 0;
        for (let r = 0; r < height && d <= runnerUpD; r++) d += popcount(g.rows[r]! ^ rows[r]!);
        if (d < bestD) {
          if (best && best.char !== g.char) runnerUpD = bestD;
          best = g;
          bestD = d;
        } else if (d < runnerUpD && best && g.char !== best.char) {
          runnerUpD = d;
        }
      }
    }
    if (!best || bestD > maxDistance || runnerUpD < bestD + 2) return undefined;
    return { glyph: best, distance: bestD };
  }

  /** Remembers a bitmap seen on a screen as `char` of `font`, so the next sight is an exact match. */
  learn(width: number, height: number, rows: ArrayLike<number>, char: string, font: string): boolean {
    const bucket = this.buckets.get(`${width}x${height}`);
    if (!bucket || bucket.learned >= MAX_LEARNED_PER_SIZE) return false;
    if (this.exact(width, height, rows)) return false;
    bucket.learned++;
    this.index(bucket, { char, font, rows: Uint32Array.from({ length: height }, (_, i) => rows[i]!) });
    return true;
  }

  private bucket(width: number, height: number): SizeBucket {
    const key = `${width}x${height}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { width, height, fonts: [], index: new Map(), learned: 0 };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private index(bucket: SizeBucket, g: Glyph): void {
    const h = hashRows(g.rows, bucket.height);
    const list = bucket.index.get(h);
    if (!list) bucket.index.set(h, [g]);
    else if (!list.some((o) => o.font === g.font && sameRows(o.rows, g.rows, bucket.height))) list.push(g);
  }
}
