// One signed API 3.0 call: rate limit, sign, POST with a timeout, parse, classify, retry.
// Knows nothing about CVM actions; the client builds on `call`.
import type { z } from 'zod';
import type { Endpoint, Service, Site } from './endpoints';
import { tencentHost } from './endpoints';
import { CloudError, apiError, localError } from './errors';
import type { RateLimiterRegistry } from './rate-limiter';
import { THROTTLE_RETRY_AFTER_MS, MAX_RETRIES, backoffMs, isRetryable } from './retry';
import { describeIssues, envelopeSchema } from './schemas';
import { signTc3 } from './signer';

export interface Credentials {
  secretId: string;
  secretKey: string;
  /** STS session token; only for temporary credentials. */
  token?: string;
}
export type CredentialsProvider = () => Promise<Credentials>;

export type Language = 'zh-CN' | 'en-US';

/** The part of a fetch Response the client reads: global fetch and Electron's net.fetch both fit. */
export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: Uint8Array; signal: AbortSignal },
) => Promise<FetchResponseLike>;

export interface TransportOptions {
  credentials: CredentialsProvider;
  site: Site;
  endpoint: Endpoint | undefined;
  fetch: FetchLike;
  /** Epoch ms. */
  now: () => number;
  language: Language | undefined;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  rateLimiter: RateLimiterRegistry;
}

export interface CallSpec<S extends z.ZodType> {
  service: Service;
  version: string;
  action: string;
  /** Sent as X-TC-Region; omitted for region-less calls such as DescribeRegions. */
  region?: string;
  params: Record<string, unknown>;
  /** Read-only calls may be retried after network errors and 5xx; mutations may not. */
  readOnly: boolean;
  schema: S;
}

export interface CallResult<T> {
  data: T;
  requestId: string;
  /** Epoch ms (unadjusted `now`) when the successful attempt was sent. */
  sentAt: number;
}

export interface Transport {
  call<S extends z.ZodType>(spec: CallSpec<S>): Promise<CallResult<z.output<S>>>;
  /** Server clock minus local clock (ms), learnt from AuthFailure.SignatureExpire; 0 until then. */
  clockOffsetMs(): number;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';
const encoder = new TextEncoder();

// Keys are printable ASCII; the SecretId and token go into headers, where a comma, slash or
// control character would break the Authorization syntax or make fetch echo the value in an error.
const SECRET_ID_RE = /^[\x21-\x7e]{1,256}$/;
const SECRET_ID_FORBIDDEN = /[,/;=]/;
const SECRET_RE = /^[\x21-\x7e]{1,4096}$/;

async function loadCredentials(provider: CredentialsProvider): Promise<Credentials> {
  let creds: Credentials;
  try {
    creds = await provider();
  } catch (err) {
    if (err instanceof CloudError) throw err;
    // The provider's own error may quote anything; it is not passed on.
    throw localError('auth', 'CredentialsUnavailable', 'cloud.error.auth.credentialsUnavailable');
  }
  const ok =
    typeof creds?.secretId === 'string' &&
    SECRET_ID_RE.test(creds.secretId) &&
    !SECRET_ID_FORBIDDEN.test(creds.secretId) &&
    typeof creds.secretKey === 'string' &&
    SECRET_RE.test(creds.secretKey) &&
    (creds.token === undefined ||
      creds.token === '' ||
      (typeof creds.token === 'string' && SECRET_RE.test(creds.token)));
  if (!ok) throw localError('auth', 'CredentialsInvalid', 'cloud.error.auth.credentialsInvalid');
  return creds;
}

/** A safe word about why fetch failed: the errno-like code of its cause, never its message. */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code ?? (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? ` (${code})` : '';
}

type Attempt<T> =
  { ok: true; result: CallResult<T> } | { ok: false; error: CloudError; serverDateMs?: number };

export function createTransport(options: TransportOptions): Transport {
  let clockOffsetMs = 0;

  async function attempt<S extends z.ZodType>(
    spec: CallSpec<S>,
    creds: Credentials,
    body: Uint8Array,
  ): Promise<Attempt<z.output<S>>> {
    const host = options.endpoint?.host ?? tencentHost(options.site, spec.service, spec.region);
    const url = options.endpoint ? `${options.endpoint.origin}/` : `https://${host}/`;
    const sentAt = options.now();
    const timestamp = Math.floor((sentAt + clockOffsetMs) / 1000);
    const signed = signTc3({
      method: 'POST',
      host,
      headers: { 'content-type': CONTENT_TYPE, host },
      body,
      timestamp,
      service: spec.service,
      secretId: creds.secretId,
      secretKey: creds.secretKey,
    });
    const headers: Record<string, string> = {
      Authorization: signed.authorization,
      'Content-Type': CONTENT_TYPE,
      'X-TC-Action': spec.action,
      'X-TC-Version': spec.version,
      'X-TC-Timestamp': String(timestamp),
    };
    if (spec.region) headers['X-TC-Region'] = spec.region;
    if (creds.token) headers['X-TC-Token'] = creds.token;
    if (options.language) headers['X-TC-Language'] = options.language;

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    let status: number;
    let text: string;
    let dateHeader: string | null;
    try {
      const res = await options.fetch(url, { method: 'POST', headers, body, signal: controller.signal });
      status = res.status;
      dateHeader = res.headers.get('date');
      text = await res.text();
    } catch (err) {
      const error = timedOut
        ? localError(
            'network',
            'RequestTimeout',
            'cloud.error.network.timeout',
            `(${spec.action} on ${host})`,
          )
        : localError(
            'network',
            'NetworkError',
            'cloud.error.network.failed',
            `(${host}${networkCause(err)})`,
          );
      return { ok: false, error };
    } finally {
      clearTimeout(timer);
    }

    let json: unknown;
    let jsonOk = true;
    try {
      json = JSON.parse(text);
    } catch {
      jsonOk = false;
    }
    const envelope = jsonOk ? envelopeSchema.safeParse(json) : undefined;
    const response = envelope?.success ? envelope.data.Response : undefined;
    const requestId = response?.RequestId;
    if (response?.Error) {
      const error = apiError(response.Error.Code, response.Error.Message ?? '', requestId, [
        creds.secretKey,
        creds.token,
      ]);
      const serverDateMs = dateHeader ? Date.parse(dateHeader) : NaN;
      return { ok: false, error, ...(Number.isFinite(serverDateMs) ? { serverDateMs } : {}) };
    }
    if (status < 200 || status > 299) {
      const error = localError(
        'server',
        `HttpStatus.${status}`,
        'cloud.error.server.http',
        `(${spec.action}: HTTP ${status})`,
        requestId ? { requestId } : {},
      );
      return { ok: false, error };
    }
    if (!response) {
      const why = !jsonOk
        ? 'not JSON'
        : envelope && !envelope.success
          ? describeIssues(envelope.error)
          : 'empty';
      return { ok: false, error: malformed(spec.action, why) };
    }
    const parsed = spec.schema.safeParse(response);
    if (!parsed.success) {
      return { ok: false, error: malformed(spec.action, describeIssues(parsed.error), response.RequestId) };
    }
    return { ok: true, result: { data: parsed.data, requestId: response.RequestId, sentAt } };
  }

  async function call<S extends z.ZodType>(spec: CallSpec<S>): Promise<CallResult<z.output<S>>> {
    const creds = await loadCredentials(options.credentials);
    const body = encoder.encode(JSON.stringify(spec.params));
    let retries = 0;
    let clockFixed = false;
    for (;;) {
      await options.rateLimiter.acquire(creds.secretId, spec.service, spec.action);
      const outcome = await attempt(spec, creds, body);
      if (outcome.ok) return outcome.result;
      const { error } = outcome;
      if (error.kind === 'clock') {
        if (clockFixed || outcome.serverDateMs === undefined) throw error;
        // The server's Date header is its clock; correct our timestamps by the difference, once.
        clockOffsetMs = outcome.serverDateMs - options.now();
        clockFixed = true;
        continue;
      }
      if (retries < MAX_RETRIES && isRetryable(error, spec.readOnly)) {
        retries += 1;
        await options.sleep(backoffMs(retries, options.random));
        continue;
      }
      if (error.kind === 'throttled') throw withRetryAfter(error, THROTTLE_RETRY_AFTER_MS);
      throw error;
    }
  }

  return { call, clockOffsetMs: () => clockOffsetMs };
}

function malformed(action: string, why: string, requestId?: string): CloudError {
  return localError(
    'server',
    'MalformedResponse',
    'cloud.error.server.malformed',
    `(${action}: ${why})`,
    requestId ? { requestId } : {},
  );
}

function withRetryAfter(error: CloudError, retryAfterMs: number): CloudError {
  return new CloudError({
    kind: error.kind,
    code: error.code,
    messageKey: error.messageKey,
    message: error.message,
    retryAfterMs,
    ...(error.requestId ? { requestId: error.requestId } : {}),
  });
}
