// Logs console WebSocket handshakes that fail (the gateway's HTTP refusal, or a network error),
// as seen by Electron's network stack; handshakeLogRecord() redacts the token first. Each finished
// handshake also goes to `completed` (HandshakeRefusals tells the console which status refused it).
import type { Session } from 'electron';
import { handshakeLogRecord, type AppLogger } from '../logging';

const CONSOLE_SOCKETS = { urls: ['wss://*/*', 'ws://127.0.0.1/*', 'ws://localhost/*'] };

export function installConsoleLinkLogging(
  session: Pick<Session, 'webRequest'>,
  log: Pick<AppLogger, 'warn'>,
  completed: (url: string, status: number | undefined) => void = () => {},
): void {
  session.webRequest.onCompleted(CONSOLE_SOCKETS, (details) => {
    const record = handshakeLogRecord(details);
    if (record) log.warn(record);
    if (details.resourceType === undefined || details.resourceType === 'webSocket')
      completed(details.url, details.statusCode);
  });
  session.webRequest.onErrorOccurred(CONSOLE_SOCKETS, (details) => {
    const record = handshakeLogRecord(details);
    if (record) log.warn(record);
  });
}
