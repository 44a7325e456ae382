// Temporary credentials that renew themselves: held in memory only, renewed ahead of expiry so a
// long session never signs with a token about to lapse, and shared by concurrent callers (one
// renewal at a time, whoever asks).
import type { TemporaryCredentials } from './sts-client';
import type { Credentials, CredentialsProvider } from './transport';

export interface RenewingCredentialsOptions {
  /** Gets a fresh set (AssumeRole). Its errors reach the caller that had to wait for it. */
  obtain: () => Promise<TemporaryCredentials>;
  /** Epoch ms, the clock `expiresAt` is on. */
  now?: () => number;
  /** Renew in the background once less than this is left (capped at half the lifetime). */
  renewAheadMs?: number;
  /** Never hand out credentials with less than this left: wait for a renewal instead. */
  minValidityMs?: number;
  /** After a failed background renewal, wait this long before trying again in the background. */
  retryAfterMs?: number;
}

export const RENEW_AHEAD_MS = 15 * 60_000;
/** Longer than one call with its retries (3 × 10 s timeouts plus backoff). */
export const MIN_VALIDITY_MS = 2 * 60_000;
const RETRY_AFTER_MS = 30_000;

export class RenewingCredentials {
  private current: { creds: TemporaryCredentials; obtainedAt: number } | undefined;
  private renewal: Promise<TemporaryCredentials> | undefined;
  private backgroundFailedAt: number | undefined;
  private readonly now: () => number;
  private readonly renewAheadMs: number;
  private readonly minValidityMs: number;
  private readonly retryAfterMs: number;

  constructor(private readonly options: RenewingCredentialsOptions) {
    this.now = options.now ?? Date.now;
    this.renewAheadMs = options.renewAheadMs ?? RENEW_AHEAD_MS;
    this.minValidityMs = options.minValidityMs ?? MIN_VALIDITY_MS;
    this.retryAfterMs = options.retryAfterMs ?? RETRY_AFTER_MS;
  }

  /** The provider to hand to a client. */
  readonly provider: CredentialsProvider = () => this.get();

  async get(): Promise<Credentials> {
    const now = this.now();
    const held = this.current;
    if (held && now < held.creds.expiresAt - this.minValidityMs) {
      const lifetime = held.creds.expiresAt - held.obtainedAt;
      const ahead = Math.min(this.renewAheadMs, lifetime / 2);
      const retryDue =
        this.backgroundFailedAt === undefined || now - this.backgroundFailedAt >= this.retryAfterMs;
      if (now >= held.creds.expiresAt - ahead && retryDue) {
        // Still good for a while: renew without making this caller wait.
        this.renew().catch(() => (this.backgroundFailedAt = this.now()));
      }
      return plain(held.creds);
    }
    return plain(await this.renew());
  }

  /** Local epoch ms the held credentials expire at, if any are held. */
  expiresAt(): number | undefined {
    return this.current?.creds.expiresAt;
  }

  /** Drops the held credentials (the server refused them): the next caller waits for new ones. */
  invalidate(): void {
    this.current = undefined;
  }

  private renew(): Promise<TemporaryCredentials> {
    this.renewal ??= (async () => {
      try {
        const creds = await this.options.obtain();
        this.current = { creds, obtainedAt: this.now() };
        this.backgroundFailedAt = undefined;
        return creds;
      } finally {
        this.renewal = undefined;
      }
    })();
    return this.renewal;
  }
}

function plain(c: TemporaryCredentials): Credentials {
  return { secretId: c.secretId, secretKey: c.secretKey, token: c.token };
}
