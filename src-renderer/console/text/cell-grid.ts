// Finds the character grid of a text screen: the cell size and where the first cell starts.
// Text drawn from a bitmap font leaves rows and columns in every cell that hardly any glyph touches
// (the gap between lines and between letters). Folding the screen's edge counts by a candidate cell
// size shows those gaps as a low phase; each low phase is then checked by reading sample cells
// against the known glyphs. The grid whose samples match best wins.
import { CellReader } from './cell-reader';
import type { GlyphSet } from './glyph-set';

export interface CellGrid {
  cellWidth: number;
  cellHeight: number;
  /** Top-left pixel of the first whole cell. */
  x: number;
  y: number;
  /** Whole cells that fit from (x, y) to the right and bottom edges. */
  cols: number;
  rows: number;
}

export interface GridDetection {
  grid: CellGrid;
  /** Share of the sampled non-blank cells that matched a glyph exactly (0..1). */
  score: number;
  /** How many non-blank cells were sampled. */
  sampled: number;
  /** The fonts that matched, most matches first. */
  fonts: string[];
}

// Sample cells read per candidate grid; enough to tell fonts apart, few enough to stay fast.
const SAMPLE_CELLS = 48;
// Stop checking a candidate early when its first samples mostly fail.
const EARLY_SAMPLES = 12;
const EARLY_MIN_SCORE = 0.5;
const STRIDES = [7919, 7907, 7901];
// A grid that read this many samples, all exactly, is taken without trying the other sizes.
const CONCLUSIVE_SAMPLES = 24;
// Low phases per axis to try, lowest edge count first.
const MAX_PHASES = 3;
// The gap phase must have at most this share of the average phase's edges.
const MAX_GAP_SHARE = 0.5;

/** Horizontal colour changes per row and vertical ones per column. */
export function edgeProfiles(
  pixels: Uint32Array,
  width: number,
  height: number,
): { rows: Float64Array; cols: Float64Array } {
  const rows = new Float64Array(height);
  const cols = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    let n = 0;
    for (let x = 1; x < width; x++) {
      const v = pixels[o + x]!;
      if (v !== pixels[o + x - 1]) n++;
      if (y > 0 && v !== pixels[o + x - width]) cols[x]!++;
    }
    if (y > 0 && pixels[o] !== pixels[o - width]) cols[0]!++;
    rows[y] = n;
  }
  return { rows, cols };
}

/** Phases (0..period-1) whose folded profile is lowest: where the gaps between glyphs are. */
export function lowPhases(
  profile: Float64Array,
  period: number,
  from = 0,
  to = profile.length,
): number[] | undefined {
  const folded = new Float64Array(period);
  for (let i = from; i < to; i++) folded[(i - from) % period]! += profile[i]!;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of folded) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (max === min) return [];
  // No clear gap at this period: no such text, or glyphs that fill the cell's width (bold smeared
  // into the last column). The caller decides whether to try every phase.
  if (min > (sum / period) * MAX_GAP_SHARE) return undefined;
  const limit = min + (max - min) * 0.15;
  const low = [...folded.keys()]
    .filter((p) => folded[p]! <= limit)
    .sort((a, b) => folded[a]! - folded[b]!)
    .slice(0, MAX_PHASES);
  // A gap is the last column (row) of a cell or its first: the cell starts at the gap or just after it.
  const starts = new Set<number>();
  for (const p of low) {
    starts.add((p + from) % period);
    starts.add((p + from + 1) % period);
  }
  return [...starts];
}

/** The lowest folded phase's share of the average phase: near 0 where text of that period has gaps. */
function gapShare(profile: Float64Array, period: number): number {
  const folded = new Float64Array(period);
  let sum = 0;
  for (let i = 0; i < profile.length; i++) {
    folded[i % period]! += profile[i]!;
    sum += profile[i]!;
  }
  return sum === 0 ? 1 : Math.min(...folded) / (sum / period);
}

function allPhases(period: number): number[] {
  return Array.from({ length: period }, (_, i) => i);
}

function gridAt(width: number, height: number, w: number, h: number, x: number, y: number): CellGrid {
  return {
    cellWidth: w,
    cellHeight: h,
    x,
    y,
    cols: Math.floor((width - x) / w),
    rows: Math.floor((height - y) / h),
  };
}

/**
 * Scores a grid by reading up to SAMPLE_CELLS non-blank cells spread over the screen.
 * `early` gives up after the first few samples when they mostly fail.
 */
export function scoreGrid(
  pixels: Uint32Array,
  width: number,
  grid: CellGrid,
  glyphs: GlyphSet,
  early = true,
): { score: number; sampled: number; fonts: string[] } {
  const reader = new CellReader(glyphs, pixels, width, grid.cellWidth, grid.cellHeight);
  const cells = grid.cols * grid.rows;
  // Cells are visited in a scattered order (a stride coprime with the count visits each once), so
  // the samples cover the whole screen rather than its first rows.
  const stride = STRIDES.find((p) => cells % p !== 0) ?? 1;
  const fontHits = new Map<string, number>();
  let sampled = 0;
  let hits = 0;
  for (let k = 0, i = 0; k < cells && sampled < SAMPLE_CELLS; k++, i = (i + stride) % cells) {
    const col = i % grid.cols;
    const row = Math.floor(i / grid.cols);
    const x0 = grid.x + col * grid.cellWidth;
    const y0 = grid.y + row * grid.cellHeight;
    if (reader.isUniform(x0, y0)) continue;
    sampled++;
    const cell = reader.read(x0, y0);
    if (cell.status === 'exact' && cell.font) {
      hits++;
      fontHits.set(cell.font, (fontHits.get(cell.font) ?? 0) + 1);
    }
    if (early && sampled === EARLY_SAMPLES / 2 && hits === 0) break;
    if (early && sampled === EARLY_SAMPLES && hits < EARLY_SAMPLES * EARLY_MIN_SCORE) break;
  }
  const fonts = [...fontHits.entries()].sort((a, b) => b[1] - a[1]).map(([f]) => f);
  return { score: sampled ? hits / sampled : 0, sampled, fonts };
}

/** The best grid for the screen, or undefined when no known cell size reads as text. */
export function detectGrid(
  pixels: Uint32Array,
  width: number,
  height: number,
  glyphs: GlyphSet,
): GridDetection | undefined {
  const profiles = edgeProfiles(pixels, width, height);
  // Sizes whose folded profiles show the clearest gaps are tried first, and a grid that reads every
  // sample exactly ends the search: on a text console the right size is usually the first one tried.
  const sizes = glyphs
    .sizes()
    .filter(({ width: w, height: h }) => w * 2 <= width && h * 2 <= height)
    .map((size) => ({
      ...size,
      clarity: gapShare(profiles.rows, size.height) + gapShare(profiles.cols, size.width),
    }))
    .sort((a, b) => a.clarity - b.clarity);
  let best: GridDetection | undefined;
  for (const { width: w, height: h } of sizes) {
    const ys = lowPhases(profiles.rows, h);
    const xs = lowPhases(profiles.cols, w);
    // One axis without a clear gap is searched in full, but only when the other axis has one.
    if ((!ys && !xs) || ys?.length === 0 || xs?.length === 0) continue;
    for (const y of ys ?? allPhases(h)) {
      for (const x of xs ?? allPhases(w)) {
        const grid = gridAt(width, height, w, h, x, y);
        const { score, sampled, fonts } = scoreGrid(pixels, width, grid, glyphs);
        if (sampled === 0) continue;
        // Ties go to the grid that saw more text (a finer wrong grid sees fragments, not glyphs).
        if (
          !best ||
          score > best.score + 1e-9 ||
          (Math.abs(score - best.score) < 1e-9 && sampled > best.sampled)
        )
          best = { grid, score, sampled, fonts };
        if (best.score === 1 && best.sampled >= CONCLUSIVE_SAMPLES) return best;
      }
    }
  }
  return best;
}
