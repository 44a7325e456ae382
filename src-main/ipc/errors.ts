// Turns anything thrown in the main process into the contract's error envelope.
// Only fields we put there on purpose cross IPC: never a stack, never an arbitrary message
// from an unknown error (it could quote a secret or a console token).
import { ERROR_KINDS, type ErrorEnvelope, type ErrorKind } from '../contract';

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

export function invalidInput(code: string, message: string): ErrorEnvelope {
  return { kind: 'invalid-input', code, message };
}

const kinds = new Set<string>(ERROR_KINDS);

/** Anything carrying a known kind, a string code and a string message is trusted as an envelope. */
export function toErrorEnvelope(err: unknown): ErrorEnvelope {
  if (typeof err === 'object' && err !== null) {
    const e = err as { kind?: unknown; code?: unknown; message?: unknown; retryAfterMs?: unknown };
    if (
      typeof e.kind === 'string' &&
      kinds.has(e.kind) &&
      typeof e.code === 'string' &&
      typeof e.message === 'string'
    ) {
      const envelope: ErrorEnvelope = { kind: e.kind as ErrorKind, code: e.code, message: e.message };
      if (typeof e.retryAfterMs === 'number' && Number.isFinite(e.retryAfterMs) && e.retryAfterMs >= 0) {
        envelope.retryAfterMs = e.retryAfterMs;
      }
      return envelope;
    }
  }
  return {
    kind: 'internal',
    code: 'InternalError',
    message: 'Something went wrong inside CVM Console. Details are in the log.',
  };
}
