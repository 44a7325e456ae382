import { describe, it, expect } from 'vitest';
import { ERROR_KINDS, errorEnvelopeSchema } from '../../../src-main/contract';
import type { ErrorKind } from '../../../src-main/contract';
import { KNOWN_ERROR_CODES, isMessageKey } from '../../../src-main/cloud/error-catalogue';
import {
  CloudError,
  apiError,
  classifyErrorCode,
  redactSecrets,
  safeErrorCode,
  safeRequestId,
} from '../../../src-main/cloud/errors';
// CloudErrors reach the window through the IPC dispatcher's envelope.
import { toErrorEnvelope as toEnvelope } from '../../../src-main/common/errors';

const REQUEST_ID = '9d2a6a4e-5b7c-4f3e-8a1d-2c3b4a5d6e7f';

// Every code on the seed page (DescribeInstanceVncUrl) and every common code of reference §2.
const EXPECTED: Record<string, ErrorKind> = {
  'InvalidInstance.NotSupported': 'instance-gone',
  'InvalidInstanceId.Malformed': 'instance-gone',
  'InvalidInstanceId.NotFound': 'instance-gone',
  InvalidInstanceState: 'instance-transitional',
  'OperationDenied.InstanceOperationInProgress': 'instance-transitional',
  'UnauthorizedOperation.MFAExpired': 'auth',
  'UnauthorizedOperation.MFANotFound': 'auth',
  'UnsupportedOperation.InstanceStateEnterRescueMode': 'instance-transitional',
  'UnsupportedOperation.InstanceStateEnterServiceLiveMigrate': 'instance-transitional',
  'UnsupportedOperation.InstanceStateExitRescueMode': 'instance-transitional',
  'UnsupportedOperation.InstanceStateExitServiceLiveMigrate': 'instance-transitional',
  'UnsupportedOperation.InstanceStatePending': 'instance-transitional',
  'UnsupportedOperation.InstanceStateRebooting': 'instance-transitional',
  'UnsupportedOperation.InstanceStateShutdown': 'instance-stopped',
  'UnsupportedOperation.InstanceStateStarting': 'instance-transitional',
  'UnsupportedOperation.InstanceStateStopped': 'instance-stopped',
  'UnsupportedOperation.InstanceStateStopping': 'instance-transitional',
  'UnsupportedOperation.InstanceStateTerminated': 'instance-gone',
  'UnsupportedOperation.InstanceStateTerminating': 'instance-gone',
  'UnsupportedOperation.SpecialInstanceType': 'instance-gone',
  'UnsupportedOperation.StoppedModeStopCharging': 'instance-stopped',
  'AuthFailure.SignatureExpire': 'clock',
  'AuthFailure.SignatureFailure': 'auth',
  'AuthFailure.SecretIdNotFound': 'auth',
  'AuthFailure.InvalidSecretId': 'auth',
  'AuthFailure.TokenFailure': 'auth',
  'AuthFailure.InvalidAuthorization': 'auth',
  'AuthFailure.MFAFailure': 'auth',
  'AuthFailure.UnauthorizedOperation': 'auth',
  UnauthorizedOperation: 'auth',
  RequestLimitExceeded: 'throttled',
  'RequestLimitExceeded.UinLimitExceeded': 'throttled',
  'RequestLimitExceeded.IPLimitExceeded': 'throttled',
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded': 'throttled',
  InternalError: 'server',
  ServiceUnavailable: 'server',
  InvalidParameter: 'invalid-input',
  InvalidParameterValue: 'invalid-input',
  MissingParameter: 'invalid-input',
  UnknownParameter: 'invalid-input',
  UnsupportedRegion: 'invalid-input',
  ResourceNotFound: 'instance-gone',
  LimitExceeded: 'invalid-input',
  IpNotInWhitelist: 'auth',
};

describe('classifyErrorCode', () => {
  it.each(Object.entries(EXPECTED))('%s → %s', (code, kind) => {
    const cls = classifyErrorCode(code);
    expect(cls.kind).toBe(kind);
    expect(isMessageKey(cls.messageKey), `message for ${cls.messageKey}`).toBe(true);
  });

  it('catalogues exactly the expected codes, each with an English message', () => {
    expect([...KNOWN_ERROR_CODES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each([
    ['AuthFailure.SomethingNew', 'auth'],
    ['UnauthorizedOperation.NewPolicyThing', 'auth'],
    ['RequestLimitExceeded.NewLimit', 'throttled'],
    ['UnsupportedOperation.InstanceStateStoppedSomething', 'instance-stopped'],
    ['UnsupportedOperation.InstanceStateShutdownNew', 'instance-stopped'],
    ['UnsupportedOperation.InstanceStateTerminatedX', 'instance-gone'],
    ['UnsupportedOperation.InstanceStateLaunchFailed', 'instance-gone'],
    ['UnsupportedOperation.InstanceStateFreezing', 'instance-transitional'],
    ['InternalError.DbError', 'server'],
    ['InvalidParameterValue.Range', 'invalid-input'],
    ['FailedOperation.Whatever', 'server'],
    ['UnsupportedOperation.InstanceState', 'server'],
    ['', 'server'],
  ] as const)('unknown code %s is classified by prefix as %s', (code, kind) => {
    const cls = classifyErrorCode(code);
    expect(cls.kind).toBe(kind);
    expect(isMessageKey(cls.messageKey)).toBe(true);
  });

  it('uses only kinds the contract knows', () => {
    for (const code of [...KNOWN_ERROR_CODES, 'X', 'AuthFailure.X']) {
      expect(ERROR_KINDS).toContain(classifyErrorCode(code).kind);
    }
  });
});

describe('apiError', () => {
  it('carries the code, kind, message key and RequestId, and keeps the server message', () => {
    const err = apiError(
      'InvalidInstanceId.NotFound',
      'The instance `ins-aaaaaaaa` is not found.',
      REQUEST_ID,
      [],
    );
    expect(err).toBeInstanceOf(CloudError);
    expect(err).toMatchObject({
      kind: 'instance-gone',
      code: 'InvalidInstanceId.NotFound',
      messageKey: 'cloud.error.instance.notFound',
      requestId: REQUEST_ID,
    });
    expect(err.message).toContain('No such instance.');
    expect(err.message).toContain('ins-aaaaaaaa');
  });

  it('scrubs secrets the server echoed and caps the length', () => {
    const err = apiError(
      'AuthFailure.SignatureFailure',
      `bad key TOPSECRETKEY ${'x'.repeat(1000)}`,
      undefined,
      ['TOPSECRETKEY', undefined],
    );
    expect(err.message).not.toContain('TOPSECRETKEY');
    expect(err.message.length).toBeLessThan(500);
    expect(err.requestId).toBeUndefined();
  });
});

describe('safeErrorCode and safeRequestId', () => {
  it('keep the documented shapes and replace anything else with a fixed placeholder', () => {
    for (const code of ['InternalError', 'AuthFailure.SignatureExpire', 'A.b_c.D9', `A${'.b'.repeat(49)}`]) {
      expect(safeErrorCode(code)).toBe(code);
    }
    for (const code of ['', '.A', 'A.', 'A..B', '9A', 'A B', 'A\nB', `A${'.b'.repeat(50)}`, 42, null]) {
      expect(safeErrorCode(code)).toBe('InvalidErrorCode');
    }
    expect(safeErrorCode('AuthFailure.TOPSECRET', ['TOPSECRET'])).toBe('InvalidErrorCode');
    expect(safeRequestId('9D2A6A4E-5B7C-4F3E-8A1D-2C3B4A5D6E7F')).toBe(
      '9D2A6A4E-5B7C-4F3E-8A1D-2C3B4A5D6E7F',
    );
    for (const id of ['req-1', `${REQUEST_ID}x`, ` ${REQUEST_ID}`, '', undefined, 7]) {
      expect(safeRequestId(id)).toBe('invalid-request-id');
    }
  });

  it('apiError drops control and formatting characters from the server message', () => {
    const err = apiError('InternalError', 'a\u0000b\u202Ec\u200Bd\r\ne', REQUEST_ID, []);
    expect(err.message).toContain('(InternalError: a b c d e)');
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence, ignores empty and tiny strings', () => {
    expect(redactSecrets('a SECRET b SECRET', ['SECRET', '', 'a'])).toBe('a *** b ***');
  });
});

describe('toEnvelope', () => {
  it('passes a CloudError through as a valid envelope', () => {
    const env = toEnvelope(
      new CloudError({
        kind: 'throttled',
        code: 'RequestLimitExceeded',
        messageKey: 'k',
        message: 'm',
        retryAfterMs: 1000,
      }),
    );
    expect(env).toEqual({
      kind: 'throttled',
      code: 'RequestLimitExceeded',
      message: 'm',
      retryAfterMs: 1000,
    });
    expect(errorEnvelopeSchema.parse(env)).toEqual(env);
  });

  it('turns anything else into an internal error that says nothing of its content', () => {
    for (const thrown of [
      new Error('key=SUPERSECRET'),
      'SUPERSECRET',
      { message: 'SUPERSECRET' },
      null,
      undefined,
    ]) {
      const env = toEnvelope(thrown);
      expect(env.kind).toBe('internal');
      expect(JSON.stringify(env)).not.toContain('SUPERSECRET');
      expect(errorEnvelopeSchema.safeParse(env).success).toBe(true);
    }
  });
});
