// The text worker's entry: recognition and transcripts run here, off the main thread, so reading a
// screen never delays drawing one. The UI creates it with Vite's worker import:
//   new Worker(new URL('./text/text-worker.ts', import.meta.url), { type: 'module' })
// and talks to it with TextRequest / TextResponse messages (text-service.ts), transferring each
// frame's pixel buffer. Tesseract's worker script, core and models are bundled assets of the app
// (Vite `?url` imports), so OCR works offline and nothing is fetched from elsewhere.
import tesseractWorkerUrl from 'tesseract.js/dist/worker.min.js?url';
import tesseractCoreUrl from 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js?url';
import engModelUrl from '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz?url';
import { TesseractOcr } from './ocr-engine';
import type { OcrEngine, OcrResult } from './ocr-engine';
import type { PixelImage, Rect } from './pixel-image';
import { TextService } from './text-service';
import type { TextRequest, TextResponse } from './text-service';

interface WorkerScope {
  onmessage: ((event: MessageEvent<TextRequest>) => void) | null;
  postMessage(message: TextResponse): void;
}
const scope = self as unknown as WorkerScope;

/**
 * The folder of the bundled English model. Tesseract fetches `<folder>/eng.traineddata.gz`, so the
 * build must keep that file name (electron.vite.config.ts: renderer `assetFileNames` leaves
 * `*.traineddata.gz` unhashed); a hashed name is reported here instead of failing inside Tesseract.
 */
function modelFolder(url: string): string {
  const absolute = new URL(url, self.location.href);
  if (!absolute.pathname.endsWith('/eng.traineddata.gz'))
    throw new Error('the OCR model must be bundled as eng.traineddata.gz (see text-worker.ts)');
  return new URL('.', absolute).href.replace(/\/$/, '');
}

/** OCR from the app's own bundled assets, started on first use. */
class BundledOcr implements OcrEngine {
  private engine: TesseractOcr | undefined;

  recognize(image: PixelImage, area: Rect): Promise<OcrResult> {
    return this.started().recognize(image, area);
  }

  warmUp(): Promise<void> {
    return this.started().warmUp();
  }

  private started(): TesseractOcr {
    this.engine ??= new TesseractOcr({
      languages: ['eng'],
      langPath: modelFolder(engModelUrl),
      workerPath: tesseractWorkerUrl,
      corePath: tesseractCoreUrl,
    });
    return this.engine;
  }

  async terminate(): Promise<void> {
    await this.engine?.terminate();
  }
}

const service = new TextService(new BundledOcr());
scope.onmessage = (event) => {
  void service.handle(event.data).then((response) => scope.postMessage(response));
};
