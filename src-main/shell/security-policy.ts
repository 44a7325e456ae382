// The security decisions of the window, as plain functions: which origin is ours, which sender
// may call IPC, where a window may navigate, which external links may open, and the CSP.
// Only Electron *types* are used here, so every rule is unit-tested with fake objects.
import { posix } from 'node:path';
import { consoleConnectSources, endpointFromEnv, parseEndpoint } from '../cloud';

/** The privileged scheme the production renderer is served from (never http, never remote). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cvm-console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The origins our renderer may be loaded from: the app scheme in production, plus the Vite dev
 * server while developing (`npm run dev` sets ELECTRON_RENDERER_URL to a loopback http URL).
 */
export function trustedOrigins(devServerUrl?: string): string[] {
  const origins = [APP_ORIGIN];
  const dev = devServerUrl ? parse(devServerUrl) : null;
  if (dev && dev.protocol === 'http:' && (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1')) {
    origins.push(dev.origin);
  }
  return origins;
}

/** `new URL('app://cvm-console/x').origin` is "null" for non-special schemes; compare by parts. */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  return `${u.protocol}//${u.host}`;
}

export function isTrustedUrl(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}

/** The parts of Electron's WebFrameMain the sender check needs. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** IPC is answered only for our own window's main frame on our own origin (VS Code's validatedIpcMain). */
export function isTrustedSender(frame: SenderFrame | null | undefined, origins: readonly string[]): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isTrustedUrl(frame.url, origins);
}

/** In-window navigation: only within our own origin (a reload); anything else is denied. */
export function isNavigationAllowed(url: string, origins: readonly string[]): boolean {
  return isTrustedUrl(url, origins);
}

/** Pages we are willing to open in the user's browser; everything else is refused. */
export const EXTERNAL_URL_ALLOWLIST: readonly string[] = [
  'console.cloud.tencent.com',
  'console.tencentcloud.com',
  'cloud.tencent.com',
  'www.tencentcloud.com',
  'img.qcloud.com',
];

export function isAllowedExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username || u.password || u.port) return false;
  return EXTERNAL_URL_ALLOWLIST.includes(u.hostname);
}

/** `window.open` and target=_blank never create a window; allowlisted links go to the browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) };
}

/** Only full screen (the console's toolbar button); camera, notifications, clipboard-read, … are denied. */
export function isPermissionGranted(permission: string): boolean {
  return permission === 'fullscreen';
}

/**
 * Where the console may connect: Tencent's gateways over wss, and the local demo cloud, derived
 * from the list the console-URL check uses (cloud/console-gateways.ts). noVNC opens a WebSocket;
 * the API itself is called from main, never from the renderer. This is the build-time policy (the
 * page's meta tag), which cannot know the demo cloud's port; the app's header narrows it.
 */
export const CONSOLE_CONNECT_SOURCES: readonly string[] = consoleConnectSources();

/**
 * The loopback ports console URLs can use in the running app, hence the ones its CSP header allows:
 * the demo cloud's, and that of a loopback CVM_CONSOLE_API_ENDPOINT (console URLs on loopback are
 * accepted only on the API endpoint's own port).
 */
export function loopbackConsolePorts(demoPort: number, env: Record<string, string | undefined>): number[] {
  const ports = [demoPort];
  const raw = endpointFromEnv(env);
  if (raw !== undefined) {
    try {
      const endpoint = parseEndpoint(raw);
      if (endpoint.loopback && !ports.includes(endpoint.port)) ports.push(endpoint.port);
    } catch {
      // A bad endpoint is refused by every client that would use it: no console URL can come from it.
    }
  }
  return ports;
}

/** `frame-ancestors` only works as a header; a <meta> policy must leave it out (browsers warn otherwise). */
export function contentSecurityPolicy(
  connectSources: readonly string[] = CONSOLE_CONNECT_SOURCES,
  delivery: 'header' | 'meta' = 'header',
): string {
  const policy = [
    "default-src 'none'",
    // WebAssembly compilation only (Tesseract's OCR engine in the text worker); no eval, no inline.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${connectSources.join(' ')}`,
    // The text worker and the Tesseract worker it starts, both scripts of the app itself.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (delivery === 'header') policy.push("frame-ancestors 'none'");
  return policy.join('; ');
}

/**
 * Maps a request on the app scheme to a file under the renderer folder, or null when the request
 * is for another host or tries to leave the folder (`..`, encoded slashes).
 */
export function resolveAppFile(rendererRoot: string, requestUrl: string): string | null {
  const u = parse(requestUrl);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  // Refuse rather than clamp: a request that tries to climb out is not a request we made.
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return null;
  const normalized = posix.normalize(path === '/' ? '/index.html' : path);
  if (!normalized.startsWith('/')) return null;
  const root = rendererRoot.replace(/[\\/]+$/, '');
  return `${root}${normalized}`;
}
