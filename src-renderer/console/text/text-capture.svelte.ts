// Feeds a console's transcript: after noVNC puts a frame on the canvas, the picture is copied and
// sent to the text worker, which reads it (when it is a text screen) and appends what scrolled in.
// At most one frame is in the worker at a time; frames drawn meanwhile collapse into the next read,
// so a busy worker never queues up pictures, and nothing here runs inside noVNC's drawing. A screen
// that is not text is looked at again only after a pause (reading it costs time and finds nothing);
// one odd frame on a text console does not count as that: a server that sends an update in pieces
// while the screen scrolls shows a torn picture now and then, and pausing on it would lose a screenful.
import type { PixelImage } from './pixel-image';
import type { TextClient } from './text-client';

export interface TextCaptureOptions {
  client: Pick<TextClient, 'frame'>;
  consoleId: string;
  /** The picture on the console's canvas now; undefined when none is shown. */
  grab: () => PixelImage | undefined;
  now?: () => number;
  /** Runs `fn` after `ms` (0: as soon as the current task is done); returns a cancel function. */
  schedule?: (fn: () => void, ms: number) => () => void;
  /** How long a screen that is not text is left alone before the next look; default 1 s. */
  graphicalPauseMs?: number;
}

/** Frames in a row that must read as not text before the reader pauses. */
export const NOT_TEXT_BEFORE_PAUSE = 3;

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export class TextCapture {
  /** Lines in the transcript (from the worker's last answer). */
  lines = $state(0);
  /** Whether the last frame read was a text screen; null before the first read. */
  textScreen = $state<boolean | null>(null);
  /** Frames read since the console opened. */
  frames = $state(0);
  /** The last failure of the reader (shown by the transcript panel); null while it works. */
  error = $state<string | null>(null);

  private readonly options: TextCaptureOptions;
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => () => void;
  private active = false;
  private dirty = false;
  private busy = false;
  private cancel: (() => void) | undefined;
  private pausedUntil = 0;
  private notText = 0;

  constructor(options: TextCaptureOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? defaultSchedule;
  }

  /** Starts reading (a connection is shown); the picture already there is read first. */
  start(): void {
    this.active = true;
    this.dirty = true;
    this.pausedUntil = 0;
    this.kick();
  }

  /** Stops reading (the link went away); the transcript itself stays in the worker. */
  stop(): void {
    this.active = false;
    this.cancel?.();
    this.cancel = undefined;
  }

  /** noVNC drew a frame. */
  frameDrawn(): void {
    this.dirty = true;
    this.kick();
  }

  private kick(): void {
    if (!this.active || this.busy || !this.dirty || this.cancel) return;
    const wait = Math.max(0, this.pausedUntil - this.now());
    this.cancel = this.schedule(() => {
      this.cancel = undefined;
      this.read();
    }, wait);
  }

  private read(): void {
    if (!this.active || this.busy) return;
    this.dirty = false;
    let image: PixelImage | undefined;
    try {
      image = this.options.grab();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    if (!image) return;
    this.busy = true;
    this.options.client
      .frame(this.options.consoleId, image, this.now())
      .then(
        (result) => {
          this.frames++;
          this.lines = result.lines;
          const text = result.mode === 'cells';
          this.notText = text ? 0 : this.notText + 1;
          // A screen shown as text stays so through a torn frame or two.
          if (text || this.textScreen === null || this.notText >= NOT_TEXT_BEFORE_PAUSE)
            this.textScreen = text;
          this.error = null;
          if (this.notText >= NOT_TEXT_BEFORE_PAUSE)
            this.pausedUntil = this.now() + (this.options.graphicalPauseMs ?? 1000);
        },
        (error: unknown) => {
          this.error = error instanceof Error ? error.message : String(error);
          // A failing reader is not retried at frame rate.
          this.pausedUntil = this.now() + (this.options.graphicalPauseMs ?? 1000);
        },
      )
      .finally(() => {
        this.busy = false;
        this.kick();
      });
  }
}
