// One signed API 3.0 call: rate limit, sign, POST with a timeout, parse, classify, retry.
// Knows nothing about CVM actions; the client builds on `call`.
import type { z } from 'zod';
import type { Endpoint, Service, Site } from './endpoints';
import { tencentHost } from './endpoints';
import { CloudError, apiError, localError, safeRequestId } from './errors';
import { parseResponseJson } from './response-json';
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
/** X-TC-Language: fixed, or asked before each call so it follows the app's language as it changes. */
export type LanguageOption = Language | (() => Language);

/** The part of a fetch Response the client reads: global fetch and Electron's net.fetch both fit. */
export interface FetchResponseLike {
  status: number;
  /** 'opaqueredirect' is how a browser-style fetch reports a redirect it did not follow (status 0). */
  type?: string;
  headers: { get(name: string): string | null };
  /** Read as a stream, so a huge or endless body can be cut off. */
  body: ReadableStream<Uint8Array> | null;
}
export type FetchLike = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: Uint8Array;
    signal: AbortSignal;
    // Never follow: a redirect would carry X-TC-Token and the signature to wherever it points.
    redirect: 'manual';
  },
) => Promise<FetchResponseLike>;

export interface TransportOptions {
  credentials: CredentialsProvider;
  site: Site;
  endpoint: Endpoint | undefined;
  fetch: FetchLike;
  /** Epoch ms. */
  now: () => number;
  /** Names Tencent translates (DescribeRegions' RegionName) and its messages come in this language. */
  language: LanguageOption | undefined;
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

/** Decoded bytes read from one response at most. A page of 100 instances is about 200 kB. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/**
 * The largest clock correction a Date header may cause. A clock further off than this breaks TLS
 * certificate checks anyway; a Date further off is a lie (or a broken server), not a correction.
 */
export const MAX_CLOCK_CORRECTION_MS = 24 * 60 * 60 * 1000;

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

const TOO_LARGE = Symbol('too large');

/** The body as text, or TOO_LARGE as soon as more than MAX_RESPONSE_BYTES arrive (decoded). */
async function readCapped(res: FetchResponseLike): Promise<string | typeof TOO_LARGE> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > MAX_RESPONSE_BYTES) {
    void res.body?.cancel().catch(() => {});
    return TOO_LARGE;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      void reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function isRedirect(res: FetchResponseLike): boolean {
  return res.type === 'opaqueredirect' || res.status === 0 || (res.status >= 300 && res.status <= 399);
}

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
    let signed;
    try {
      signed = signTc3({
        method: 'POST',
        host,
        headers: { 'content-type': CONTENT_TYPE, host },
        body,
        timestamp,
        service: spec.service,
        secretId: creds.secretId,
        secretKey: creds.secretKey,
      });
    } catch {
      // Only a time no date can be made of fails here (the rest was checked before). Forget any
      // correction, so the next call starts from the local clock again instead of failing forever.
      clockOffsetMs = 0;
      return {
        ok: false,
        error: localError('clock', 'ClockUnusable', 'cloud.error.clockUnusable', `(${spec.action})`),
      };
    }
    const headers: Record<string, string> = {
      Authorization: signed.authorization,
      'Content-Type': CONTENT_TYPE,
      'X-TC-Action': spec.action,
      'X-TC-Version': spec.version,
      'X-TC-Timestamp': String(timestamp),
    };
    if (spec.region) headers['X-TC-Region'] = spec.region;
    if (creds.token) headers['X-TC-Token'] = creds.token;
    const language = typeof options.language === 'function' ? options.language() : options.language;
    if (language) headers['X-TC-Language'] = language;

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
      const res = await options.fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      status = res.status;
      if (isRedirect(res)) {
        controller.abort();
        return { ok: false, error: redirected(spec.action, status) };
      }
      dateHeader = res.headers.get('date');
      const read = await readCapped(res);
      if (read === TOO_LARGE) {
        controller.abort();
        const error = localError(
          'server',
          'ResponseTooLarge',
          'cloud.error.server.tooLarge',
          `(${spec.action}: more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB)`,
        );
        return { ok: false, error };
      }
      text = read;
    } catch (err) {
      // Older Electron net.fetch rejects a redirect under redirect: 'manual' instead of returning it.
      if (!timedOut && /redirect/i.test(String((err as Error | null)?.message))) {
        return { ok: false, error: redirected(spec.action, 0) };
      }
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

    // Every string the server sent is scrubbed of our secrets before anything reads it, so an
    // echoed SecretKey or token cannot travel on in a code, a RequestId, a name or a URL.
    const secrets = [creds.secretKey, creds.token];
    const parsedJson = parseResponseJson(text, secrets);
    const envelope = parsedJson.ok ? envelopeSchema.safeParse(parsedJson.value) : undefined;
    const response = envelope?.success ? envelope.data.Response : undefined;
    const requestId = response ? safeRequestId(response.RequestId) : undefined;
    if (response?.Error) {
      const error = apiError(response.Error.Code, response.Error.Message ?? '', requestId, secrets);
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
      const why = !parsedJson.ok
        ? parsedJson.why
        : envelope && !envelope.success
          ? describeIssues(envelope.error)
          : 'empty';
      return { ok: false, error: malformed(spec.action, why) };
    }
    const parsed = spec.schema.safeParse(response);
    if (!parsed.success) {
      return { ok: false, error: malformed(spec.action, describeIssues(parsed.error), requestId) };
    }
    return { ok: true, result: { data: parsed.data, requestId: requestId ?? '', sentAt } };
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
        // The server's Date header is its clock; correct our timestamps by the difference, once,
        // and only by a plausible amount (a Date of 1900 would make every later call unsignable).
        const offset = outcome.serverDateMs - options.now();
        if (!(Math.abs(offset) <= MAX_CLOCK_CORRECTION_MS)) throw error;
        clockOffsetMs = offset;
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

function redirected(action: string, status: number): CloudError {
  return localError(
    'server',
    'HttpRedirect',
    'cloud.error.server.redirect',
    `(${action}: HTTP ${status || 'redirect'})`,
  );
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
