// What every API client (CVM, STS) builds from its options: the site, the endpoint that replaces
// Tencent's hosts (if any) and the transport with its defaults. One place, so the clients agree.
import type { Endpoint, Site } from './endpoints';
import { endpointFromEnv, parseEndpoint } from './endpoints';
import { invalid } from './inputs';
import type { RateLimiterRegistry } from './rate-limiter';
import { sharedRateLimiter } from './rate-limiter';
import type { CredentialsProvider, FetchLike, LanguageOption, Transport } from './transport';
import { createTransport } from './transport';

export interface ApiClientOptions {
  /** Asked before every call, so keys can change (or be renewed) between calls. */
  credentials: CredentialsProvider;
  site?: Site;
  /** Base URL replacing Tencent's hosts for every call; default: $CVM_CONSOLE_API_ENDPOINT, else none. */
  endpoint?: string;
  /** Default: global fetch. The app passes Electron's net.fetch. */
  fetch?: FetchLike;
  /** Epoch ms. Default Date.now. */
  now?: () => number;
  /** X-TC-Language of every call: fixed, or a function asked before each call (the app's language). */
  language?: LanguageOption;
  /** Per-attempt timeout, ms. Default 10 000. */
  timeoutMs?: number;
  /** Backoff sleep; tests inject an instant one. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Default: the process-wide registry, so every client shares Tencent's limits. */
  rateLimiter?: RateLimiterRegistry;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ClientSetup {
  site: Site;
  endpoint: Endpoint | undefined;
  transport: Transport;
}

export function setUpClient(options: ApiClientOptions): ClientSetup {
  const site: Site = options.site ?? 'china';
  if (site !== 'china' && site !== 'intl') throw invalid('InvalidInput.Site', 'cloud.error.input.request');
  const rawEndpoint = options.endpoint ?? endpointFromEnv(process.env);
  const endpoint = rawEndpoint === undefined ? undefined : parseEndpoint(rawEndpoint);
  const transport = createTransport({
    credentials: options.credentials,
    site,
    endpoint,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    now: options.now ?? Date.now,
    language: options.language,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    rateLimiter: options.rateLimiter ?? sharedRateLimiter,
  });
  return { site, endpoint, transport };
}
