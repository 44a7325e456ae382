// Real OCR, offline: tesseract.js with the English model from @tesseract.js-data/eng, on a dialog
// drawn by Chromium. Kept to one screen (a few seconds); the benchmark measures the full sets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../../e2e/harness/chromium';
import { TextRecognizer } from '../../../../../src-renderer/console/text/text-recognizer';
import { tidyOcrText, warmUpImage } from '../../../../../src-renderer/console/text/ocr-engine';
import { LATIN_GRAPHICAL_SCREENS, renderPage } from './graphical-screens';
import { characterAccuracy } from './accuracy';
import { nodeOcr } from './tesseract-node';

describe('OCR of a graphical screen', () => {
  let browser: Browser;
  const ocr = nodeOcr('eng');
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await ocr.terminate();
    await browser?.close();
  });

  it('reads a dialog through Tesseract after the selector turned cell matching down', async () => {
    const screen = LATIN_GRAPHICAL_SCREENS.find((s) => s.name === 'dialog')!;
    const image = await renderPage(browser, screen.html);
    const result = await new TextRecognizer({ ocr }).recognize(image);
    expect(result.mode).toBe('ocr');
    expect(result.text).toContain('System Properties');
    expect(characterAccuracy(screen.lines.join('\n'), result.text)).toBeGreaterThan(0.9);
  }, 60_000);

  it('warms up on real text: the warm-up image reads back, and a warm-up is done once', async () => {
    await ocr.warmUp();
    const image = warmUpImage();
    const read = await ocr.recognize(image, { x: 0, y: 0, w: image.width, h: image.height });
    // Four lines of text that Tesseract finds and reads (how well matters little: it is a warm-up).
    expect(read.text.split('\n')).toHaveLength(4);
    expect(
      characterAccuracy('Warm up: the quick brown fox jumps over 13 lazy dogs.', read.text.split('\n')[0]!),
    ).toBeGreaterThan(0.8);
    expect(ocr.warmUp()).toBe(ocr.warmUp());
  }, 60_000);

  it('tidies Tesseract text: trailing spaces and runs of blank lines go', () => {
    expect(tidyOcrText('a  \n\n\n\nb \n\n')).toBe('a\n\nb');
  });
});
