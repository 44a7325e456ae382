// A scripted stand-in for fetch: records every request and answers through a handler.
import type { FetchLike } from '../../../../src-main/cloud/transport';

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
  | { status?: number; headers?: Record<string, string>; json?: unknown; text?: string }
  | { networkError: string }
  | { hang: true };

export function apiOk(fields: Record<string, unknown>, requestId = 'req-ok'): Reply {
  return { json: { Response: { ...fields, RequestId: requestId } } };
}

export function apiErr(
  code: string,
  message = 'error',
  requestId = 'req-err',
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
    if ('networkError' in reply) {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error(reply.networkError), { code: reply.networkError }),
      });
    }
    const text = reply.text ?? JSON.stringify(reply.json);
    return new Response(text, { status: reply.status ?? 200, headers: reply.headers ?? {} });
  };
  return { fetch, requests };
}
