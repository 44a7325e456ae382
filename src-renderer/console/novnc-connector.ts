// The reconnect machine's Connector over noVNC's RFB. We open the WebSocket ourselves and hand it
// to RFB (noVNC 1.7 accepts a socket), so we see every message (the liveness signal) and can slip
// a probe in between noVNC's messages: noVNC flushes whole messages, so a complete one of ours
// never splits one of its own. Everything a connection reports goes to the machine, through the one
// ConnectionEvents interface; the UI gets the RFB from the machine's 'shown' event.
import type RFB from '@novnc/novnc';
import type {
  Connection,
  ConnectionEvents,
  ConsoleUrlHints,
  Connector,
  CredentialsAnswer,
} from './connector';
import { holdFlips, primeFirstCopy, watchFirstPicture } from './novnc-picture';
import type { FrameDamage } from './novnc-picture';
import type { PasswordKeeper } from './password-keeper';
import { applyViewSettings } from './view-settings';
import type { ViewSettings } from './view-settings';

export type RfbClass = typeof RFB;

/** FramebufferUpdateRequest (type 3), non-incremental, 1×1 at 0,0: the server must answer it. */
export const PROBE_MESSAGE: readonly number[] = [3, 0, 0, 0, 0, 0, 0, 1, 0, 1];

/**
 * Whether an update drew nothing, or nothing beyond the probe's pixel: what an idle console gets
 * every 1.5 s in answer to the probe, where nothing a viewer or a reader could see has changed.
 */
export function onlyProbeAnswer(damage: FrameDamage): boolean {
  if (damage.width === 0 || damage.height === 0) return true;
  return damage.x === 0 && damage.y === 0 && damage.width <= 1 && damage.height <= 1;
}

/** How a link ended, for main's log: the WebSocket close code, or a refused VNC password. Never the URL. */
export interface LinkReport {
  event: 'closed' | 'security-failure';
  code?: number;
  wasClean?: boolean;
}

/** A connection over noVNC: what the machine needs, and the RFB the view draws and types with. */
export interface NoVncConnection extends Connection {
  readonly rfb: RFB;
  /** Whether the server accepts SetDesktopSize (remote resize); known once the first picture is in. */
  supportsResize(): boolean;
}

export interface NoVncConnectorOptions {
  RFB: RfbClass;
  /** The element the RFB screen goes into; one live RFB at a time. */
  target(): HTMLElement | undefined;
  passwords: PasswordKeeper;
  /** The view settings each new RFB starts with: they go into its first SetEncodings. */
  settings(): ViewSettings;
  /** Main's log (fire and forget). */
  reportLink(report: LinkReport): void;
  /** For tests: how to open the socket. */
  openSocket?: (url: string) => WebSocket;
}

export function createNoVncConnector(options: NoVncConnectorOptions): Connector<NoVncConnection> {
  return (url, hints, events) => openNoVncConnection(options, url, hints, events);
}

// noVNC keeps this private; it turns true once the server has sent ExtendedDesktopSize.
type ResizeFlag = { _supportsSetDesktopSize?: boolean };

function openNoVncConnection(
  options: NoVncConnectorOptions,
  url: string,
  hints: ConsoleUrlHints,
  events: ConnectionEvents,
): NoVncConnection {
  const target = options.target();
  if (!target) throw new Error('The console view is not mounted.');
  const { passwords } = options;
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
  rfb.background = 'var(--console-bg, rgb(28, 31, 38))';
  rfb.focusOnClick = true;
  applyViewSettings(rfb, options.settings());
  // Nothing is copied onto the visible canvas before the server's first pixels: noVNC copies its
  // back buffer when it is sized at the handshake, which is still empty (transparent, as the
  // cleared canvas), and that copy and the canvas upload after it cost about 8 ms of the main
  // thread in the middle of the connect (docs/benchmarks.md, s26); the first update's copy takes
  // that area with it. After that, the probe's answer stays on noVNC's back buffer until the next
  // real update is drawn.
  // The canvas gets its memory while the server prepares the first update (novnc-picture.ts).
  const primer = primeFirstCopy(rfb);
  let pixels = false;
  holdFlips(rfb, (damage) => !pixels || onlyProbeAnswer(damage));

  let closed = false;
  let sentPassword: string | undefined;
  const stopWatching = watchFirstPicture(
    rfb,
    () => !closed && events.picture(),
    () => (pixels = true),
  );

  const finish = (): void => {
    closed = true;
    stopWatching();
    ws.removeEventListener('message', onMessage);
  };

  const onMessage = (): void => {
    if (!closed) events.data();
  };
  ws.addEventListener('message', onMessage);
  // The close code (1000 normal, 1006 dropped, 4xxx gateway-defined) is what main logs; never the URL.
  ws.addEventListener('close', (event: CloseEvent) =>
    options.reportLink({ event: 'closed', code: event.code, wasClean: event.wasClean }),
  );

  const send = (answer: CredentialsAnswer): void => {
    sentPassword = answer.password;
    rfb.sendCredentials({ username: answer.username ?? '', password: answer.password, target: '' });
  };

  rfb.addEventListener('connect', () => {
    if (closed) return;
    if (sentPassword !== undefined) passwords.worked(sentPassword);
    events.connected();
    primer.prime();
  });

  rfb.addEventListener('credentialsrequired', (event) => {
    if (closed) return;
    const types = event.detail.types;
    const known = sentPassword === undefined ? passwords.choose(hints.password) : undefined;
    if (known !== undefined && types.every((t) => t === 'password' || t === 'username')) {
      return send({ password: known });
    }
    events.credentialsRequired(types);
  });

  rfb.addEventListener('securityfailure', (event) => {
    if (closed) return;
    if (sentPassword !== undefined) passwords.failed(sentPassword);
    options.reportLink({ event: 'security-failure' });
    finish();
    events.closed({ securityFailure: true, detail: `security failure ${event.detail.status}` });
  });

  rfb.addEventListener('disconnect', (event) => {
    if (closed) return;
    finish();
    events.closed({ detail: event.detail.clean ? 'closed' : 'failed' });
  });

  return {
    rfb,
    supportsResize: () => (rfb as unknown as ResizeFlag)._supportsSetDesktopSize === true,
    disconnect() {
      if (closed) return;
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
    sendCredentials(answer) {
      if (closed) return;
      // Typed by the user: offered first on the next connection too.
      passwords.setUserPassword(answer.password);
      send(answer);
    },
  };
}
