// A scripted stand-in for fetch: records every request and answers through a handler.
import { createHash } from 'node:crypto';
import type { FetchLike, FetchResponseLike } from '../../../../src-main/cloud/transport';

/** A RequestId of Tencent's shape (a UUID), the same for the same label: `rid('t')`. */
export function rid(label: string): string {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface RecordedRequest {
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  bodyBytes: Uint8Array;
  body: string;
  json: Record<string, unknown>;
  action: string;
  signal: AbortSignal;
}

export type Reply =
  | {
      status?: number;
      headers?: Record<string, string>;
      json?: unknown;
      text?: string;
      /** A body streamed chunk by chunk (endless, huge) instead of `text`/`json`. */
      stream?: ReadableStream<Uint8Array>;
    }
  | { networkError: string }
  /** fetch rejects with exactly this error. */
  | { reject: Error }
  /** fetch resolves with exactly this (e.g. an opaque redirect, which `new Response` cannot make). */
  | { response: FetchResponseLike }
  | { hang: true };

export function apiOk(fields: Record<string, unknown>, requestId = rid('ok')): Reply {
  return { json: { Response: { ...fields, RequestId: requestId } } };
}

export function apiErr(
  code: string,
  message = 'error',
  requestId = rid('err'),
  headers?: Record<string, string>,
): Reply {
  return {
    json: { Response: { Error: { Code: code, Message: message }, RequestId: requestId } },
    ...(headers ? { headers } : {}),
  };
}

export function fakeFetch(handler: (req: RecordedRequest) => Reply | Promise<Reply>) {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(init.headers)) headers[k.toLowerCase()] = v;
    const body = new TextDecoder().decode(init.body);
    const req: RecordedRequest = {
      url,
      headers,
      bodyBytes: init.body,
      body,
      json: JSON.parse(body) as Record<string, unknown>,
      action: headers['x-tc-action'] ?? '',
      signal: init.signal,
    };
    requests.push(req);
    const reply = await handler(req);
    if ('hang' in reply) {
      return new Promise((_, reject) => {
        init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    if ('reject' in reply) throw reply.reject;
    if ('response' in reply) return reply.response;
    if ('networkError' in reply) {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error(reply.networkError), { code: reply.networkError }),
      });
    }
    const payload = reply.stream ?? reply.text ?? JSON.stringify(reply.json);
    const status = reply.status ?? 200;
    // A 304 may not carry a body.
    return new Response(status === 304 ? null : payload, { status, headers: reply.headers ?? {} });
  };
  return { fetch, requests };
}
