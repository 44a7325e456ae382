// The console URL from DescribeInstanceVncUrl: decode it exactly once, check where it points,
// read its hints. Shared with the console broker, which re-checks every URL it hands out.
// Errors never contain the URL: its `s` token opens the console.
import { localError } from './errors';

/** Tencent's console gateway domains (and their subdomains) where `wss:` URLs are accepted. */
export const TENCENT_CONSOLE_DOMAINS: readonly string[] = [
  'qcloud.com',
  'tencentcloudapi.com',
  'tencentcloud.com',
  'tencent.com',
];

export interface ConsoleHostPolicy {
  /** `wss:` is accepted on these domains and any subdomain of them. */
  secureDomains: readonly string[];
  /** Exact host names (any port) where `ws:` or `wss:` is accepted: the configured endpoint's host. */
  endpointHosts: readonly string[];
}

export interface VncHints {
  password?: string;
  isWindows?: boolean;
  isUbuntu?: boolean;
}

export interface ParsedVncUrl {
  /** The decoded URL exactly as Tencent built it: never re-serialised, so `+` in the token survives. */
  url: string;
  hints: VncHints;
}

/** Tencent's gateways always; the configured endpoint's host too when there is one. */
export function consoleHostPolicy(endpointHostname?: string): ConsoleHostPolicy {
  return {
    secureDomains: TENCENT_CONSOLE_DOMAINS,
    endpointHosts: endpointHostname ? [endpointHostname.toLowerCase()] : [],
  };
}

function reject(detail: string): never {
  throw localError('server', 'UnexpectedConsoleUrl', 'cloud.error.server.consoleUrl', detail);
}

function onDomain(hostname: string, domain: string): boolean {
  return hostname === domain || hostname.endsWith(`.${domain}`);
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

export function parseVncUrl(raw: string, policy: ConsoleHostPolicy): ParsedVncUrl {
  if (typeof raw !== 'string' || raw.trim() === '') reject('It is empty.');
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
  if (url.username || url.password) reject('It contains a user name or password.');
  const hostname = url.hostname.toLowerCase();
  const viaEndpoint = policy.endpointHosts.includes(hostname);
  if (url.protocol === 'ws:') {
    if (!viaEndpoint) reject(`It uses unencrypted ws: on host "${hostname}".`);
  } else if (url.protocol === 'wss:') {
    if (!viaEndpoint && !policy.secureDomains.some((d) => onDomain(hostname, d))) {
      reject(`Its host "${hostname}" is not a Tencent Cloud console gateway.`);
    }
  } else {
    reject('It is not a ws:// or wss:// URL.');
  }
  const params = queryParams(url.search);
  const hints: VncHints = {};
  const password = params.get('password');
  if (password) hints.password = password;
  const isWindows = parseBool(params.get('isWindows'));
  if (isWindows !== undefined) hints.isWindows = isWindows;
  const isUbuntu = parseBool(params.get('isUbuntu'));
  if (isUbuntu !== undefined) hints.isUbuntu = isUbuntu;
  return { url: decoded, hints };
}
