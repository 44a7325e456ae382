// The selector: text consoles are read by cells, anything else goes to OCR (here a fake engine that
// records what it was asked), and without an OCR engine the cell reading is returned as it is.
import { describe, expect, it } from 'vitest';
import { chooseMode, TextRecognizer } from '../../../../../src-renderer/console/text/text-recognizer';
import type { OcrEngine } from '../../../../../src-renderer/console/text/ocr-engine';
import type { PixelImage, Rect } from '../../../../../src-renderer/console/text/pixel-image';
import { consoleLines, font, renderScreen, seeded, toImage } from './screens';

class FakeOcr implements OcrEngine {
  calls: Rect[] = [];
  async recognize(_image: PixelImage, area: Rect) {
    this.calls.push(area);
    return { text: 'from ocr', confidence: 0.9 };
  }
  async terminate() {}
}

/** A "graphical" screen: gradients and boxes, no character grid. */
function graphical(): PixelImage {
  const w = 800;
  const h = 500;
  const px = new Uint32Array(w * h);
  const random = seeded(3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) px[y * w + x] = (((x * 255) / w) << 16) | (((y * 255) / h) << 8) | 0x40;
  for (let i = 0; i < 60; i++) {
    const bx = Math.floor(random() * (w - 40));
    const by = Math.floor(random() * (h - 20));
    const c = (random() * 0xffffff) | 0;
    for (let y = by; y < by + 3 + random() * 17; y++)
      for (let x = bx; x < bx + 5 + random() * 35; x++) px[y * w + x] = c;
  }
  return toImage(px, w, h);
}

describe('chooseMode', () => {
  const grid = { cellWidth: 8, cellHeight: 16, x: 0, y: 0, cols: 80, rows: 25 };
  const cells = (exact: number, unknown: number) => ({ rows: [], exact, near: 0, unknown, blank: 0 });

  it('picks cells for a well-matched grid whose cells are known', () => {
    expect(chooseMode({ grid, score: 1, sampled: 48, fonts: [] }, cells(950, 50))).toBe('cells');
    expect(chooseMode({ grid, score: 1, sampled: 0, fonts: [] }, cells(0, 0))).toBe('cells');
  });

  it('picks OCR without a grid, with a poorly matched grid, or with too many unknown cells', () => {
    expect(chooseMode(undefined, undefined)).toBe('ocr');
    expect(chooseMode({ grid, score: 0.5, sampled: 48, fonts: [] }, cells(1000, 0))).toBe('ocr');
    expect(chooseMode({ grid, score: 1, sampled: 48, fonts: [] }, cells(800, 200))).toBe('ocr');
  });
});

describe('TextRecognizer.recognize', () => {
  it('reads a text console by cells and never asks OCR', async () => {
    const ocr = new FakeOcr();
    const lines = consoleLines(25, 80, seeded(11));
    const image = renderScreen({ font: font('vga-8x16'), cols: 80, rows: 25, lines });
    const result = await new TextRecognizer({ ocr }).recognize(image);
    expect(result.mode).toBe('cells');
    expect(result.rows).toEqual(lines);
    expect(ocr.calls).toEqual([]);
  });

  it('sends a graphical screen, or the selected part of it, to OCR', async () => {
    const ocr = new FakeOcr();
    const rec = new TextRecognizer({ ocr });
    const image = graphical();
    expect(await rec.recognize(image)).toEqual({ text: 'from ocr', mode: 'ocr', confidence: 0.9 });
    await rec.recognize(image, { x: -10, y: 100, w: 200, h: 50 });
    expect(ocr.calls).toEqual([
      { x: 0, y: 0, w: 800, h: 500 },
      { x: 0, y: 100, w: 190, h: 50 },
    ]);
  });

  it('sends a console whose font is unknown to OCR', async () => {
    const ocr = new FakeOcr();
    // Every glyph of the font turned upside down: a grid, but no glyph the set knows.
    const f = font('vga-8x16');
    const flipped = {
      ...f,
      name: 'flipped',
      glyphs: f.glyphs.map((g) => ({ ...g, rows: g.rows.slice().reverse() })),
    };
    const image = renderScreen({ font: flipped, cols: 80, rows: 25, lines: consoleLines(25, 80, seeded(5)) });
    expect((await new TextRecognizer({ ocr }).recognize(image)).mode).toBe('ocr');
    expect(ocr.calls).toHaveLength(1);
  });

  it('without an OCR engine, returns the cell reading with its low confidence', async () => {
    const result = await new TextRecognizer().recognize(graphical());
    expect(result.mode).toBe('ocr');
    expect(result.confidence).toBeLessThan(0.5);
  });

  it('refuses an image whose data does not match its size, and a rectangle outside it', async () => {
    const rec = new TextRecognizer();
    expect(() => rec.readCells({ width: 10, height: 10, data: new Uint8Array(10) })).toThrow(/RGBA/);
    const image = renderScreen({ font: font('vga-8x16'), cols: 10, rows: 2, lines: ['x'] });
    expect(() => rec.readCells(image, { x: 500, y: 500, w: 10, h: 10 })).toThrow(/outside/);
  });
});
