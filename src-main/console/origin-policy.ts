// Tencent's VNC gateways are served to browsers from https://img.qcloud.com, and may check the
// WebSocket Origin (unconfirmed; OpenStack's console proxy does). The app's own origin would not
// match, so for wss:// requests to hosts under qcloud.com we present the official page's origin.
// Which hosts are gateways comes from cloud/console-gateways.ts, the list the console-URL check
// and the window's CSP are built from. Wired in by shell/console-origin.ts.
import { isTencentGatewayHost, tencentGatewayUrlPatterns } from '../cloud';

export const TENCENT_CONSOLE_ORIGIN = 'https://img.qcloud.com';

/** Filter for `session.webRequest`; the policy re-checks every request, so a wider filter is safe. */
export const TENCENT_GATEWAY_URL_PATTERNS: readonly string[] = tencentGatewayUrlPatterns();

export interface OriginPolicySettings {
  /** The user setting "Present Tencent's web-console origin to Tencent gateways" (default on). */
  rewriteTencentOrigin: boolean;
}

/** The Origin to send for this request URL, or undefined to leave the request alone. */
export function consoleOriginFor(requestUrl: string, settings: OriginPolicySettings): string | undefined {
  if (!settings.rewriteTencentOrigin) return undefined;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'wss:') return undefined;
  return isTencentGatewayHost(url.hostname) ? TENCENT_CONSOLE_ORIGIN : undefined;
}

export interface HeaderRequest {
  url: string;
  /** Electron's `details.resourceType`; when given, only 'webSocket' requests are touched. */
  resourceType?: string;
  requestHeaders: Record<string, string>;
}

/**
 * The headers to send: a copy with Origin replaced (whatever its case) when the policy applies,
 * otherwise the headers unchanged. Usage in main:
 *   session.webRequest.onBeforeSendHeaders({ urls: [...TENCENT_GATEWAY_URL_PATTERNS] },
 *     (details, callback) => callback({ requestHeaders: applyConsoleOrigin(details, settings()) }));
 */
export function applyConsoleOrigin(
  request: HeaderRequest,
  settings: OriginPolicySettings,
): Record<string, string> {
  if (request.resourceType !== undefined && request.resourceType !== 'webSocket')
    return request.requestHeaders;
  const origin = consoleOriginFor(request.url, settings);
  if (origin === undefined) return request.requestHeaders;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.requestHeaders)) {
    if (name.toLowerCase() !== 'origin') headers[name] = value;
  }
  headers.Origin = origin;
  return headers;
}
