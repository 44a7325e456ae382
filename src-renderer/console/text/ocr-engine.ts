// OCR for graphical screens, through Tesseract (tesseract.js: the C++ engine compiled to WebAssembly)
// with language models from npm packages (@tesseract.js-data/eng, …/chi_sim). Nothing is fetched from
// the network: the caller passes where the worker script, the core and the models are (file paths in
// Node, same-origin URLs in the app), and caching to disk or IndexedDB is off.
import Tesseract from 'tesseract.js';
import { seedFontTables } from './default-glyphs';
import { ocrInput } from './ocr-image';
import type { PixelImage, Rect } from './pixel-image';

export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, 0..1. */
  confidence: number;
}

export interface OcrEngine {
  recognize(image: PixelImage, area: Rect): Promise<OcrResult>;
  /** Gets ready for a first reading as fast as later ones (models loaded, engine run once). */
  warmUp?(): Promise<void>;
  terminate(): Promise<void>;
}

const WARM_UP_TEXT = [
  'Warm up: the quick brown fox jumps over 13 lazy dogs.',
  'Pack my box with five dozen liquor jugs, 0123456789.',
  'How vexingly quick daft zebras jump! (A-Z, a-z, #$%&)',
  'Sphinx of black quartz, judge my vow; "OK" / Cancel.',
];

/** Lines of text in a console font, dark on light: something for Tesseract to read once. */
export function warmUpImage(lines = WARM_UP_TEXT): PixelImage {
  const font = seedFontTables().find((f) => f.width >= 8)!;
  const glyphs = new Map(font.glyphs.map((g) => [g.char, g.rows]));
  const pad = 8;
  const lineHeight = font.height + 8;
  const width = Math.max(...lines.map((l) => l.length)) * font.width + 2 * pad;
  const height = lines.length * lineHeight + 2 * pad;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  lines.forEach((line, row) => {
    [...line].forEach((ch, i) => {
      const rows = glyphs.get(ch);
      for (let y = 0; rows && y < font.height; y++) {
        for (let x = 0; x < font.width; x++) {
          if (((rows[y]! >>> (font.width - 1 - x)) & 1) === 0) continue;
          const o = ((pad + row * lineHeight + y) * width + pad + i * font.width + x) * 4;
          data[o] = data[o + 1] = data[o + 2] = 0;
        }
      }
    });
  });
  return { width, height, data };
}

/** Models shipped by npm packages: English (Latin script) and Simplified Chinese. */
export type OcrLanguage = 'eng' | 'chi_sim';

export interface TesseractLocations {
  /**
   * Folder (Node) or URL (browser) holding `<lang>.traineddata.gz` for every language. (Models passed
   * in memory as `{code, data}` do not work: tesseract.js 7 initialises with the data as the name.)
   */
  langPath: string;
  /** tesseract.js's worker script (browser only; Node uses the package's own). */
  workerPath?: string;
  /** tesseract.js-core's folder or .wasm.js file (browser only). */
  corePath?: string;
}

export interface TesseractOptions extends TesseractLocations {
  languages: readonly OcrLanguage[];
  /** Enlargement before OCR; default: by the area's size (see ocr-image.ts). */
  scale?: number;
}

/** One Tesseract worker, started on first use and reused; calls run one at a time. */
export class TesseractOcr implements OcrEngine {
  private worker: Promise<Tesseract.Worker> | undefined;
  private warm: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TesseractOptions) {}

  /**
   * Starts the worker, loads the models and reads one line now, rather than on the first
   * recognition: Tesseract's first readings cost two to three times a later one (the engine sets
   * itself up on first use), measured 3.0 s of CPU for a 1280x800 screen against 0.85 s warm.
   */
  warmUp(): Promise<void> {
    this.warm ??= (async () => {
      const image = warmUpImage();
      await this.recognize(image, { x: 0, y: 0, w: image.width, h: image.height });
    })();
    this.warm.catch(() => (this.warm = undefined));
    return this.warm;
  }

  recognize(image: PixelImage, area: Rect): Promise<OcrResult> {
    const run = this.queue.then(() => this.run(image, area));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.warm = undefined;
    if (worker) await (await worker.catch(() => undefined))?.terminate();
  }

  private start(): Promise<Tesseract.Worker> {
    if (!this.worker) {
      const { langPath, workerPath, corePath, languages } = this.options;
      this.worker = Tesseract.createWorker([...languages], Tesseract.OEM.LSTM_ONLY, {
        langPath,
        ...(workerPath ? { workerPath } : {}),
        ...(corePath ? { corePath } : {}),
        // No blob: worker (the app's CSP has no blob: workers) and no cache written anywhere.
        workerBlobURL: false,
        cacheMethod: 'none',
        gzip: true,
        // Failures reach the caller through the rejected promise; without a handler tesseract.js
        // would also throw them from its message listener, where nothing can catch them.
        errorHandler: () => undefined,
      });
      this.worker.catch(() => (this.worker = undefined));
    }
    return this.worker;
  }

  private async run(image: PixelImage, area: Rect): Promise<OcrResult> {
    const worker = await this.start();
    const prepared = ocrInput(image, area, this.options.scale);
    // Interword spaces are kept so that columns in the text stay roughly where they were.
    await worker.setParameters({
      preserve_interword_spaces: '1',
      user_defined_dpi: String(96 * prepared.scale),
    });
    const { data } = await worker.recognize(prepared.pgm as unknown as Tesseract.ImageLike);
    return { text: tidyOcrText(data.text), confidence: Math.max(0, Math.min(1, data.confidence / 100)) };
  }
}

/** Tesseract's text with blank lines between blocks collapsed and trailing spaces dropped. */
export function tidyOcrText(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
}
