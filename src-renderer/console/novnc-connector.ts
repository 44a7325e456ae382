// The reconnect machine's Connector over noVNC's RFB. We open the WebSocket ourselves and hand it
// to RFB (noVNC 1.7 accepts a socket), so we see every message (the liveness signal) and can slip
// a probe in between noVNC's messages: noVNC flushes whole messages, so a complete one of ours
// never splits one of its own.
import type RFB from '@novnc/novnc';
import type { Connection, ConnectionEvents, ConsoleUrlHints, Connector } from './connector';
import type { PasswordKeeper } from './password-keeper';

export type RfbClass = typeof RFB;

/** FramebufferUpdateRequest (type 3), non-incremental, 1×1 at 0,0: the server must answer it. */
export const PROBE_MESSAGE: readonly number[] = [3, 0, 0, 0, 0, 0, 0, 1, 0, 1];

export interface CredentialsAnswer {
  username?: string;
  password: string;
}

export interface NoVncHooks {
  /** Applied to each new RFB right after it is created: scaling, view-only, quality, … */
  configure(rfb: RFB): void;
  /** The RFB that is now connected, or undefined when it went away. */
  onLive(rfb: RFB | undefined): void;
  /** The server asked for credentials that neither memory nor the URL's hint could answer. */
  askCredentials(types: readonly string[]): Promise<CredentialsAnswer | null>;
  /** Whether the server accepts SetDesktopSize (remote resize). */
  onResizeSupport(supported: boolean): void;
  /** The last picture of a connection that went away, to show under the overlay meanwhile. */
  onSnapshot(blob: Blob): void;
  /** How the link ended, for main's log: the WebSocket close code, or a refused VNC password. */
  onLinkEnded(report: { event: 'closed' | 'security-failure'; code?: number; wasClean?: boolean }): void;
}

export interface NoVncConnectorOptions {
  RFB: RfbClass;
  /** The element the RFB screen goes into; one live RFB at a time. */
  target(): HTMLElement | undefined;
  passwords: PasswordKeeper;
  hooks: NoVncHooks;
  /** For tests: how to open the socket. */
  openSocket?: (url: string) => WebSocket;
}

export function createNoVncConnector(options: NoVncConnectorOptions): Connector {
  return (url, hints, events) => openNoVncConnection(options, url, hints, events);
}

// noVNC keeps this private; it turns true once the server has sent ExtendedDesktopSize.
type ResizeFlag = { _supportsSetDesktopSize?: boolean };

function openNoVncConnection(
  options: NoVncConnectorOptions,
  url: string,
  hints: ConsoleUrlHints,
  events: ConnectionEvents,
): Connection {
  const target = options.target();
  if (!target) throw new Error('The console view is not mounted.');
  const { hooks, passwords } = options;
  // No subprotocol, as noVNC itself: Chromium fails the handshake when it offers one the server
  // does not echo back, and we do not know that Tencent's gateways echo 'binary'.
  const ws = (options.openSocket ?? ((u: string) => new WebSocket(u)))(url);
  ws.binaryType = 'arraybuffer';

  let rfb: RFB;
  try {
    rfb = new options.RFB(target, ws, { shared: true });
  } catch (error) {
    ws.close();
    throw error;
  }
  // Before the handshake, as noVNC's own UI does: the chosen quality goes into the first SetEncodings.
  hooks.configure(rfb);

  let closed = false;
  let connected = false;
  let messages = 0;
  /** Index of the message during which noVNC reported `connect`; the next one carries the first frame. */
  let connectedAtMessage = -1;
  let firstFrameSeen = false;
  let resizeKnown = false;
  let sentPassword: string | undefined;

  const snapshot = (): void => {
    if (!connected) return;
    try {
      rfb.toBlob((blob) => blob && hooks.onSnapshot(blob), 'image/png');
    } catch {
      // No picture to keep; the overlay shows on the plain background.
    }
  };

  const finish = (): void => {
    closed = true;
    ws.removeEventListener('message', onMessage);
    if (connected) hooks.onLive(undefined);
  };

  // Registered after RFB attached its own handler, so noVNC has processed a message when we see it.
  const onMessage = (): void => {
    if (closed) return;
    messages++;
    events.onData();
    if (!connected) return;
    if (!firstFrameSeen && messages > connectedAtMessage) {
      firstFrameSeen = true;
      events.onFirstFrame();
    }
    if (!resizeKnown && (rfb as unknown as ResizeFlag)._supportsSetDesktopSize) {
      resizeKnown = true;
      hooks.onResizeSupport(true);
    }
  };
  ws.addEventListener('message', onMessage);
  // The close code (1000 normal, 1006 dropped, 4xxx gateway-defined) is what main logs; never the URL.
  ws.addEventListener('close', (event: CloseEvent) =>
    hooks.onLinkEnded({ event: 'closed', code: event.code, wasClean: event.wasClean }),
  );

  rfb.addEventListener('connect', () => {
    if (closed) return;
    connected = true;
    // noVNC fires `connect` while it handles the ServerInit message, before our listener sees it.
    connectedAtMessage = messages + 1;
    if (sentPassword !== undefined) passwords.worked(sentPassword);
    hooks.onResizeSupport(false);
    hooks.onLive(rfb);
    events.onConnected();
  });

  rfb.addEventListener('credentialsrequired', (event) => {
    if (closed) return;
    const types = event.detail.types;
    const known = sentPassword === undefined ? passwords.choose(hints.password) : undefined;
    if (known !== undefined && types.every((t) => t === 'password' || t === 'username')) {
      sentPassword = known;
      rfb.sendCredentials({ username: '', password: known, target: '' });
      return;
    }
    events.onCredentialsRequired();
    hooks.askCredentials(types).then(
      (answer) => {
        if (closed || !answer) return;
        sentPassword = answer.password;
        passwords.setUserPassword(answer.password);
        rfb.sendCredentials({ username: answer.username ?? '', password: answer.password, target: '' });
      },
      () => {},
    );
  });

  rfb.addEventListener('securityfailure', (event) => {
    if (closed) return;
    if (sentPassword !== undefined) passwords.failed(sentPassword);
    hooks.onLinkEnded({ event: 'security-failure' });
    finish();
    events.onClose({ securityFailure: true, detail: `security failure ${event.detail.status}` });
  });

  rfb.addEventListener('disconnect', (event) => {
    if (closed) return;
    snapshot();
    finish();
    events.onClose({ detail: event.detail.clean ? 'closed' : 'failed' });
  });

  return {
    disconnect() {
      if (closed) return;
      snapshot();
      finish();
      try {
        rfb.disconnect();
      } catch {
        // Already torn down by noVNC.
      }
    },
    probe() {
      if (closed || ws.readyState !== WebSocket.OPEN) throw new Error('The console socket is not open.');
      ws.send(new Uint8Array(PROBE_MESSAGE));
    },
  };
}
