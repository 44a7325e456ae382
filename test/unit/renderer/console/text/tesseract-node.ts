// Where Tesseract's language models are in node_modules, for OCR in plain Node (tests, benchmarks).
// tesseract.js in Node uses its own worker script and core from node_modules; only the models' folder
// has to be named. Fails loudly when a package is missing.
import { createRequire } from 'node:module';
import path from 'node:path';
import { TesseractOcr } from '../../../../../src-renderer/console/text/ocr-engine';
import type { OcrLanguage } from '../../../../../src-renderer/console/text/ocr-engine';

const require = createRequire(import.meta.url);

export function modelFolder(language: OcrLanguage): string {
  try {
    return path.join(
      path.dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)),
      '4.0.0_best_int',
    );
  } catch {
    throw new Error(`@tesseract.js-data/${language} is not installed: run npm ci`);
  }
}

export function nodeOcr(language: OcrLanguage = 'eng'): TesseractOcr {
  return new TesseractOcr({ languages: [language], langPath: modelFolder(language) });
}
