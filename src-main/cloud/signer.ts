// TC3-HMAC-SHA256 (Tencent Cloud API 3.0 signature v3) as a pure function.
// The demo cloud's simulator verifies requests with the same function, so signing and
// verifying can never drift apart. Reference: shared/reference/tencent-cloud-api.md §1.
import { createHash, createHmac } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export interface SignInput {
  method: 'POST';
  /**
   * e.g. 'cvm.tencentcloudapi.com'; must equal the `host` header (case-insensitive, port ignored).
   * A port (`127.0.0.1:8080`) is allowed and is NOT signed: like the official SDK (which signs
   * `URL.hostname`), the canonical host is the hostname alone, so a server on a non-default port can
   * verify the Host header exactly as received.
   */
  host: string;
  /** Exactly the headers to sign, name -> value; must include content-type and host (any case). */
  headers: Record<string, string>;
  /** The exact bytes sent; a string is UTF-8 encoded. */
  body: Uint8Array | string;
  /** Unix seconds, the same value sent as X-TC-Timestamp. */
  timestamp: number;
  /** 'cvm', 'region', ... (the first label of the host). */
  service: string;
  secretId: string;
  secretKey: string;
}

export interface SignOutput {
  authorization: string;
  signature: string;
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
  date: string;
  credentialScope: string;
}

export interface ParsedAuthorization {
  algorithm: string;
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Uint8Array | string, msg: string): Buffer {
  return createHmac('sha256', key).update(msg, 'utf8').digest();
}

/** The UTC date (YYYY-MM-DD) of a unix timestamp: the server scopes keys by UTC, not local, days. */
export function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** First label of the host: 'cvm' for both cvm.tencentcloudapi.com and cvm.ap-seoul.tencentcloudapi.com. */
export function serviceFromHost(host: string): string {
  return host.trim().toLowerCase().split('.')[0] ?? '';
}

/** 'Example.com:8080' -> 'example.com', '[::1]:80' -> '[::1]': the host as the SDK signs it. */
export function canonicalHost(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end === -1 ? h : h.slice(0, end + 1);
  }
  const colon = h.indexOf(':');
  // More than one colon without brackets is a bare IPv6 address: leave it alone.
  return colon === -1 || h.indexOf(':', colon + 1) !== -1 ? h : h.slice(0, colon);
}

function canonicalHeaders(input: SignInput): { canonical: string; signed: string } {
  const entries = new Map<string, string>();
  for (const [name, value] of Object.entries(input.headers)) {
    const key = name.trim().toLowerCase();
    if (entries.has(key)) throw new Error(`signTc3: header "${key}" given twice`);
    entries.set(key, key === 'host' ? canonicalHost(String(value)) : String(value).trim().toLowerCase());
  }
  for (const required of ['content-type', 'host']) {
    if (!entries.has(required)) throw new Error(`signTc3: the "${required}" header must be signed`);
  }
  if (entries.get('host') !== canonicalHost(input.host)) {
    throw new Error('signTc3: the host header differs from the host being signed for');
  }
  const names = [...entries.keys()].sort();
  return {
    canonical: names.map((n) => `${n}:${entries.get(n)}\n`).join(''),
    signed: names.join(';'),
  };
}

export function signTc3(input: SignInput): SignOutput {
  if (input.method !== 'POST') throw new Error('signTc3: only POST is supported');
  if (!Number.isInteger(input.timestamp) || input.timestamp < 0) {
    throw new Error('signTc3: timestamp must be a non-negative integer of unix seconds');
  }
  const { canonical, signed } = canonicalHeaders(input);
  const canonicalRequest = [
    input.method,
    '/',
    '', // the canonical query string is empty for POST
    canonical,
    signed,
    sha256Hex(input.body),
  ].join('\n');
  const date = utcDate(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [
    TC3_ALGORITHM,
    String(input.timestamp),
    credentialScope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const secretDate = hmac(`TC3${input.secretKey}`, date);
  const secretService = hmac(secretDate, input.service);
  const secretSigning = hmac(secretService, 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
  const authorization =
    `${TC3_ALGORITHM} Credential=${input.secretId}/${credentialScope}, ` +
    `SignedHeaders=${signed}, Signature=${signature}`;
  return {
    authorization,
    signature,
    signedHeaders: signed,
    canonicalRequest,
    stringToSign,
    date,
    credentialScope,
  };
}

const AUTH_RE =
  /^(\S+)\s+Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/,\s]+)\/tc3_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})$/;

/** Splits an Authorization header into its parts; null when it is not a well-formed TC3 header. */
export function parseAuthorization(header: string): ParsedAuthorization | null {
  const m = AUTH_RE.exec(header.trim());
  if (!m) return null;
  const [, algorithm, secretId, date, service, signedHeaders, signature] = m;
  if (algorithm !== TC3_ALGORITHM || !secretId || !date || !service || !signedHeaders || !signature)
    return null;
  const names = signedHeaders.split(';');
  if (names.some((n) => n === '')) return null;
  return { algorithm, secretId, date, service, signedHeaders: names, signature };
}
