// Feeds a console's transcript: each time noVNC puts a frame on the canvas, the picture is copied
// at once and sent to the text worker, which reads it (when it is a text screen) and appends what
// scrolled in. Every update is read: a console that scrolls fast shows a line in only a few updates,
// and one skipped update can be a screenful lost. The copy is all that runs inside noVNC's drawing
// (about a millisecond for 720x400); the reading runs in the worker, frames queued in order. Only
// past MAX_IN_FLIGHT frames waiting for the worker do frames drawn meanwhile collapse into one read
// (a bound on memory when the worker cannot keep up). A screen that is not text is looked at again
// only after a pause (reading it costs time and finds nothing); one odd frame on a text console does
// not count as that: pausing on it would lose a screenful.
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
/** Frames sent to the worker and not answered yet, at most (some 1.2 MB each at 720x400). */
export const MAX_IN_FLIGHT = 8;

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
  private inFlight = 0;
  /** The next frame sent is the first of a (re)connection. */
  private fresh = false;
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
    this.fresh = true;
    this.pausedUntil = 0;
    this.kick();
  }

  /** Stops reading (the link went away); the transcript itself stays in the worker. */
  stop(): void {
    this.active = false;
    this.cancel?.();
    this.cancel = undefined;
  }

  /** noVNC drew a frame: copied now (before the next update draws over it), unless paused or full. */
  frameDrawn(): void {
    this.dirty = true;
    if (this.active && !this.cancel && this.inFlight < this.maxInFlight() && this.now() >= this.pausedUntil)
      this.read();
    else this.kick();
  }

  /** A screen that is not text has no lines to lose: one frame at a time is enough there. */
  private maxInFlight(): number {
    return this.textScreen === false ? 1 : MAX_IN_FLIGHT;
  }

  private kick(): void {
    if (!this.active || this.inFlight >= this.maxInFlight() || !this.dirty || this.cancel) return;
    const wait = Math.max(0, this.pausedUntil - this.now());
    this.cancel = this.schedule(() => {
      this.cancel = undefined;
      this.read();
    }, wait);
  }

  private read(): void {
    if (!this.active || this.inFlight >= this.maxInFlight()) return;
    this.dirty = false;
    let image: PixelImage | undefined;
    try {
      image = this.options.grab();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    if (!image) return;
    this.inFlight++;
    const connected = this.fresh;
    this.fresh = false;
    this.options.client
      .frame(this.options.consoleId, image, this.now(), connected)
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
        this.inFlight--;
        this.kick();
      });
  }
}
