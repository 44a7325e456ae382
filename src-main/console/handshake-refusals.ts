// Which instance a refused console handshake was for. The renderer's WebSocket sees only "closed"
// when the gateway answers the upgrade with an HTTP error; main's network hook sees the status
// (and the URL). Main remembers each URL it issued for a short while, so a refusal can be told to
// the windows as "this instance's gateway said 503", and the console names the cause in plain
// words. URLs stay in main's memory only (they are single-use and valid 15 s), never logged or sent.
import type { InstanceRef } from '../contract';

/** A URL is used within seconds of being issued; after this it is forgotten. */
export const REMEMBER_MS = 60_000;
/** At most this many URLs remembered (30 a minute per instance; far more than any window opens). */
export const MAX_REMEMBERED = 2_000;

export interface HandshakeRefusal {
  ref: InstanceRef;
  status: number;
}

function normalise(url: string): string | undefined {
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

export class HandshakeRefusals {
  private readonly issued = new Map<string, { ref: InstanceRef; at: number }>();

  constructor(
    private readonly emit: (refusal: HandshakeRefusal) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A console URL was handed to a window for this instance. */
  remember(url: string, ref: InstanceRef): void {
    const key = normalise(url);
    if (!key) return;
    this.prune();
    this.issued.delete(key);
    this.issued.set(key, { ref, at: this.now() });
    while (this.issued.size > MAX_REMEMBERED) this.issued.delete(this.issued.keys().next().value!);
  }

  /**
   * The network stack saw the handshake of `url` end with `status` (101: it was accepted). A
   * refusal of a URL this app issued is told to the windows; anything else is ignored.
   */
  completed(url: string, status: number | undefined): void {
    if (status === undefined || status === 101 || !Number.isInteger(status) || status < 100 || status > 599)
      return;
    const key = normalise(url);
    const entry = key === undefined ? undefined : this.issued.get(key);
    if (!entry || this.now() - entry.at > REMEMBER_MS) return;
    this.issued.delete(key!);
    this.emit({ ref: entry.ref, status });
  }

  private prune(): void {
    const oldest = this.now() - REMEMBER_MS;
    for (const [key, entry] of this.issued) {
      if (entry.at >= oldest) break; // insertion order is time order
      this.issued.delete(key);
    }
  }
}
