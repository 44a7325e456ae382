// Turns anything thrown in the main process into the contract's error envelope.
// Only fields we put there on purpose cross IPC: never a stack, never an arbitrary message
// from an unknown error (it could quote a secret or a console token). Every message is bounded.
import { randomBytes } from 'node:crypto';
import { ERROR_KINDS, type ErrorEnvelope, type ErrorKind } from '../contract';
import { redactConsoleUrl } from '../console/redact-url';

/** The longest message (and code) an envelope carries; a longer one is cut with an ellipsis. */
export const MAX_MESSAGE_CHARS = 200;
const MAX_CODE_CHARS = 100;

/** An error that already knows its envelope; services throw these. */
export class EnvelopeError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  constructor(kind: ErrorKind, code: string, message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'EnvelopeError';
    this.kind = kind;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Control characters become spaces and the text is cut to `max` characters. */
export function boundText(text: string, max = MAX_MESSAGE_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A name that came from outside (an object key, a channel), safe to quote: short, plain characters. */
export function quoteName(name: string, max = 40): string {
  const plain = name.replace(/[^\w.:-]/g, '?');
  return JSON.stringify(plain.length <= max ? plain : `${plain.slice(0, max - 1)}…`);
}

export function invalidInput(code: string, message: string): ErrorEnvelope {
  return { kind: 'invalid-input', code, message: boundText(message) };
}

const kinds = new Set<string>(ERROR_KINDS);
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The log record of an internal error: what it was and where, redacted and bounded. */
export type InternalErrorRecord = Record<string, string | number>;
export type InternalErrorLog = (record: InternalErrorRecord) => void;

/**
 * Anything carrying a known kind, a string code and a string message is trusted as an envelope.
 * Anything else is an internal error: when `log` is given it is logged under a fresh id, and the
 * envelope's message names that id so a user can point at the right log line.
 */
export function toErrorEnvelope(
  err: unknown,
  log?: InternalErrorLog,
  context: Record<string, string> = {},
): ErrorEnvelope {
  if (typeof err === 'object' && err !== null) {
    const e = err as {
      kind?: unknown;
      code?: unknown;
      message?: unknown;
      retryAfterMs?: unknown;
      requestId?: unknown;
    };
    if (
      typeof e.kind === 'string' &&
      kinds.has(e.kind) &&
      typeof e.code === 'string' &&
      typeof e.message === 'string'
    ) {
      const envelope: ErrorEnvelope = {
        kind: e.kind as ErrorKind,
        code: boundText(e.code, MAX_CODE_CHARS),
        message: boundText(e.message),
      };
      if (typeof e.retryAfterMs === 'number' && Number.isFinite(e.retryAfterMs) && e.retryAfterMs >= 0) {
        envelope.retryAfterMs = e.retryAfterMs;
      }
      // Tencent's RequestId goes to the window for "Copy diagnostics"; only a UUID, never free text.
      if (typeof e.requestId === 'string' && REQUEST_ID.test(e.requestId)) envelope.requestId = e.requestId;
      return envelope;
    }
  }
  if (!log) {
    return {
      kind: 'internal',
      code: 'InternalError',
      message: 'Something went wrong inside CVM Console.',
    };
  }
  const errorId = randomBytes(4).toString('hex');
  log({ event: 'internal-error', errorId, ...context, ...describeError(err) });
  return {
    kind: 'internal',
    code: 'InternalError',
    message: `Something went wrong inside CVM Console. Details are in the log (error ${errorId}).`,
  };
}

// `SecretKey=…`, `"token": "…"`, `Signature=…` and the like, whatever the separator.
const SECRET_ASSIGNMENT =
  /((?:secret[-_]?key|secret|token|password|passwd|signature|credential|authorization)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi;

/** Redacts what could be a secret in free text (console URL tokens, key=value secrets) and bounds it. */
export function redactForLog(text: string, max = 500): string {
  return boundText(redactConsoleUrl(text).replace(SECRET_ASSIGNMENT, '$1<redacted>'), max);
}

/** The parts of a thrown value worth logging: name, errno-style code, message and a few stack frames. */
function describeError(err: unknown): InternalErrorRecord {
  if (!(err instanceof Error)) return { error: redactForLog(typeof err === 'string' ? err : typeof err) };
  const record: InternalErrorRecord = { error: redactForLog(`${err.name}: ${err.message}`) };
  const { code, syscall } = err as { code?: unknown; syscall?: unknown };
  if (typeof code === 'string') record['code'] = boundText(code, 40);
  if (typeof syscall === 'string') record['syscall'] = boundText(syscall, 40);
  // Only the "at …" lines: the first line repeats the message, which was redacted above.
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .map((line) => line.trim())
    .join(' | ');
  if (frames) record['stack'] = redactForLog(frames, 1200);
  return record;
}
