// Main's side of the error envelope (the type and its normaliser are in common/errors.ts): how an
// internal error is logged and what of a thrown value may be logged at all.
// Only fields we put there on purpose cross IPC: never a stack, never an arbitrary message
// from an unknown error (it could quote a secret or a console token). Every message is bounded.
import { randomBytes } from 'node:crypto';
import { boundText, INTERNAL_ERROR, type ErrorEnvelope } from '../common/errors';
import { redactConsoleUrl } from '../console/redact-url';

/** A name that came from outside (an object key, a channel), safe to quote: short, plain characters. */
export function quoteName(name: string, max = 40): string {
  const plain = name.replace(/[^\w.:-]/g, '?');
  return JSON.stringify(plain.length <= max ? plain : `${plain.slice(0, max - 1)}…`);
}

export function invalidInput(code: string, message: string): ErrorEnvelope {
  return { kind: 'invalid-input', code, message: boundText(message) };
}

/** The log record of an internal error: what it was and where, redacted and bounded. */
export type InternalErrorRecord = Record<string, string | number>;
export type InternalErrorLog = (record: InternalErrorRecord) => void;

/**
 * The envelope of an error that is not one (a bug, a failed syscall): logged under a fresh id,
 * and the envelope's message names that id so a user can point at the right log line. Its text
 * is never copied into the envelope. Use as `toErrorEnvelope(err, loggedInternalError(log))`.
 */
export function loggedInternalError(
  log: InternalErrorLog,
  context: Record<string, string> = {},
): (err: unknown) => ErrorEnvelope {
  return (err) => {
    const errorId = randomBytes(4).toString('hex');
    log({ event: 'internal-error', errorId, ...context, ...describeError(err) });
    return {
      ...INTERNAL_ERROR,
      message: `${INTERNAL_ERROR.message} Details are in the log (error ${errorId}).`,
      messageKey: 'error.internalLogged',
      detail: `error ${errorId}`,
    };
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
