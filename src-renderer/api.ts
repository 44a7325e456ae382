// The typed client over window.cvm — the only file in the renderer that touches the bridge.
// Every call resolves to the channel's result or throws a CvmError carrying the error envelope.
import type { AppInfo, CvmBridge, ErrorEnvelope, ErrorKind, IpcResult } from '../src-main/contract';

export class CvmError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  constructor(envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = 'CvmError';
    this.kind = envelope.kind;
    this.code = envelope.code;
    this.retryAfterMs = envelope.retryAfterMs;
  }
}

function bridge(): CvmBridge {
  const cvm = window.cvm;
  if (!cvm) {
    throw new CvmError({
      kind: 'internal',
      code: 'NoBridge',
      message: 'CVM Console must run inside its own window: the bridge to the main process is missing.',
    });
  }
  return cvm;
}

async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (result.ok) return result.value;
  throw new CvmError(result.error);
}

export const api = {
  app: {
    info: (): Promise<AppInfo> => unwrap(bridge().app.info(undefined)),
  },
  events: {
    onSystemResume: (listener: (payload: { at: number }) => void): (() => void) =>
      bridge().events.onResume(listener),
  },
};
