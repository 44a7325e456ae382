// What the text worker does, as a plain class (tested in Node): copy-text recognition, and one
// transcript per console fed with that console's frames. Requests come from our own renderer, yet
// each is checked before use; a bad one gets an error answer and changes nothing.
import { defaultGlyphSet } from './default-glyphs';
import type { GlyphSet } from './glyph-set';
import type { OcrEngine } from './ocr-engine';
import { checkImage } from './pixel-image';
import type { PixelImage, Rect } from './pixel-image';
import { TextRecognizer } from './text-recognizer';
import type { Recognition } from './text-recognizer';
import { Transcript } from './transcript';
import type { TranscriptMatch } from './transcript';

export type TextRequest =
  /** Copy text: the text in `rect` (default: all) of a console's current picture. */
  | { id: number; type: 'recognize'; consoleId: string; image: PixelImage; rect?: Rect }
  /**
   * A frame for the console's transcript (read only when it is a text screen); `connected`: the
   * first frame since the console (re)connected (a blank read then is no clear-screen).
   */
  | { id: number; type: 'frame'; consoleId: string; image: PixelImage; time: number; connected?: boolean }
  | { id: number; type: 'search'; consoleId: string; query: string; caseSensitive?: boolean; limit?: number }
  /** The transcript's last `count` lines. */
  | { id: number; type: 'tail'; consoleId: string; count: number }
  /** The transcript as .txt; with `timestamps`, each line starts with its ISO 8601 time. */
  | { id: number; type: 'export'; consoleId: string; timestamps: boolean }
  | { id: number; type: 'clear'; consoleId: string }
  /** A reading by OCR is coming: load the models and run the engine once now. */
  | { id: number; type: 'warm'; consoleId: string }
  /** The console's tab closed: forget its transcript and grid. */
  | { id: number; type: 'forget'; consoleId: string };

export interface FrameResult {
  /** 'ocr' means the screen is not a text console: the frame was not added. */
  mode: Recognition['mode'];
  appended: number;
  edited: number;
  /** Lines in the transcript now. */
  lines: number;
}

export type TextResult = Recognition | FrameResult | TranscriptMatch[] | string | null;

export type TextResponse =
  { id: number; ok: true; result: TextResult } | { id: number; ok: false; error: string };

// Enough for every tab a person keeps open; a runaway caller cannot make the worker hoard transcripts.
const MAX_CONSOLES = 64;
const MAX_QUERY = 1000;
const MAX_TAIL = 10_000;

interface ConsoleText {
  recognizer: TextRecognizer;
  transcript: Transcript;
}

function isRect(r: unknown): r is Rect {
  const o = r as Rect;
  return (
    typeof o === 'object' &&
    o !== null &&
    [o.x, o.y, o.w, o.h].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    o.w > 0 &&
    o.h > 0
  );
}

export class TextService {
  private readonly consoles = new Map<string, ConsoleText>();
  private readonly glyphs: GlyphSet;

  constructor(private readonly ocr?: OcrEngine) {
    // One glyph set for every console: what one learns, all know.
    this.glyphs = defaultGlyphSet();
  }

  async handle(request: TextRequest): Promise<TextResponse> {
    const id = typeof request?.id === 'number' ? request.id : -1;
    try {
      return { id, ok: true, result: await this.run(request) };
    } catch (error) {
      return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async run(r: TextRequest): Promise<TextResult> {
    if (typeof r?.consoleId !== 'string' || r.consoleId.length === 0 || r.consoleId.length > 200)
      throw new Error('consoleId must be a non-empty string');
    switch (r.type) {
      case 'recognize':
        checkImage(r.image);
        if (r.rect !== undefined && !isRect(r.rect))
          throw new Error('rect must be {x, y, w, h} with a positive size');
        return this.console(r.consoleId).recognizer.recognize(r.image, r.rect);
      case 'frame': {
        checkImage(r.image);
        if (!Number.isFinite(r.time)) throw new Error('time must be a number');
        if (r.connected !== undefined && typeof r.connected !== 'boolean')
          throw new Error('connected must be a boolean');
        const c = this.console(r.consoleId);
        if (r.connected) c.transcript.connected();
        const read = c.recognizer.readCells(r.image);
        if (read.mode !== 'cells' || !read.rows)
          return { mode: read.mode, appended: 0, edited: 0, lines: c.transcript.length };
        const { appended, edited } = c.transcript.update(read.rows, r.time);
        return { mode: 'cells', appended, edited, lines: c.transcript.length };
      }
      case 'search':
        if (typeof r.query !== 'string' || r.query.length > MAX_QUERY)
          throw new Error('query must be a short string');
        return (
          this.existing(r.consoleId)?.transcript.search(r.query, {
            caseSensitive: r.caseSensitive === true,
            limit: r.limit,
          }) ?? []
        );
      case 'tail':
        if (!Number.isInteger(r.count) || r.count < 0 || r.count > MAX_TAIL)
          throw new Error(`count must be an integer from 0 to ${MAX_TAIL}`);
        return this.existing(r.consoleId)?.transcript.tail(r.count) ?? [];
      case 'export':
        return (
          this.existing(r.consoleId)?.transcript.toText(
            r.timestamps ? (t) => new Date(t).toISOString() : undefined,
          ) ?? ''
        );
      case 'clear':
        this.existing(r.consoleId)?.transcript.clear();
        return null;
      case 'warm':
        await this.ocr?.warmUp?.();
        return null;
      case 'forget':
        this.consoles.delete(r.consoleId);
        return null;
      default:
        throw new Error(`unknown request ${String((r as { type?: unknown }).type)}`);
    }
  }

  private existing(id: string): ConsoleText | undefined {
    return this.consoles.get(id);
  }

  private console(id: string): ConsoleText {
    let c = this.consoles.get(id);
    if (!c) {
      if (this.consoles.size >= MAX_CONSOLES) throw new Error(`at most ${MAX_CONSOLES} consoles at once`);
      c = {
        recognizer: new TextRecognizer({ glyphs: this.glyphs, ocr: this.ocr }),
        transcript: new Transcript(),
      };
      this.consoles.set(id, c);
    }
    return c;
  }
}
