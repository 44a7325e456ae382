// The one error type the cloud layer throws, and its conversion to the IPC error envelope.
// A CloudError carries no cause, request or credentials: only what is safe to show and log.
import { EnvelopeError, isRequestId, type ErrorKind } from '../common/errors';
import type { KeyedParam } from '../common/keyed-text';
import { classifyErrorCode, messageFor } from './error-catalogue';

export { classifyErrorCode } from './error-catalogue';
export type { ErrorClass } from './error-catalogue';

export interface CloudErrorInit {
  kind: ErrorKind;
  code: string;
  messageKey: string;
  message: string;
  requestId?: string;
  retryAfterMs?: number;
  /** Tencent's own message, or a local detail: the window shows it after the key's text. */
  detail?: string;
  /** The values of the message's placeholders (a value may itself be a keyed message). */
  messageParams?: Record<string, KeyedParam>;
}

/** An envelope error that also names its catalogue message. */
export class CloudError extends EnvelopeError {
  override readonly name = 'CloudError';
  declare readonly messageKey: string;

  constructor(init: CloudErrorInit) {
    super(init.kind, init.code, init.message, init.retryAfterMs, {
      requestId: init.requestId,
      messageKey: init.messageKey,
      ...(init.messageParams ? { messageParams: init.messageParams } : {}),
      ...(init.detail ? { detail: init.detail } : {}),
    });
  }
}

/** An error made here (not by Tencent): the catalogue's English text plus an optional safe detail. */
export function localError(
  kind: ErrorKind,
  code: string,
  messageKey: string,
  detail?: string,
  extra: { requestId?: string; retryAfterMs?: number } = {},
): CloudError {
  const base = messageFor(messageKey);
  return new CloudError({
    kind,
    code,
    messageKey,
    message: detail ? `${base} ${detail}` : base,
    ...(detail ? { detail } : {}),
    ...extra,
  });
}

const MAX_SERVER_MESSAGE = 300;

// Tencent's documented shape of an error code: `AuthFailure.SignatureExpire`.
const ERROR_CODE_RE = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;
const MAX_ERROR_CODE = 100;

/** Stands in for an Error.Code of any other shape (too long, odd characters, an echoed secret). */
export const INVALID_ERROR_CODE = 'InvalidErrorCode';
/** Stands in for a RequestId that is not a UUID. */
export const INVALID_REQUEST_ID = 'invalid-request-id';

/** The server's code if it has the documented shape, else INVALID_ERROR_CODE. */
export function safeErrorCode(code: unknown, secrets: readonly (string | undefined)[] = []): string {
  if (typeof code !== 'string' || code.length > MAX_ERROR_CODE) return INVALID_ERROR_CODE;
  // A redacted secret leaves `***`, which the shape refuses.
  const clean = redactSecrets(code, secrets);
  return ERROR_CODE_RE.test(clean) ? clean : INVALID_ERROR_CODE;
}

/** The server's RequestId if it is a UUID, else INVALID_REQUEST_ID. */
export function safeRequestId(requestId: unknown): string {
  return isRequestId(requestId) ? requestId : INVALID_REQUEST_ID;
}

/**
 * An error Tencent returned in `Response.Error`. The code and RequestId are kept only in their
 * documented shapes; the server's own message is kept for support (scrubbed of any secret in case
 * a server echoes one back, of control and formatting characters, and shortened).
 */
export function apiError(
  rawCode: string,
  serverMessage: string,
  requestId: string | undefined,
  secrets: readonly (string | undefined)[],
): CloudError {
  const code = safeErrorCode(rawCode, secrets);
  const { kind, messageKey } = classifyErrorCode(code);
  let detail = redactSecrets(serverMessage, secrets)
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
    .trim();
  if (detail.length > MAX_SERVER_MESSAGE) detail = `${detail.slice(0, MAX_SERVER_MESSAGE)}…`;
  const message = `${messageFor(messageKey)} (${code}${detail ? `: ${detail}` : ''})`;
  const id = requestId === undefined ? undefined : safeRequestId(requestId);
  return new CloudError({
    kind,
    code,
    messageKey,
    message,
    ...(detail ? { detail } : {}),
    ...(id ? { requestId: id } : {}),
  });
}

/** Replaces every occurrence of each non-trivial secret with `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short strings would shred ordinary text and are no real secret anyway.
    if (secret && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}
