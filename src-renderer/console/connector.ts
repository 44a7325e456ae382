// The seams the reconnect machine is built on: where URLs come from, how a connection is made,
// and what time it is. The ConsoleView implements them over `api.ts` and noVNC's RFB; the tests
// implement them with scripted fakes. Nothing here touches the DOM, noVNC or Electron.

// The URL types are the contract's (type-only import: the renderer never loads main's code).
import type { ConsoleUrlHints } from '../../src-main/contract';
export type { ConsoleUrlHints, IssuedConsoleUrl } from '../../src-main/contract';

/**
 * Injected time. Use `Date.now` for `now()`: the UI counts down to `nextAttemptAt` with it.
 * (URL age is measured from the machine's own request time, so no clock is shared with main.)
 * Handles are opaque so both DOM numbers and Node timers fit.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CloseInfo {
  /**
   * The close came from an explicit user action inside the view. Never derive it from noVNC's
   * `clean` flag: a server-side close is reported as clean too. The machine tracks intent itself;
   * this is only an extra signal.
   */
  userInitiated?: boolean;
  /** The VNC server refused the credentials (noVNC `securityfailure`): retrying will not help. */
  securityFailure?: boolean;
  /** A short description for diagnostics. Must never contain the URL or its token. */
  detail?: string;
}

/** What a connection reports. Calls for a connection the machine has moved past are ignored. */
export interface ConnectionEvents {
  /** The VNC handshake completed (noVNC `connect`). */
  onConnected(): void;
  /** The first framebuffer update was drawn (optional; used for metrics only). */
  onFirstFrame(): void;
  /** Any bytes arrived from the server; this is what answers the liveness probe. */
  onData(): void;
  /** The VNC server asked for credentials; the connect timeout pauses while the user answers. */
  onCredentialsRequired(): void;
  /** The link closed or failed, before or after `onConnected`. */
  onClose(info?: CloseInfo): void;
}

/** A live connection attempt. */
export interface Connection {
  /** Close it (idempotent). Called for user disconnects, cancels, timeouts and dead links; the machine
   *  does not call it after the connection reported `onClose` itself. */
  disconnect(): void;
  /** Ask the server for something it must answer (a 1×1 non-incremental FramebufferUpdateRequest). */
  probe(): void;
}

/** Opens a connection to `url`. Must use the URL at once and report through `events`. */
export type Connector = (url: string, hints: ConsoleUrlHints, events: ConnectionEvents) => Connection;
