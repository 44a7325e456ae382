// Screen → text. Text-mode screens are read exactly, cell by cell, against known glyphs; anything
// else (a graphical desktop, a dialog, a page) goes to OCR. `chooseMode` is the selector.
import { CellReader } from './cell-reader';
import type { CellStatus } from './cell-reader';
import { detectGrid, scoreGrid } from './cell-grid';
import type { CellGrid, GridDetection } from './cell-grid';
import { defaultGlyphSet } from './default-glyphs';
import type { GlyphSet } from './glyph-set';
import type { OcrEngine } from './ocr-engine';
import { checkImage, clipRect, pixelWords } from './pixel-image';
import type { PixelImage, Rect } from './pixel-image';

export type RecognitionMode = 'cells' | 'ocr';

export interface Recognition {
  /** The text, line breaks kept; in cells mode columns line up as on the screen. */
  text: string;
  mode: RecognitionMode;
  /** 0..1. Cells: share of non-blank cells that matched a glyph. OCR: Tesseract's mean confidence. */
  confidence: number;
  /** Cells mode: the grid that was read. */
  grid?: CellGrid;
  /** Cells mode: every row of the area, trailing spaces trimmed, blank rows kept (for the transcript). */
  rows?: string[];
}

/** What the cell reading of an area found. */
export interface CellText {
  /** One string per grid row of the area, trailing spaces trimmed. */
  rows: string[];
  exact: number;
  near: number;
  unknown: number;
  blank: number;
}

// A screen is read by cells when its grid matched this well...
export const MIN_GRID_SCORE = 0.8;
// ...and at least this share of the area's non-blank cells were recognised.
export const MIN_KNOWN_SHARE = 0.9;
// A remembered grid is reused while this share of its samples still match (a scroll, a redraw).
const KEEP_GRID_SCORE = 0.9;

/** The selector: cell matching when the screen reads as a text console, OCR otherwise. */
export function chooseMode(
  detection: GridDetection | undefined,
  cells: CellText | undefined,
): RecognitionMode {
  if (!detection || !cells || detection.score < MIN_GRID_SCORE) return 'ocr';
  const ink = cells.exact + cells.near + cells.unknown;
  if (ink === 0) return 'cells'; // a blank text screen: nothing to read, and nothing for OCR either
  return (cells.exact + cells.near) / ink >= MIN_KNOWN_SHARE ? 'cells' : 'ocr';
}

/** Reads the cells of `grid` whose centre lies in `area` (pixels). */
export function readCells(
  pixels: Uint32Array,
  width: number,
  grid: CellGrid,
  glyphs: GlyphSet,
  fonts: readonly string[],
  area: Rect,
): CellText {
  const { cellWidth: w, cellHeight: h } = grid;
  const reader = new CellReader(glyphs, pixels, width, w, h);
  const firstCol = Math.max(0, Math.ceil((area.x - grid.x - w / 2) / w));
  const lastCol = Math.min(grid.cols - 1, Math.floor((area.x + area.w - grid.x - w / 2 - 1e-9) / w));
  const firstRow = Math.max(0, Math.ceil((area.y - grid.y - h / 2) / h));
  const lastRow = Math.min(grid.rows - 1, Math.floor((area.y + area.h - grid.y - h / 2 - 1e-9) / h));
  const cells: { char: string; status: CellStatus }[][] = [];
  // The extent of the recognised text: unknown cells right of it, above or below it are window
  // edges, borders and pictures around a terminal, not text, and are left out.
  let top = Infinity;
  let bottom = -1;
  let right = -1;
  const options = { fonts, near: true, learn: true };
  for (let row = firstRow; row <= lastRow; row++) {
    const line: { char: string; status: CellStatus }[] = [];
    for (let col = firstCol; col <= lastCol; col++) {
      const { char, status } = reader.read(grid.x + col * w, grid.y + row * h, options);
      line.push({ char, status });
      if ((status === 'exact' || status === 'near') && char !== ' ') {
        top = Math.min(top, row - firstRow);
        bottom = row - firstRow;
        right = Math.max(right, col - firstCol);
      }
    }
    cells.push(line);
  }
  const counts: Record<CellStatus, number> = { blank: 0, exact: 0, near: 0, unknown: 0 };
  const rows = cells.map((line, r) => {
    if (r < top || r > bottom) return '';
    const kept = line.slice(0, right + 1);
    for (const c of kept) counts[c.status]++;
    return kept
      .map((c) => c.char)
      .join('')
      .trimEnd();
  });
  return { rows, ...counts };
}

/** Rows as copyable text: blank rows at the start and end dropped, inner ones and indentation kept. */
export function rowsToText(rows: readonly string[]): string {
  let start = 0;
  let end = rows.length;
  while (start < end && rows[start] === '') start++;
  while (end > start && rows[end - 1] === '') end--;
  return rows.slice(start, end).join('\n');
}

export interface TextRecognizerOptions {
  glyphs?: GlyphSet;
  /** OCR for graphical screens; without it every screen is read by cells. */
  ocr?: OcrEngine;
}

export class TextRecognizer {
  private readonly glyphs: GlyphSet;
  private readonly ocr: OcrEngine | undefined;
  // The last grid found, reused for the next screen of the same size while it still fits.
  private remembered: { width: number; height: number; detection: GridDetection } | undefined;

  constructor(options: TextRecognizerOptions = {}) {
    this.glyphs = options.glyphs ?? defaultGlyphSet();
    this.ocr = options.ocr;
  }

  /** The text in `rect` (default: the whole image): by cells on a text screen, else by OCR. */
  async recognize(image: PixelImage, rect?: Rect): Promise<Recognition> {
    const cells = this.readCells(image, rect);
    if (cells.mode === 'cells' || !this.ocr) return cells;
    const area = clipRect(
      rect ?? { x: 0, y: 0, w: image.width, h: image.height },
      image.width,
      image.height,
    )!;
    const { text, confidence } = await this.ocr.recognize(image, area);
    return { text, mode: 'ocr', confidence };
  }

  /**
   * The synchronous half: reads the area by cells and says whether that is trustworthy
   * (`mode: 'cells'`) or OCR should read it instead (`mode: 'ocr'`, the text being the cell guess).
   */
  readCells(image: PixelImage, rect?: Rect): Recognition {
    checkImage(image);
    const area = clipRect(rect ?? { x: 0, y: 0, w: image.width, h: image.height }, image.width, image.height);
    if (!area) throw new RangeError('the rectangle is outside the image');
    const pixels = pixelWords(image);
    const detection = this.grid(pixels, image.width, image.height);
    const cells = detection
      ? readCells(pixels, image.width, detection.grid, this.glyphs, detection.fonts, area)
      : undefined;
    const mode = chooseMode(detection, cells);
    if (!detection || !cells) return { text: '', mode, confidence: 0 };
    const ink = cells.exact + cells.near + cells.unknown;
    return {
      text: rowsToText(cells.rows),
      mode,
      confidence: ink ? (cells.exact + cells.near) / ink : 1,
      grid: detection.grid,
      rows: cells.rows,
    };
  }

  private grid(pixels: Uint32Array, width: number, height: number): GridDetection | undefined {
    const kept = this.remembered;
    if (kept && kept.width === width && kept.height === height) {
      const again = scoreGrid(pixels, width, kept.detection.grid, this.glyphs, false);
      if (again.score >= KEEP_GRID_SCORE || again.sampled === 0) return kept.detection;
    }
    const found = detectGrid(pixels, width, height, this.glyphs);
    this.remembered =
      found && found.score >= MIN_GRID_SCORE ? { width, height, detection: found } : undefined;
    return found;
  }
}
