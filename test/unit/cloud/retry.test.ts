import { describe, it, expect } from 'vitest';
import { CloudError } from '../../../src-main/cloud/errors';
import type { ErrorKind } from '../../../src-main/contract';
import {
  BACKOFF_BASE_MS,
  backoffMs,
  isRetryable,
  isTransientServerCode,
} from '../../../src-main/cloud/retry';

const err = (kind: ErrorKind, code: string) => new CloudError({ kind, code, messageKey: 'k', message: 'm' });

describe('backoffMs', () => {
  it('doubles each retry with half of each step jittered', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, () => 0))).toEqual([250, 500, 1000]);
    expect([1, 2, 3].map((n) => backoffMs(n, () => 0.999999))).toEqual([500, 1000, 2000]);
    expect(backoffMs(1, () => 0.5)).toBe(Math.round(BACKOFF_BASE_MS * 0.75));
  });
});

describe('isRetryable', () => {
  it('retries throttling for every call', () => {
    expect(isRetryable(err('throttled', 'RequestLimitExceeded'), false)).toBe(true);
    expect(isRetryable(err('throttled', 'RequestLimitExceeded.UinLimitExceeded'), true)).toBe(true);
  });

  it('retries network errors and transient server errors only for read-only calls', () => {
    for (const e of [
      err('network', 'NetworkError'),
      err('network', 'RequestTimeout'),
      err('server', 'HttpStatus.502'),
      err('server', 'InternalError'),
      err('server', 'ServiceUnavailable'),
    ]) {
      expect(isRetryable(e, true)).toBe(true);
      expect(isRetryable(e, false)).toBe(false);
    }
  });

  it('does not retry answers that will not change', () => {
    for (const e of [
      err('server', 'MalformedResponse'),
      err('server', 'HttpStatus.404'),
      err('auth', 'AuthFailure.SignatureFailure'),
      err('instance-stopped', 'UnsupportedOperation.InstanceStateStopped'),
      err('invalid-input', 'InvalidParameter'),
      err('clock', 'AuthFailure.SignatureExpire'),
    ]) {
      expect(isRetryable(e, true)).toBe(false);
    }
    expect(isTransientServerCode('HttpStatus.503')).toBe(true);
    expect(isTransientServerCode('HttpStatus.429')).toBe(false);
  });
});
