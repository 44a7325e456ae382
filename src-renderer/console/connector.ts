// The seams the reconnect machine is built on: where URLs come from, how a connection is made,
// and what time it is. The console session implements them over `api.ts` and noVNC's RFB; the
// tests implement them with scripted fakes. Nothing here touches the DOM, noVNC or Electron.

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

export interface CredentialsAnswer {
  username?: string;
  password: string;
}

/**
 * Everything a connection reports, in order of a normal life: connected → picture, with data
 * throughout, until closed. The reconnect machine is the only listener; calls for a connection it
 * has moved past are ignored.
 */
export interface ConnectionEvents {
  /** The VNC handshake completed (noVNC `connect`); the picture is still on its way. */
  connected(): void;
  /** The first complete framebuffer update has been drawn: every rectangle of it is on the canvas. */
  picture(): void;
  /** Any bytes arrived from the server; this is what answers the liveness probe. */
  data(): void;
  /**
   * The VNC server asks for credentials that the connection could not answer itself (neither a
   * remembered password nor the URL's hint). The connect timeout pauses while the user answers.
   */
  credentialsRequired(types: readonly string[]): void;
  /** The link closed or failed, before or after `connected`. */
  closed(info?: CloseInfo): void;
}

/** A live connection attempt. */
export interface Connection {
  /** Close it (idempotent). Called for user disconnects, cancels, timeouts and dead links; the machine
   *  does not call it after the connection reported `closed` itself. */
  disconnect(): void;
  /** Ask the server for something it must answer (a 1×1 non-incremental FramebufferUpdateRequest). */
  probe(): void;
  /** The user's answer to `credentialsRequired`. */
  sendCredentials(answer: CredentialsAnswer): void;
}

/** Opens a connection to `url`. Must use the URL at once and report through `events`. */
export type Connector<C extends Connection = Connection> = (
  url: string,
  hints: ConsoleUrlHints,
  events: ConnectionEvents,
) => C;
