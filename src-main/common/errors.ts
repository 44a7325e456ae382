// The error envelope both sides share: the kinds of failure (DESIGN.md §3), the one error type
// that carries an envelope, and the one normaliser that turns anything thrown into an envelope.
// Only the envelope's own fields are ever copied: a stray property could carry a token.
import { keyed, type KeyedParam } from './keyed-text';

/** What went wrong, as the user-facing logic needs to know it. */
export const ERROR_KINDS = [
  'auth',
  'instance-transitional',
  'instance-stopped',
  'instance-gone',
  'throttled',
  'network',
  'server',
  'clock',
  'invalid-input',
  'forbidden',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Errors cross IPC as this envelope, never as a bare string or a thrown Error. */
export interface ErrorEnvelope {
  kind: ErrorKind;
  code: string;
  message: string;
  retryAfterMs?: number;
  /** A form's per-field messages (field path → message), shown next to each field. */
  fields?: Record<string, string>;
  /** The catalogue keys of those messages (field path → key): the window shows them in its language. */
  fieldKeys?: Record<string, string>;
  /** Tencent Cloud's RequestId of the failed call, for support (a UUID; never anything secret). */
  requestId?: string;
  /** The catalogue key of the message (i18n/en.ts): each window shows it in its own language. */
  messageKey?: string;
  /** The values of that message's placeholders (a value may itself be a keyed message). */
  messageParams?: Record<string, KeyedParam>;
  /** What the key's text leaves out: Tencent's own message, or a local detail (kept as said). */
  detail?: string;
}

/**
 * The longest message an envelope carries; a longer one is cut with an ellipsis. Room for a
 * problem, its fix and a way out (a keychain that refuses: ~300 characters), never for a dump.
 */
export const MAX_MESSAGE_CHARS = 400;
const MAX_CODE_CHARS = 100;
/** The most per-field messages an envelope carries. */
const MAX_FIELDS = 30;

// Tencent's RequestIds are UUIDs; anything else is never copied (it could be an echoed secret).
const REQUEST_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a RequestId of Tencent's documented shape (a UUID). */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID_RE.test(value);
}

/** What an envelope may carry besides its kind, code, message and retry hint. */
export type EnvelopeExtras = Pick<
  ErrorEnvelope,
  'fields' | 'fieldKeys' | 'requestId' | 'messageKey' | 'messageParams' | 'detail'
>;

/** An error that knows its envelope: what main's services throw and what the renderer's API rejects with. */
export class EnvelopeError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  /** A form's per-field messages, when the error is about a form. */
  readonly fields: Record<string, string> | undefined;
  /** The catalogue keys of the per-field messages. */
  readonly fieldKeys: Record<string, string> | undefined;
  /** Tencent Cloud's RequestId of the failed call, when there was one (for Copy diagnostics). */
  readonly requestId: string | undefined;
  /** The catalogue key of the message, when it has one (the window translates it). */
  readonly messageKey: string | undefined;
  /** The values of the message's placeholders. */
  readonly messageParams: Record<string, KeyedParam> | undefined;
  /** Tencent's own message (or a local detail) that the key's text leaves out. */
  readonly detail: string | undefined;
  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    retryAfterMs?: number,
    extras: EnvelopeExtras = {},
  ) {
    super(message);
    this.name = 'EnvelopeError';
    this.kind = kind;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
    this.fields = extras.fields;
    this.fieldKeys = extras.fieldKeys;
    this.requestId = extras.requestId;
    this.messageKey = extras.messageKey;
    this.messageParams = extras.messageParams;
    this.detail = extras.detail;
  }

  static from(envelope: ErrorEnvelope): EnvelopeError {
    // The envelope has exactly the four positional fields and EnvelopeExtras.
    const { kind, code, message, retryAfterMs, ...extras } = envelope;
    return new EnvelopeError(kind, code, message, retryAfterMs, extras);
  }
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

/** Control characters become spaces and the text is cut to `max` characters. */
export function boundText(text: string, max = MAX_MESSAGE_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

const MESSAGE_KEY_RE = /^[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9-]+){1,6}$/;

/** The envelope of an error whose cause is a bug, not a cloud condition; its text is never copied. */
export const INTERNAL_ERROR: Readonly<ErrorEnvelope> = {
  kind: 'internal',
  code: 'InternalError',
  message: 'Something went wrong inside CVM Console.',
  messageKey: 'error.internal',
};

/**
 * Anything carrying a known kind, a string code and a string message is trusted as an envelope
 * (bounded, its other fields dropped). Anything else is an internal error: `unexpected` says
 * which envelope it becomes (main logs it under an id first); by default INTERNAL_ERROR.
 */
export function toErrorEnvelope(
  err: unknown,
  unexpected: (err: unknown) => ErrorEnvelope = () => ({ ...INTERNAL_ERROR }),
): ErrorEnvelope {
  if (typeof err === 'object' && err !== null) {
    const e = err as {
      kind?: unknown;
      code?: unknown;
      message?: unknown;
      retryAfterMs?: unknown;
      fields?: unknown;
      fieldKeys?: unknown;
      requestId?: unknown;
      messageKey?: unknown;
      messageParams?: unknown;
      detail?: unknown;
    };
    if (isErrorKind(e.kind) && typeof e.code === 'string' && typeof e.message === 'string') {
      const envelope: ErrorEnvelope = {
        kind: e.kind,
        code: boundText(e.code, MAX_CODE_CHARS),
        message: boundText(e.message),
      };
      if (typeof e.retryAfterMs === 'number' && Number.isFinite(e.retryAfterMs) && e.retryAfterMs >= 0) {
        envelope.retryAfterMs = e.retryAfterMs;
      }
      const fields = boundFields(e.fields);
      if (fields) envelope.fields = fields;
      // Keys only in the catalogue's shape, like messageKey's.
      const fieldKeys = boundFields(e.fieldKeys, (key) => MESSAGE_KEY_RE.test(key));
      if (fieldKeys) envelope.fieldKeys = fieldKeys;
      // Tencent's RequestId goes to the window for "Copy diagnostics"; only a UUID, never free text.
      if (isRequestId(e.requestId)) envelope.requestId = e.requestId;
      // A key only in the catalogue's shape (dotted words); the window looks it up, never shows it.
      if (typeof e.messageKey === 'string' && MESSAGE_KEY_RE.test(e.messageKey)) {
        envelope.messageKey = e.messageKey;
        const params = boundKeyedParams(e.messageParams);
        if (params) envelope.messageParams = params;
      }
      if (typeof e.detail === 'string' && e.detail !== '') envelope.detail = boundText(e.detail);
      return envelope;
    }
  }
  return unexpected(err);
}

/** A form's per-field messages, if `value` is one: string to string, bounded in count and length. */
function boundFields(
  value: unknown,
  accept: (message: string) => boolean = () => true,
): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(value).slice(0, MAX_FIELDS)) {
    if (typeof message === 'string' && accept(message)) out[boundText(field, 60)] = boundText(message);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const PARAM_NAME_RE = /^[A-Za-z][A-Za-z0-9]{0,30}$/;
const MAX_PARAMS = 8;
const MAX_PARAM_CHARS = 300;
const MAX_PARAM_DEPTH = 3;

/**
 * A keyed message's values as they may cross to a window: at most 8 per level and 3 levels deep,
 * names plain words, texts bounded, numbers finite, keys in the catalogue's shape. Anything else
 * is dropped; undefined when nothing is left.
 */
export function boundKeyedParams(value: unknown, depth = 1): Record<string, KeyedParam> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > MAX_PARAM_DEPTH) {
    return undefined;
  }
  const out: Record<string, KeyedParam> = {};
  for (const [name, v] of Object.entries(value).slice(0, MAX_PARAMS)) {
    if (!PARAM_NAME_RE.test(name)) continue;
    if (typeof v === 'string') out[name] = boundText(v, MAX_PARAM_CHARS);
    else if (typeof v === 'number' && Number.isFinite(v)) out[name] = v;
    else if (typeof v === 'object' && v !== null) {
      const key = (v as { key?: unknown }).key;
      if (typeof key === 'string' && MESSAGE_KEY_RE.test(key)) {
        out[name] = keyed(key, boundKeyedParams((v as { params?: unknown }).params, depth + 1));
      }
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
