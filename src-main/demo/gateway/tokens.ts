// One-time console tokens: minted by DescribeInstanceVncUrl, spent by the first connect that shows them.
// Only sha256 hashes are kept, so neither the book nor its log can leak a usable token.
import { createHash, randomBytes } from 'node:crypto';

export type TokenOutcome =
  'accepted' | 'expired' | 'reused' | 'unknown' | 'rate-limited' | 'refused' | 'not-running';

export interface TokenLogEntry {
  /** sha256 (hex) of the token; never the token itself. */
  tokenHash: string;
  /** The instance the token was minted for; '' for a token the gateway never issued. */
  instanceId: string;
  issuedAt: number;
  usedAt?: number;
  outcome?: TokenOutcome;
}

export type Redemption =
  { ok: true; entry: TokenLogEntry } | { ok: false; outcome: 'expired' | 'reused' | 'unknown' };

// 50 random bytes make 68 base64 characters ending in one '=', and '+' or '/' in almost every
// token: like the real ones, they break any client that form-decodes the URL.
const TOKEN_BYTES = 50;
// A demo left running keeps at most this many log entries (oldest dropped first).
const LOG_LIMIT = 10_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class TokenBook {
  private entries: TokenLogEntry[] = [];
  private readonly issued = new Map<string, TokenLogEntry>();

  constructor(private readonly ttlMs: number) {}

  mint(instanceId: string, now: number): string {
    const token = randomBytes(TOKEN_BYTES).toString('base64');
    const entry: TokenLogEntry = { tokenHash: hashToken(token), instanceId, issuedAt: now };
    this.issued.set(entry.tokenHash, entry);
    this.append(entry);
    return token;
  }

  /**
   * Spends a token. The first presentation of an issued token marks it used whatever happens next
   * (the caller records the final outcome on the entry); any later one is 'reused'.
   */
  redeem(token: string | undefined, now: number): Redemption {
    const tokenHash = hashToken(token ?? '');
    const entry = token ? this.issued.get(tokenHash) : undefined;
    if (!entry) {
      this.append({ tokenHash, instanceId: '', issuedAt: now, usedAt: now, outcome: 'unknown' });
      return { ok: false, outcome: 'unknown' };
    }
    if (entry.usedAt !== undefined) {
      this.append({
        tokenHash,
        instanceId: entry.instanceId,
        issuedAt: entry.issuedAt,
        usedAt: now,
        outcome: 'reused',
      });
      return { ok: false, outcome: 'reused' };
    }
    entry.usedAt = now;
    // Valid for ttlMs inclusive: a token shown 15 000 ms after issue still works, 15 001 ms does not.
    if (now - entry.issuedAt > this.ttlMs) {
      entry.outcome = 'expired';
      return { ok: false, outcome: 'expired' };
    }
    return { ok: true, entry };
  }

  log(): TokenLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  private append(entry: TokenLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length <= LOG_LIMIT) return;
    const dropped = this.entries.splice(0, LOG_LIMIT / 2);
    for (const e of dropped) if (this.issued.get(e.tokenHash) === e) this.issued.delete(e.tokenHash);
  }
}
