// The renderer's side of the text worker (text-worker.ts): numbered requests, answers matched by id,
// each frame's pixels transferred rather than copied. One worker serves every console of a window;
// it is started on first use, so a window that never reads text never loads it.
import type { PixelImage, Rect } from './pixel-image';
import type { Recognition } from './text-recognizer';
import type { FrameResult, TextRequest, TextResponse, TextResult } from './text-service';
import type { TranscriptMatch } from './transcript';

/** What the client needs of a Worker (a stand-in in tests); plain shapes, so Node can check it too. */
export interface TextWorkerPort {
  postMessage(message: TextRequest, transfer: ArrayBuffer[]): void;
  onmessage: ((event: { data: TextResponse }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
  terminate(): void;
}

type Pending = { resolve: (result: TextResult) => void; reject: (error: Error) => void };
// Distributes Omit over the request union, so each request keeps its own fields.
type RequestBody = TextRequest extends infer R ? (R extends TextRequest ? Omit<R, 'id'> : never) : never;

export class TextClient {
  private worker: TextWorkerPort | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly createWorker: () => TextWorkerPort) {}

  /** The text in `rect` (default: all) of a picture: cells when it is a text screen, OCR otherwise. */
  recognize(consoleId: string, image: PixelImage, rect?: Rect): Promise<Recognition> {
    return this.request({ type: 'recognize', consoleId, image, ...(rect ? { rect } : {}) }, [
      image.data.buffer as ArrayBuffer,
    ]) as Promise<Recognition>;
  }

  /** Feeds one frame to the console's transcript; `connected`: the first since a (re)connection. */
  frame(consoleId: string, image: PixelImage, time: number, connected = false): Promise<FrameResult> {
    return this.request({ type: 'frame', consoleId, image, time, ...(connected ? { connected } : {}) }, [
      image.data.buffer as ArrayBuffer,
    ]) as Promise<FrameResult>;
  }

  /** Gets OCR ready for a first reading (see OcrEngine.warmUp). */
  warmUp(): Promise<void> {
    return this.request({ type: 'warm', consoleId: 'ocr' }).then(() => undefined);
  }

  search(consoleId: string, query: string, limit = 500): Promise<TranscriptMatch[]> {
    return this.request({ type: 'search', consoleId, query, limit }) as Promise<TranscriptMatch[]>;
  }

  /** The transcript's last `count` lines. */
  tail(consoleId: string, count: number): Promise<TranscriptMatch[]> {
    return this.request({ type: 'tail', consoleId, count }) as Promise<TranscriptMatch[]>;
  }

  /** The transcript as .txt text, each line after its ISO 8601 time. */
  exportText(consoleId: string): Promise<string> {
    return this.request({ type: 'export', consoleId, timestamps: true }) as Promise<string>;
  }

  clear(consoleId: string): Promise<void> {
    return this.request({ type: 'clear', consoleId }).then(() => undefined);
  }

  forget(consoleId: string): Promise<void> {
    if (!this.worker) return Promise.resolve();
    return this.request({ type: 'forget', consoleId }).then(() => undefined);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('The text reader was closed.'));
  }

  private request(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<TextResult> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<TextResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...body, id } as TextRequest, transfer);
    });
  }

  private start(): TextWorkerPort {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event) => {
      const response = event.data;
      const waiting = this.pending.get(response?.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (response.ok) waiting.resolve(response.result);
      else waiting.reject(new Error(response.error));
    };
    // A worker that fails to load (or dies) fails every request; the next one starts a new worker.
    worker.onerror = (event) => {
      event.preventDefault?.();
      worker.terminate();
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(`The text reader failed: ${event.message || 'it could not start'}.`));
    };
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(error);
  }
}

// The browser's Worker, declared here so this module also type-checks where the DOM lib is absent
// (the unit tests' config); Vite bundles the worker from the `new Worker(new URL(…))` below.
declare const Worker: new (url: URL, options: { type: 'module'; name: string }) => TextWorkerPort;

let shared: TextClient | undefined;

/** The window's text client, over the bundled module worker. */
export function appTextClient(): TextClient {
  shared ??= new TextClient(
    () =>
      new Worker(new URL('./text-worker.ts', import.meta.url), {
        type: 'module',
        name: 'text',
      }),
  );
  return shared;
}
