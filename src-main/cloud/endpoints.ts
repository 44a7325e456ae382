// Where each API call goes: Tencent's hosts per site and region, or a configured endpoint
// (the demo cloud, tests, debugging) that replaces them for every call.
import { localError } from './errors';

export type Site = 'china' | 'intl';
export type Service = 'cvm' | 'region' | 'sts';

/** Environment variable that points every call at another API endpoint (debugging, demo cloud). */
export const ENDPOINT_ENV_VAR = 'CVM_CONSOLE_API_ENDPOINT';

/** Finance regions only answer on their regional host (reference §5). */
export const FINANCE_REGIONS: ReadonlySet<string> = new Set(['ap-shanghai-fsi', 'ap-shenzhen-fsi']);

// Region IDs become part of a hostname, so they are checked strictly.
const REGION_RE = /^[a-z]{2,6}(-[a-z0-9]{1,20}){1,4}$/;

export function isValidRegion(region: string): boolean {
  return typeof region === 'string' && REGION_RE.test(region);
}

/** The Tencent host for a call: nearest-region host, or the regional one where required. */
export function tencentHost(site: Site, service: Service, region?: string): string {
  if (region && FINANCE_REGIONS.has(region)) return `${service}.${region}.tencentcloudapi.com`;
  return site === 'intl' ? `${service}.intl.tencentcloudapi.com` : `${service}.tencentcloudapi.com`;
}

export interface Endpoint {
  /** Origin to POST to, e.g. `http://127.0.0.1:4567`. */
  origin: string;
  /** Host header value as fetch sends it (with a non-default port). */
  host: string;
  /** Host name alone. */
  hostname: string;
  /** The port calls go to (the scheme's default when the URL names none). */
  port: number;
  /** On this computer: console URLs may then point at the loopback gateway on this same port. */
  loopback: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Parses a configured endpoint. https anywhere; plain http only on loopback, because the
 * request carries the STS token and a signature that would otherwise cross the network in clear.
 */
export function parseEndpoint(raw: string): Endpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw localError(
      'invalid-input',
      'InvalidEndpoint',
      'cloud.error.input.request',
      'The API endpoint is not a URL.',
    );
  }
  const problem =
    url.protocol !== 'https:' && url.protocol !== 'http:'
      ? 'it must use http: or https:'
      : url.protocol === 'http:' && !LOOPBACK.test(url.hostname)
        ? 'plain http: is allowed only on this computer (loopback)'
        : url.username || url.password
          ? 'it must not contain a user name or password'
          : (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash
            ? 'it must be an origin only (no path, query or fragment)'
            : undefined;
  if (problem) {
    throw localError(
      'invalid-input',
      'InvalidEndpoint',
      'cloud.error.input.request',
      `The API endpoint: ${problem}.`,
    );
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return {
    origin: url.origin,
    host: url.host,
    hostname: url.hostname,
    port,
    loopback: LOOPBACK.test(url.hostname),
  };
}

export function endpointFromEnv(env: Record<string, string | undefined>): string | undefined {
  const value = env[ENDPOINT_ENV_VAR]?.trim();
  return value ? value : undefined;
}
