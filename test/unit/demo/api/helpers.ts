// Test helpers: signed raw HTTP calls to the simulator with full control over every header
// (node:http, because fetch would not let a test choose the Host header).
import { request } from 'node:http';
import { signTc3 } from '../../../../src-main/cloud/signer';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: {
    Response: Record<string, unknown> & { Error?: { Code: string; Message: string }; RequestId: string };
  };
}

export function rawPost(
  port: number,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: RawResponse['json'];
          try {
            json = JSON.parse(text) as RawResponse['json'];
          } catch {
            json = { Response: { RequestId: '' } };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface CallOptions {
  action: string;
  params?: unknown;
  region?: string;
  version?: string;
  service?: string;
  host?: string;
  secretId: string;
  secretKey: string;
  token?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  contentType?: string;
  /** Header names (lower-case) to sign besides content-type and host. */
  alsoSign?: string[];
  /** Applied to the headers after signing (to tamper). */
  mutate?: (headers: Record<string, string>) => void;
  /** Replaces the body after signing (to tamper). */
  bodyOverride?: string;
}

/** Signs and sends one API call the way a correct client does. */
export function call(port: number, o: CallOptions): Promise<RawResponse> {
  const service = o.service ?? 'cvm';
  const host = o.host ?? `${service}.tencentcloudapi.com`;
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const body = JSON.stringify(o.params ?? {});
  const headers: Record<string, string> = {
    'content-type': o.contentType ?? 'application/json; charset=utf-8',
    host,
    'x-tc-action': o.action,
    'x-tc-version': o.version ?? (service === 'region' ? '2022-06-27' : '2017-03-12'),
    'x-tc-timestamp': String(timestamp),
  };
  if (o.region) headers['x-tc-region'] = o.region;
  if (o.token) headers['x-tc-token'] = o.token;
  const toSign: Record<string, string> = { 'content-type': headers['content-type'] as string, host };
  for (const name of o.alsoSign ?? []) toSign[name] = headers[name] ?? '';
  const signed = signTc3({
    method: 'POST',
    host,
    headers: toSign,
    body,
    timestamp,
    service,
    secretId: o.secretId,
    secretKey: o.secretKey,
  });
  headers['authorization'] = signed.authorization;
  o.mutate?.(headers);
  return rawPost(port, headers, o.bodyOverride ?? body);
}

export function errorCode(res: RawResponse): string | undefined {
  return res.json.Response.Error?.Code;
}
