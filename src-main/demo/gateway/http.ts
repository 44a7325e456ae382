// Refusing a WebSocket upgrade the way a gateway does: a plain HTTP error response, then close.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export function rejectUpgrade(
  socket: Duplex,
  status: number,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  const headers = {
    Connection: 'close',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...extraHeaders,
  };
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`]
    .concat(Object.entries(headers).map(([k, v]) => `${k}: ${v}`))
    .join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
  // A client that never reads must not keep the socket open.
  setTimeout(() => socket.destroy(), 1000).unref?.();
}

/** The same checks `ws` makes before upgrading, done first so a bad request never spends a token. */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const key = req.headers['sec-websocket-key'];
  const version = req.headers['sec-websocket-version'];
  return (
    req.method === 'GET' &&
    (req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
    typeof key === 'string' &&
    /^[+/0-9A-Za-z]{22}==$/.test(key.trim()) &&
    (version === '8' || version === '13')
  );
}

/**
 * The `s` query parameter, decoded as a URL component and never form-decoded: a base64 token's '+'
 * must stay '+' (and a client that percent-encodes it as %2B works too).
 */
export function tokenFromUrl(url: string | undefined): { path: string; token: string | undefined } {
  const raw = url ?? '';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q + 1);
  const part = query.split('&').find((p) => p.startsWith('s='));
  if (part === undefined) return { path, token: undefined };
  try {
    return { path, token: decodeURIComponent(part.slice(2)) };
  } catch {
    return { path, token: undefined };
  }
}
