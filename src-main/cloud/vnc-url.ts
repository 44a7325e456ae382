// The console URL from DescribeInstanceVncUrl: decode it exactly once, check where it points,
// read its hints. This is the only check: the console broker hands on what this accepted.
// Where a URL may point comes from console-gateways.ts, the list the window's CSP is built from.
// Errors never contain the URL or its host: its `s` token opens the console, and a hostile
// server could put anything into the host.
import type { Endpoint } from './endpoints';
import { localError } from './errors';
import { LOOPBACK_GATEWAY_HOST, isTencentGatewayHost, normalizeHostname } from './console-gateways';

/** Real console URLs are about 250 characters; anything near this is not one. */
export const MAX_CONSOLE_URL_LENGTH = 4096;

export interface ConsoleHostPolicy {
  /**
   * `ws:` to the loopback gateway is accepted on these ports only: the API endpoint's own port
   * when that endpoint is on this computer (the demo cloud serves API and gateway on one port).
   * Tencent's gateways (`wss:`) are always accepted.
   */
  loopbackPorts: readonly number[];
}

export interface VncHints {
  password?: string;
  isWindows?: boolean;
  isUbuntu?: boolean;
}

export interface ParsedVncUrl {
  /**
   * The decoded URL as Tencent built it: never re-serialised, so `+` in the token survives. Only a
   * trailing dot after the host name is dropped (the window's CSP would not match it).
   */
  url: string;
  hints: VncHints;
}

export function consoleHostPolicy(endpoint?: Pick<Endpoint, 'port' | 'loopback'>): ConsoleHostPolicy {
  return { loopbackPorts: endpoint?.loopback ? [endpoint.port] : [] };
}

function reject(detail: string): never {
  throw localError('server', 'UnexpectedConsoleUrl', 'cloud.error.server.consoleUrl', detail);
}

/** Percent-decodes once, or takes an already-decoded value as is. */
function decodeOnce(raw: string): string {
  const value = raw.trim();
  if (/^wss?:\/\//i.test(value)) return value;
  if (!/^wss?%3A%2F%2F/i.test(value)) reject('It is not a ws:// or wss:// URL.');
  try {
    return decodeURIComponent(value);
  } catch {
    return reject('It is not validly percent-encoded.');
  }
}

function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;
}

/** Reads query parameters without form decoding (`+` is not a space here). */
function queryParams(search: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    let value: string;
    try {
      value = decodeURIComponent(rawValue);
    } catch {
      value = rawValue;
    }
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

// `scheme://host[:port]` written plainly: letters, digits, dots and hyphens, no user info, no
// brackets, no percent-escapes. Anything else could be read differently by Node and Chromium.
const AUTHORITY_RE = /^(wss?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)(?::(\d{1,5}))?(?=[/?]|$)/i;

export function parseVncUrl(raw: string, policy: ConsoleHostPolicy): ParsedVncUrl {
  if (typeof raw !== 'string' || raw.trim() === '') reject('It is empty.');
  if (raw.length > MAX_CONSOLE_URL_LENGTH) reject(`It is longer than ${MAX_CONSOLE_URL_LENGTH} characters.`);
  const decoded = decodeOnce(raw);
  // Control characters or spaces would be silently dropped or escaped by URL parsers.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(decoded)) reject('It contains spaces or control characters.');
  let url: URL;
  try {
    url = new URL(decoded);
  } catch {
    return reject('It is not a valid URL.');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') reject('It is not a ws:// or wss:// URL.');
  if (url.username || url.password) reject('It contains a user name or password.');
  // `new WebSocket()` throws on any fragment, even an empty one.
  if (decoded.includes('#')) reject('It contains a fragment (#), which a WebSocket URL cannot have.');
  if (decoded.includes('\\')) reject('It contains a backslash.');
  const authority = AUTHORITY_RE.exec(decoded);
  const writtenHost = authority?.[2] ?? '';
  if (!authority || normalizeHostname(writtenHost) !== normalizeHostname(url.hostname)) {
    reject('Its host is not written as a plain host name.');
  }
  const hostname = normalizeHostname(url.hostname);
  if (isTencentGatewayHost(hostname)) {
    if (url.protocol !== 'wss:') reject('It uses unencrypted ws: to a Tencent Cloud gateway.');
  } else if (hostname === LOOPBACK_GATEWAY_HOST) {
    const port = url.port ? Number(url.port) : 80;
    if (url.protocol !== 'ws:' || !policy.loopbackPorts.includes(port)) {
      reject('It points at this computer, but not at the demo cloud this profile uses.');
    }
  } else {
    reject('Its host is not a Tencent Cloud console gateway.');
  }
  const params = queryParams(url.search);
  const hints: VncHints = {};
  const password = params.get('password');
  if (password) hints.password = password;
  const isWindows = parseBool(params.get('isWindows'));
  if (isWindows !== undefined) hints.isWindows = isWindows;
  const isUbuntu = parseBool(params.get('isUbuntu'));
  if (isUbuntu !== undefined) hints.isUbuntu = isUbuntu;
  // `wss://gzvnc.qcloud.com./…` is the same host; CSP host matching does not know that.
  const hostEnd = `${url.protocol}//`.length + writtenHost.length;
  const clean = writtenHost.endsWith('.')
    ? `${decoded.slice(0, hostEnd - 1)}${decoded.slice(hostEnd)}`
    : decoded;
  return { url: clean, hints };
}
