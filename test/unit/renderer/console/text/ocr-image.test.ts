// What Tesseract is given: the part of the area that can hold text, enlarged only when the area
// asked for is small (a selection), never for a whole screen whose text fills a small box: a dialog
// on a plain desktop was read enlarged twice, at about twice the CPU time (issue 17, OCR ≤ 1.5 s).
import { describe, expect, it } from 'vitest';
import { ocrInput } from '../../../../../src-renderer/console/text/ocr-image';
import type { PixelImage } from '../../../../../src-renderer/console/text/pixel-image';

/** A white screen with a dark `w`×`h` block at (x, y). */
function screenWithBlock(x: number, y: number, w: number, h: number): PixelImage {
  const width = 1280;
  const height = 800;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let row = y; row < y + h; row++) data.fill(0, (row * width + x) * 4, (row * width + x + w) * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width, height, data };
}

const pgmSize = (pgm: Uint8Array) =>
  /^P5\n(\d+) (\d+)\n/
    .exec(new TextDecoder().decode(pgm.subarray(0, 20)))!
    .slice(1)
    .map(Number);

describe('ocrInput', () => {
  const image = screenWithBlock(340, 250, 600, 300);

  it('reads a whole screen as it is, cut to its content, however small the content is', () => {
    const input = ocrInput(image, { x: 0, y: 0, w: 1280, h: 800 });
    expect(input.scale).toBe(1);
    // The block and a 4-pixel margin around it.
    expect([input.width, input.height]).toEqual([608, 308]);
    expect(pgmSize(input.pgm)).toEqual([608, 308]);
  });

  it('enlarges a small selection twice', () => {
    const input = ocrInput(image, { x: 300, y: 200, w: 640, h: 400 });
    expect(input.scale).toBe(2);
    expect([input.width, input.height]).toEqual([1208, 616]); // the block reaches its right edge
  });
});
