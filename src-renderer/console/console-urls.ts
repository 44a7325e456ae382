// Where the reconnect machine's console URLs come from, and the rules they obey (DESIGN.md §4):
// every attempt asks main for a fresh URL; every request counts against the 30-in-60-s budget; a
// URL is used once, and never when it arrives more than `maxUrlAgeMs` after it was requested (age
// is measured from our own request, an upper bound that needs no clock shared with main). One URL
// may be fetched ahead of a click (prefetch) and is thrown away unused after `maxUrlAgeMs`.
import { AttemptBudget } from './attempt-budget';
import type { Clock, IssuedConsoleUrl } from './connector';
import type { MetricsRecorder } from './reconnect-metrics';

export interface UrlRequest {
  promise: Promise<IssuedConsoleUrl>;
  requestedAt: number;
  /** Set once a prefetched URL has arrived, so a click can use it without waiting a microtask. */
  issued?: IssuedConsoleUrl;
}

export type UrlVerdict = 'usable' | 'invalid' | 'stale' | 'reused';

export interface ConsoleUrlOptions {
  maxUrlAgeMs: number;
  maxAttemptsPerWindow: number;
  attemptWindowMs: number;
}

const MAX_REMEMBERED_URLS = 4096;

export class ConsoleUrls {
  private readonly budget: AttemptBudget;
  private readonly used = new Set<string>();
  private prefetched: { request: UrlRequest; expiry: unknown } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly issueUrl: () => Promise<IssuedConsoleUrl>,
    private readonly options: ConsoleUrlOptions,
    private readonly metrics: MetricsRecorder,
    private readonly log: (event: string, detail?: Record<string, string | number>) => void,
  ) {
    this.budget = new AttemptBudget(options.maxAttemptsPerWindow, options.attemptWindowMs);
  }

  /** When the next request fits the budget (≥ now). */
  nextAllowedAt(now: number): number {
    return this.budget.nextAllowedAt(now);
  }

  /** Asks main for a URL now; the caller has checked the budget. */
  request(now: number): UrlRequest {
    this.budget.record(now);
    this.metrics.urlRequested(now);
    let promise: Promise<IssuedConsoleUrl>;
    try {
      promise = this.issueUrl();
    } catch (error) {
      promise = Promise.reject(error);
    }
    return { promise, requestedAt: now };
  }

  /** Fetches one URL ahead (pointer over Open), if none is held and the budget allows. */
  prefetch(now: number): void {
    if (this.prefetched || this.budget.nextAllowedAt(now) > now) return;
    const request = this.request(now);
    request.promise.then(
      (issued) => (request.issued = issued),
      () => {}, // an unused prefetch's failure is of no interest
    );
    const expiry = this.clock.setTimeout(() => {
      if (this.prefetched?.request !== request) return;
      this.prefetched = undefined;
      this.metrics.staleUrl();
      this.log('url-discarded', { why: 'prefetch-expired' });
    }, this.options.maxUrlAgeMs);
    this.prefetched = { request, expiry };
  }

  /** The prefetched request, if one is held and young enough; it is handed out once. */
  takePrefetched(now: number): UrlRequest | undefined {
    const held = this.prefetched;
    if (!held) return undefined;
    this.dropPrefetch();
    if (now - held.request.requestedAt > this.options.maxUrlAgeMs) {
      this.metrics.staleUrl();
      return undefined;
    }
    return held.request;
  }

  /** Whether an issued URL may be used now; a usable one is marked used, never to be used again. */
  judge(issued: IssuedConsoleUrl | undefined, requestedAt: number, now: number): UrlVerdict {
    if (!issued || typeof issued.url !== 'string' || issued.url === '') return 'invalid';
    const age = now - requestedAt;
    if (age > this.options.maxUrlAgeMs) {
      this.metrics.staleUrl();
      this.log('url-discarded', { why: 'stale', ageMs: age });
      return 'stale';
    }
    if (this.used.has(issued.url)) {
      this.metrics.duplicateUrl();
      this.log('url-discarded', { why: 'reused' });
      return 'reused';
    }
    this.used.add(issued.url);
    if (this.used.size > MAX_REMEMBERED_URLS) {
      const oldest = this.used.values().next().value;
      if (oldest !== undefined) this.used.delete(oldest);
    }
    this.metrics.urlUsed();
    return 'usable';
  }

  dispose(): void {
    this.dropPrefetch();
  }

  private dropPrefetch(): void {
    if (this.prefetched) this.clock.clearTimeout(this.prefetched.expiry);
    this.prefetched = undefined;
  }
}
