// Real OCR, offline: tesseract.js with the English model from @tesseract.js-data/eng, on a dialog
// drawn by Chromium. Kept to one screen (a few seconds); the benchmark measures the full sets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../../e2e/harness/chromium';
import { TextRecognizer } from '../../../../../src-renderer/console/text/text-recognizer';
import { tidyOcrText } from '../../../../../src-renderer/console/text/ocr-engine';
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

  it('tidies Tesseract text: trailing spaces and runs of blank lines go', () => {
    expect(tidyOcrText('a  \n\n\n\nb \n\n')).toBe('a\n\nb');
  });
});
