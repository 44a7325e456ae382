// The main process's log: structured JSON lines (pino). Only fields we choose are logged, and any
// URL is passed through redactConsoleUrl first, so no console token or password reaches the log.
import { pino, type DestinationStream, type Logger } from 'pino';
import { redactConsoleUrl } from './console/redact-url';

export type AppLogger = Logger;

export function createLogger(destination?: DestinationStream | string): AppLogger {
  const options = {
    base: null,
    // Belt and braces: secrets have no business in a log record, whatever the caller passes.
    redact: {
      paths: ['secretKey', '*.secretKey', 'token', '*.token', 'password', '*.password'],
      censor: '[redacted]',
    },
  };
  if (destination === undefined) return pino(options);
  if (typeof destination === 'string')
    return pino(options, pino.destination({ dest: destination, mkdir: true, sync: false }));
  return pino(options, destination);
}

/** A console WebSocket request as Electron's webRequest reports it. */
export interface ConsoleSocketDetails {
  url: string;
  resourceType?: string;
  statusCode?: number;
  error?: string;
}

/**
 * What to log about a console WebSocket handshake: a refusal (any status but 101) or a network
 * error. The URL is redacted; nothing for a successful upgrade or for other requests.
 */
export function handshakeLogRecord(details: ConsoleSocketDetails): Record<string, string | number> | null {
  if (details.resourceType !== undefined && details.resourceType !== 'webSocket') return null;
  if (details.error === undefined && (details.statusCode === undefined || details.statusCode === 101))
    return null;
  const record: Record<string, string | number> = {
    event: 'console-handshake-failed',
    url: redactConsoleUrl(details.url),
  };
  if (details.statusCode !== undefined) record['status'] = details.statusCode;
  // Electron's net error names carry no URL today; redact anyway, the log must never hold a token.
  if (details.error !== undefined) record['error'] = redactConsoleUrl(details.error).slice(0, 200);
  return record;
}
