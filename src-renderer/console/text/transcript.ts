// The transcript of a text console: every line that appeared, in order, once. Each screen read is
// aligned against the end of what is already known: rows that are still there (a redraw, a
// reconnect) match and add nothing, rows that scrolled up are kept, new rows are appended, and the
// rows still on screen stay editable (a line being typed grows in place). A screen that matches
// nothing (clear, reboot, or more than a screen scrolled between two reads) starts a new stretch.
// So does a screen after an erase: once the screen was blank (a clear) or lines with text vanished
// without a scroll (a reboot redrawing the boot screen over the rebooting message), the screen that
// follows appeared anew, even when it is the very screen shown before: it is appended again, and
// what was erased stays. A blank read right after a (re)connection is no erase: the same screen
// coming back over a new link adds nothing.

export interface TranscriptLine {
  text: string;
  /** When the line first appeared (ms since the epoch). */
  time: number;
}

export interface TranscriptMatch extends TranscriptLine {
  /** Line number from the start of the recording, 0-based (lines dropped for space still count). */
  index: number;
}

export interface TranscriptOptions {
  /** Oldest lines are dropped past this many; default 200,000. */
  maxLines?: number;
}

export interface UpdateResult {
  /** Lines added at the end. */
  appended: number;
  /** Lines on screen whose text changed in place. */
  edited: number;
}

const DEFAULT_MAX_LINES = 200_000;

export class Transcript {
  private lines: TranscriptLine[] = [];
  /** Index in `lines` of the screen's top row; lines before it have scrolled off and are final. */
  private liveStart = 0;
  /** Lines before this index are never matched again (an erase came after them). */
  private floor = 0;
  /** Text was read since the last (re)connection: a blank screen now is an erase. */
  private textSinceConnect = false;
  private dropped = 0;
  private readonly maxLines: number;

  constructor(options: TranscriptOptions = {}) {
    this.maxLines = Math.max(1, options.maxLines ?? DEFAULT_MAX_LINES);
  }

  get length(): number {
    return this.dropped + this.lines.length;
  }

  /** The console (re)connected: its next screens may be the one shown before the link went. */
  connected(): void {
    this.textSinceConnect = false;
  }

  /** Takes the rows of one screen (top first, trailing spaces trimmed) as seen at `time`. */
  update(rows: readonly string[], time: number): UpdateResult {
    const screen = rows.map((r) => r.trimEnd());
    let content = screen.length;
    while (content > 0 && screen[content - 1] === '') content--;
    if (content === 0) {
      // A blank screen: nothing to add; after text on this link it is a clear.
      if (this.textSinceConnect) this.erased();
      this.liveStart = this.lines.length;
      return { appended: 0, edited: 0 };
    }
    this.textSinceConnect = true;
    let p = this.align(screen, content);
    // Lines with text below the new content, not scrolled away: the screen was redrawn, not edited.
    if (this.lines.slice(Math.max(p + content, this.liveStart)).some((l) => l.text !== '')) {
      this.erased();
      p = this.lines.length;
    }
    let appended = 0;
    let edited = 0;
    for (let i = 0; i < content; i++) {
      const at = p + i;
      const text = screen[i]!;
      if (at >= this.lines.length) {
        this.lines.push({ text, time });
        appended++;
      } else if (at >= this.liveStart && this.lines[at]!.text !== text) {
        const line = this.lines[at]!;
        if (line.text === '') line.time = time;
        line.text = text;
        edited++;
      }
    }
    // Lines that were on screen below the new content and are blank now were erased, not scrolled.
    const end = p + content;
    if (end < this.lines.length && end >= this.liveStart) this.lines.length = end;
    this.liveStart = p;
    this.trim();
    return { appended, edited };
  }

  /** Every line, oldest first. */
  all(): readonly TranscriptLine[] {
    return this.lines.map((l) => ({ ...l }));
  }

  /** The last `count` lines, oldest first (what the transcript panel shows before a search). */
  tail(count: number): TranscriptMatch[] {
    const start = Math.max(0, this.lines.length - Math.max(0, Math.floor(count)));
    return this.lines.slice(start).map((l, i) => ({ index: this.dropped + start + i, ...l }));
  }

  /** Lines containing `query` (case-insensitive unless asked), oldest first, at most `limit`. */
  search(query: string, options: { caseSensitive?: boolean; limit?: number } = {}): TranscriptMatch[] {
    if (query === '') return [];
    const limit = options.limit ?? 1000;
    const needle = options.caseSensitive ? query : query.toLowerCase();
    const found: TranscriptMatch[] = [];
    for (let i = 0; i < this.lines.length && found.length < limit; i++) {
      const line = this.lines[i]!;
      const hay = options.caseSensitive ? line.text : line.text.toLowerCase();
      if (hay.includes(needle)) found.push({ index: this.dropped + i, ...line });
    }
    return found;
  }

  /** The transcript as a .txt file's text; with `formatTime`, each line starts with its time. */
  toText(formatTime?: (time: number) => string): string {
    let end = this.lines.length;
    while (end > 0 && this.lines[end - 1]!.text === '') end--;
    return this.lines
      .slice(0, end)
      .map((l) => (formatTime ? `${formatTime(l.time)}  ${l.text}` : l.text))
      .join('\n')
      .concat(end > 0 ? '\n' : '');
  }

  clear(): void {
    this.lines = [];
    this.liveStart = 0;
    this.floor = 0;
    this.dropped = 0;
  }

  /** What is there now is final and never matched again. */
  private erased(): void {
    let end = this.lines.length;
    while (end > this.floor && this.lines[end - 1]!.text === '') end--;
    this.lines.length = end; // blank rows that were below the text are not lines of it
    this.floor = end;
    this.liveStart = end;
  }

  /**
   * Where the screen's top row falls in `lines`. The screen can start at most one screen height
   * before the end; each start is scored by the rows it explains (same text +1, a live line that
   * grew or shrank +0.5) against the rows it contradicts (-1). The best positive score wins, the
   * smallest scroll on ties; with none, the screen is new and goes after the end.
   */
  private align(screen: readonly string[], content: number): number {
    const end = this.lines.length;
    let best = end;
    let bestScore = 0;
    for (let p = Math.max(this.floor, end - screen.length); p < end; p++) {
      const score = this.score(screen, content, p);
      // Prefer the start nearest the current screen top when scores tie.
      if (
        score > bestScore ||
        (score === bestScore && score > 0 && Math.abs(p - this.liveStart) < Math.abs(best - this.liveStart))
      ) {
        best = p;
        bestScore = score;
      }
    }
    return best;
  }

  private score(screen: readonly string[], content: number, p: number): number {
    let score = 0;
    const n = Math.min(screen.length, this.lines.length - p);
    for (let i = 0; i < n; i++) {
      const line = this.lines[p + i]!.text;
      const row = i < content ? screen[i]! : '';
      if (row === line) {
        if (row !== '') score += 1;
      } else if (
        p + i >= this.liveStart &&
        row !== '' &&
        line !== '' &&
        (row.startsWith(line) || line.startsWith(row))
      ) {
        score += 0.5;
      } else {
        score -= 1;
      }
    }
    return score;
  }

  private trim(): void {
    const excess = this.lines.length - this.maxLines;
    if (excess <= 0) return;
    this.lines.splice(0, excess);
    this.dropped += excess;
    this.liveStart = Math.max(0, this.liveStart - excess);
    this.floor = Math.max(0, this.floor - excess);
  }
}
