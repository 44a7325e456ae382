// Normalises whatever `issueUrl`, `startInstance` or `getInstanceState` rejected with into the
// contract's error envelope, copying only the envelope's fields (a stray property could carry a
// token), and reads the instance state an error code names.
import type { ErrorEnvelope, ErrorKind } from '../../src-main/contract';

// A runtime copy of the contract's kinds: the renderer may import types only from main.
const KINDS = {
  auth: true,
  'instance-transitional': true,
  'instance-stopped': true,
  'instance-gone': true,
  throttled: true,
  network: true,
  server: true,
  clock: true,
  'invalid-input': true,
  forbidden: true,
  internal: true,
} satisfies Record<ErrorKind, true>;

/** Tencent's RequestIds are UUIDs; anything else is not copied (it could be an echoed secret). */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    if (isKind(e.kind)) {
      const envelope: ErrorEnvelope = {
        kind: e.kind,
        code: typeof e.code === 'string' ? e.code : 'Unknown',
        message: typeof e.message === 'string' ? e.message : '',
      };
      if (typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0) envelope.retryAfterMs = e.retryAfterMs;
      if (typeof e.requestId === 'string' && REQUEST_ID.test(e.requestId)) envelope.requestId = e.requestId;
      return envelope;
    }
  }
  // Not an envelope: a bug somewhere, not a cloud condition. Its text is not copied (it could hold a URL).
  return {
    kind: 'internal',
    code: 'UnexpectedError',
    message: 'Unexpected error while opening the console.',
  };
}

/**
 * `UnsupportedOperation.InstanceStateRebooting` → `REBOOTING`,
 * `UnsupportedOperation.InstanceStateEnterRescueMode` → `ENTER_RESCUE_MODE`,
 * `UnsupportedOperation.StoppedModeStopCharging` → `STOPPED`. Otherwise undefined.
 */
export function instanceStateFromCode(code: string): string | undefined {
  if (/StoppedModeStopCharging$/.test(code)) return 'STOPPED';
  const match = /InstanceState([A-Z][A-Za-z]*)$/.exec(code);
  if (!match?.[1]) return undefined;
  return match[1].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
