// The one list of where a console WebSocket may go. The console-URL check (vnc-url.ts), the
// window's CSP connect-src (shell/security-policy.ts) and the Origin rewrite (console/origin-policy.ts)
// are all derived from it, so every URL main accepts is a URL the window is allowed to open.

/**
 * Tencent's console gateways: `wss:` to any host under these domains (hosts seen: gzvnc, bjvnc and
 * usevnc .qcloud.com). The bare domain is not a gateway.
 */
export const TENCENT_GATEWAY_DOMAINS: readonly string[] = ['qcloud.com'];

/** The only loopback host a console URL may name, over `ws:`: where the demo cloud's gateway listens. */
export const LOOPBACK_GATEWAY_HOST = '127.0.0.1';

/** Lower case, without the one trailing dot a fully qualified name may carry. */
export function normalizeHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

/** A host under one of Tencent's gateway domains: not `qcloud.com` itself, not `evilqcloud.com`. */
export function isTencentGatewayHost(hostname: string): boolean {
  const host = normalizeHostname(hostname);
  return TENCENT_GATEWAY_DOMAINS.some((d) => host.endsWith(`.${d}`) && host.length > d.length + 1);
}

/**
 * The CSP `connect-src` sources for console WebSockets. With `loopbackPorts`, loopback is allowed on
 * exactly those ports (the app knows the demo cloud's port before its window loads); without,
 * on any port (the build-time policy, which cannot know it).
 */
export function consoleConnectSources(loopbackPorts?: readonly number[]): string[] {
  const tencent = TENCENT_GATEWAY_DOMAINS.map((d) => `wss://*.${d}:*`);
  const loopback = loopbackPorts
    ? loopbackPorts.map((p) => `ws://${LOOPBACK_GATEWAY_HOST}:${p}`)
    : [`ws://${LOOPBACK_GATEWAY_HOST}:*`];
  return [...tencent, ...loopback];
}

/** URL filters for Electron's `session.webRequest` that catch every request to a Tencent gateway. */
export function tencentGatewayUrlPatterns(): string[] {
  return TENCENT_GATEWAY_DOMAINS.map((d) => `wss://*.${d}/*`);
}
