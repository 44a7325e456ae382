// What a console's reconnect machine said it did (its diagnostics hook: attempts, failures with
// their kind, code and RequestId, drops, halts), kept per console for the overlay's guidance and
// "Copy diagnostics". The machine never passes a URL or token to that hook; the log keeps only
// plain values, a bounded number of them.

export type LogValue = string | number | boolean;

export interface AttemptEntry {
  /** Epoch ms. */
  at: number;
  event: string;
  detail: Readonly<Record<string, LogValue>>;
}

/** Enough for a few minutes of retries; older entries go first. */
export const MAX_ENTRIES = 60;

export class AttemptLog {
  private readonly list: AttemptEntry[] = [];
  private failures = 0;

  /** Attempts that failed since the console was last connected (or the user stopped it). */
  get failuresInRow(): number {
    return this.failures;
  }

  entries(): readonly AttemptEntry[] {
    return this.list;
  }

  record(event: string, detail: Record<string, LogValue | undefined> = {}, at = Date.now()): void {
    const kept: Record<string, LogValue> = {};
    for (const [key, value] of Object.entries(detail)) if (value !== undefined) kept[key] = value;
    this.list.push({ at, event, detail: kept });
    if (this.list.length > MAX_ENTRIES) this.list.splice(0, this.list.length - MAX_ENTRIES);
    if (event === 'attempt-failed') this.failures++;
    else if (event === 'connected') this.failures = 0;
    else if (event === 'halt' && (detail['phase'] === 'idle' || detail['phase'] === 'cancelled'))
      this.failures = 0;
  }
}
