// A local node:http stand-in for the Tencent Cloud API that verifies every request's TC3
// signature with the official SDK's signer, then lets each test decide the answer.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sdkAuthorization } from './sdk-signer';

export interface ApiRequest {
  action: string;
  version: string;
  region: string | undefined;
  service: string;
  timestamp: number;
  token: string | undefined;
  params: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export type ApiAnswer =
  | { fields: Record<string, unknown> }
  | { error: string; message?: string }
  | { raw: string; status?: number; contentType?: string }
  | { hang: true };

export interface SignedApiServer {
  endpoint: string;
  /** Every request that reached the server, verified or not. */
  log: Array<{ verified: boolean; action: string; why?: string }>;
  /** Server clock offset from the real one (ms): for the clock-skew scenario. */
  skewMs: number;
  close(): Promise<void>;
}

export async function startSignedApiServer(
  keys: Record<string, string>,
  handle: (req: ApiRequest) => ApiAnswer | Promise<ApiAnswer>,
): Promise<SignedApiServer> {
  const state: SignedApiServer = {
    endpoint: '',
    log: [],
    skewMs: 0,
    close: async () => {},
  };

  function send(res: ServerResponse, status: number, body: string, contentType = 'application/json') {
    // The Date header carries the (possibly skewed) server clock, as Tencent's does.
    res.writeHead(status, {
      'Content-Type': contentType,
      Date: new Date(Date.now() + state.skewMs).toUTCString(),
    });
    res.end(body);
  }
  function sendError(res: ServerResponse, code: string, message: string) {
    send(
      res,
      200,
      JSON.stringify({
        Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() },
      }),
    );
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const h = req.headers;
    const action = String(h['x-tc-action'] ?? '');
    const auth = String(h['authorization'] ?? '');
    const m = /Credential=([^/]+)\/\d{4}-\d{2}-\d{2}\/([^/]+)\/tc3_request/.exec(auth);
    const secretId = m?.[1] ?? '';
    const service = m?.[2] ?? '';
    const timestamp = Number(h['x-tc-timestamp']);
    const secretKey = keys[secretId];
    if (req.method !== 'POST' || !secretKey) {
      state.log.push({ verified: false, action, why: 'unknown key or method' });
      return sendError(res, 'AuthFailure.SecretIdNotFound', 'unknown SecretId');
    }
    const expected = sdkAuthorization({
      url: `http://${h.host}/`,
      contentType: String(h['content-type']),
      body,
      timestamp,
      service,
      secretId,
      secretKey,
    });
    if (expected !== auth) {
      state.log.push({ verified: false, action, why: 'signature mismatch' });
      return sendError(res, 'AuthFailure.SignatureFailure', 'signature mismatch');
    }
    if (Math.abs(Date.now() + state.skewMs - timestamp * 1000) > 300_000) {
      state.log.push({ verified: true, action, why: 'expired' });
      return sendError(res, 'AuthFailure.SignatureExpire', 'signature expired');
    }
    state.log.push({ verified: true, action });
    const answer = await handle({
      action,
      version: String(h['x-tc-version'] ?? ''),
      region: h['x-tc-region'] === undefined ? undefined : String(h['x-tc-region']),
      service,
      timestamp,
      token: h['x-tc-token'] === undefined ? undefined : String(h['x-tc-token']),
      params: JSON.parse(body.toString('utf8')) as Record<string, unknown>,
      headers: h,
    });
    if ('hang' in answer) return; // never answer; the client's timeout must fire
    if ('raw' in answer) return send(res, answer.status ?? 200, answer.raw, answer.contentType);
    if ('error' in answer) return sendError(res, answer.error, answer.message ?? answer.error);
    send(res, 200, JSON.stringify({ Response: { ...answer.fields, RequestId: randomUUID() } }));
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch(() => send(res, 500, 'test server error', 'text/plain'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.endpoint = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
