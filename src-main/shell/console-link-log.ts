// Logs console WebSocket handshakes that fail (the gateway's HTTP refusal, or a network error),
// as seen by Electron's network stack; handshakeLogRecord() redacts the token first.
import type { Session } from 'electron';
import { handshakeLogRecord, type AppLogger } from '../logging';

const CONSOLE_SOCKETS = { urls: ['wss://*/*', 'ws://127.0.0.1/*', 'ws://localhost/*'] };

export function installConsoleLinkLogging(session: Session, log: AppLogger): void {
  session.webRequest.onCompleted(CONSOLE_SOCKETS, (details) => {
    const record = handshakeLogRecord(details);
    if (record) log.warn(record);
  });
  session.webRequest.onErrorOccurred(CONSOLE_SOCKETS, (details) => {
    const record = handshakeLogRecord(details);
    if (record) log.warn(record);
  });
}
