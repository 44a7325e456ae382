// Verifies the TC3-HMAC-SHA256 signature of an incoming request the way the real service does:
// the canonical headers are rebuilt from the headers actually received (any SignedHeaders set),
// against the Host header received and the service named in the credential scope.
// Uses the same signer as the client, so the two cannot drift apart.
import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { parseAuthorization, serviceFromHost, signTc3, utcDate } from '../cloud/signer';
import { ApiError } from './api-errors';

/** A key the simulator accepts. An STS credential also carries its token. */
export interface DemoCredential {
  secretId: string;
  secretKey: string;
  /** Set for temporary (STS) credentials: requests must send it as X-TC-Token. */
  token?: string;
  /** Epoch ms after which an STS credential is refused with AuthFailure.TokenFailure. */
  expiresAt?: number;
  /** The key's CAM policy: the `service:Action` patterns it may call (`*` wildcards); absent: all. */
  allow?: readonly string[];
}

/** ±5 minutes between X-TC-Timestamp and server time (reference §1). */
export const TIMESTAMP_WINDOW_S = 300;

export interface AuthInput {
  headers: IncomingHttpHeaders;
  body: Uint8Array;
  /** Server time, epoch ms. */
  nowMs: number;
  lookup(secretId: string): DemoCredential | undefined;
}

export type AuthResult =
  | { ok: true; secretId: string; service: string }
  | { ok: false; error: ApiError; /** Known once the header parsed; never the key. */ secretId?: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function verifyRequest(input: AuthInput): AuthResult {
  const fail = (code: string, message?: string, secretId?: string): AuthResult => ({
    ok: false,
    error: new ApiError(code, message),
    ...(secretId ? { secretId } : {}),
  });

  const raw = header(input.headers, 'authorization');
  if (!raw) return fail('AuthFailure.InvalidAuthorization', 'The Authorization header is missing.');
  const auth = parseAuthorization(raw);
  if (!auth)
    return fail(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is not a TC3-HMAC-SHA256 header.',
    );
  const { secretId } = auth;

  const tsText = header(input.headers, 'x-tc-timestamp');
  if (tsText === undefined) {
    return fail('MissingParameter', 'The request is missing a required parameter `Timestamp`.', secretId);
  }
  if (!/^\d{1,12}$/.test(tsText.trim())) {
    return fail('InvalidParameterValue', 'The value of `Timestamp` is not a Unix time in seconds.', secretId);
  }
  const timestamp = Number(tsText.trim());
  const nowS = Math.floor(input.nowMs / 1000);
  if (Math.abs(nowS - timestamp) > TIMESTAMP_WINDOW_S) {
    return fail(
      'AuthFailure.SignatureExpire',
      `Signature expired. Timestamp and server time cannot differ by more than 5 minutes (server time ${nowS}).`,
      secretId,
    );
  }

  const credential = input.lookup(secretId);
  if (!credential) return fail('AuthFailure.SecretIdNotFound', undefined, secretId);

  const signed = auth.signedHeaders;
  if (!signed.includes('content-type') || !signed.includes('host')) {
    return fail(
      'AuthFailure.InvalidAuthorization',
      'SignedHeaders must include content-type and host.',
      secretId,
    );
  }
  const host = header(input.headers, 'host') ?? '';
  // A real endpoint knows which service it is; a bare address (the demo) trusts the scope.
  if (/\.tencentcloudapi\.com$/i.test(host) && serviceFromHost(host) !== auth.service) {
    return fail('AuthFailure.SignatureFailure', undefined, secretId);
  }
  const signedValues: Record<string, string> = {};
  for (const name of signed) {
    const value = header(input.headers, name);
    if (value === undefined) return fail('AuthFailure.SignatureFailure', undefined, secretId);
    signedValues[name] = value;
  }

  let expected: string;
  try {
    expected = signTc3({
      method: 'POST',
      host,
      headers: signedValues,
      body: input.body,
      timestamp,
      service: auth.service,
      secretId,
      secretKey: credential.secretKey,
    }).signature;
  } catch {
    return fail('AuthFailure.SignatureFailure', undefined, secretId);
  }
  // The scope's date must be the UTC date of the timestamp; signTc3 derives it, so a client that
  // used its local date fails here exactly as it does against the real service.
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(auth.signature, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b) || auth.date !== utcDate(timestamp)) {
    return fail('AuthFailure.SignatureFailure', undefined, secretId);
  }

  if (credential.token !== undefined) {
    const token = header(input.headers, 'x-tc-token');
    if (token !== credential.token) return fail('AuthFailure.TokenFailure', undefined, secretId);
    if (credential.expiresAt !== undefined && input.nowMs > credential.expiresAt) {
      return fail('AuthFailure.TokenFailure', 'The token has expired.', secretId);
    }
  }
  return { ok: true, secretId, service: auth.service };
}
