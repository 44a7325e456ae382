// What the reconnect machine counts, for benchmarks, tests and diagnostics. Write-only from the
// machine's point of view: nothing it decides ever reads these back.

/** One unintended drop. */
export interface DropRecord {
  at: number;
  cause: 'closed' | 'dead-link';
  /** For a dead link: how long it had been silent when declared dead. */
  silentForMs?: number;
  /** URL requests it took to come back. */
  attempts: number;
  /** Drop → VNC handshake done again. */
  linkUpInMs?: number;
  /** Drop → first complete picture drawn again. */
  restoredInMs?: number;
}

/** One fresh connect (start, or retry from a halted state). */
export interface ConnectRecord {
  /** start() → VNC handshake done. */
  linkUpInMs: number;
  /** start() → first complete picture drawn. */
  firstFrameInMs?: number;
}

export interface ReconnectMetrics {
  drops: DropRecord[];
  connects: ConnectRecord[];
  urlsRequested: number;
  urlsUsed: number;
  staleUrlsDiscarded: number;
  duplicateUrlsRejected: number;
  deadLinksDetected: number;
  /** Clock time of every URL request, for checking the per-window ceiling. */
  attemptTimes: number[];
}

const MAX_RECORDS = 1000;
const MAX_ATTEMPT_TIMES = 100_000;

export class MetricsRecorder {
  private readonly metrics: ReconnectMetrics = {
    drops: [],
    connects: [],
    urlsRequested: 0,
    urlsUsed: 0,
    staleUrlsDiscarded: 0,
    duplicateUrlsRejected: 0,
    deadLinksDetected: 0,
    attemptTimes: [],
  };

  urlRequested(at: number): void {
    this.metrics.urlsRequested++;
    pushCapped(this.metrics.attemptTimes, at, MAX_ATTEMPT_TIMES);
  }

  urlUsed(): void {
    this.metrics.urlsUsed++;
  }

  staleUrl(): void {
    this.metrics.staleUrlsDiscarded++;
  }

  duplicateUrl(): void {
    this.metrics.duplicateUrlsRejected++;
  }

  /** Files a new drop record and returns it, for the machine to complete as the console comes back. */
  drop(record: DropRecord): DropRecord {
    if (record.cause === 'dead-link') this.metrics.deadLinksDetected++;
    pushCapped(this.metrics.drops, record, MAX_RECORDS);
    return record;
  }

  connect(record: ConnectRecord): ConnectRecord {
    pushCapped(this.metrics.connects, record, MAX_RECORDS);
    return record;
  }

  /** A copy of the counters and records. */
  snapshot(): ReconnectMetrics {
    return {
      ...this.metrics,
      drops: this.metrics.drops.map((d) => ({ ...d })),
      connects: this.metrics.connects.map((c) => ({ ...c })),
      attemptTimes: [...this.metrics.attemptTimes],
    };
  }
}

function pushCapped<T>(list: T[], item: T, cap: number): void {
  list.push(item);
  if (list.length > cap) list.splice(0, list.length - cap);
}
