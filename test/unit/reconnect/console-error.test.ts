import { describe, expect, it } from 'vitest';
import { instanceStateFromCode, toErrorEnvelope } from '../../../src-renderer/console/console-error';

describe('toErrorEnvelope', () => {
  it('keeps the envelope fields and nothing else', () => {
    const thrown = Object.assign(new Error('limit'), {
      kind: 'throttled',
      code: 'ConsoleAttemptLimit',
      retryAfterMs: 1234,
      url: 'wss://x/vnc?s=SECRET',
    });
    expect(toErrorEnvelope(thrown)).toEqual({
      kind: 'throttled',
      code: 'ConsoleAttemptLimit',
      message: 'limit',
      retryAfterMs: 1234,
    });
  });

  it('turns anything that is not an envelope into an internal error without copying its text', () => {
    for (const bad of [new Error('wss://x/vnc?s=SECRET'), 'boom', null, undefined, { kind: 'nope' }, 42]) {
      const e = toErrorEnvelope(bad);
      expect(e.kind).toBe('internal');
      expect(JSON.stringify(e)).not.toContain('SECRET');
    }
  });

  it('drops a negative or non-numeric retryAfterMs', () => {
    expect(
      toErrorEnvelope({ kind: 'network', code: 'X', message: 'm', retryAfterMs: -1 }),
    ).not.toHaveProperty('retryAfterMs');
    expect(
      toErrorEnvelope({ kind: 'network', code: 'X', message: 'm', retryAfterMs: '5' }),
    ).not.toHaveProperty('retryAfterMs');
  });
});

describe('instanceStateFromCode', () => {
  it('reads the state named by DescribeInstanceVncUrl error codes', () => {
    expect(instanceStateFromCode('UnsupportedOperation.InstanceStateRebooting')).toBe('REBOOTING');
    expect(instanceStateFromCode('UnsupportedOperation.InstanceStateEnterRescueMode')).toBe(
      'ENTER_RESCUE_MODE',
    );
    expect(instanceStateFromCode('UnsupportedOperation.InstanceStateExitServiceLiveMigrate')).toBe(
      'EXIT_SERVICE_LIVE_MIGRATE',
    );
    expect(instanceStateFromCode('UnsupportedOperation.InstanceStateStopped')).toBe('STOPPED');
    expect(instanceStateFromCode('UnsupportedOperation.StoppedModeStopCharging')).toBe('STOPPED');
  });

  it('returns undefined when the code names no state', () => {
    expect(instanceStateFromCode('OperationDenied.InstanceOperationInProgress')).toBeUndefined();
    expect(instanceStateFromCode('InvalidInstanceState')).toBeUndefined();
    expect(instanceStateFromCode('')).toBeUndefined();
  });
});
