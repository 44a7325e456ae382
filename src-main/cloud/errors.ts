// The one error type the cloud layer throws, and its conversion to the IPC error envelope.
// A CloudError carries no cause, request or credentials: only what is safe to show and log.
import type { ErrorKind } from '../contract';
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
}

export class CloudError extends Error {
  override readonly name = 'CloudError';
  readonly kind: ErrorKind;
  readonly code: string;
  readonly messageKey: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;

  constructor(init: CloudErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.code = init.code;
    this.messageKey = init.messageKey;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
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
  return new CloudError({ kind, code, messageKey, message: detail ? `${base} ${detail}` : base, ...extra });
}

const MAX_SERVER_MESSAGE = 300;

/**
 * An error Tencent returned in `Response.Error`. The server's own message is kept for support
 * (shortened, and scrubbed of any secret in case a server echoes one back).
 */
export function apiError(
  code: string,
  serverMessage: string,
  requestId: string | undefined,
  secrets: readonly (string | undefined)[],
): CloudError {
  const { kind, messageKey } = classifyErrorCode(code);
  let detail = redactSecrets(serverMessage, secrets).replace(/\s+/g, ' ').trim();
  if (detail.length > MAX_SERVER_MESSAGE) detail = `${detail.slice(0, MAX_SERVER_MESSAGE)}…`;
  const message = `${messageFor(messageKey)} (${code}${detail ? `: ${detail}` : ''})`;
  return new CloudError({ kind, code, messageKey, message, ...(requestId ? { requestId } : {}) });
}

/** Replaces every occurrence of each non-trivial secret with `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short strings would shred ordinary text and are no real secret anyway.
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
