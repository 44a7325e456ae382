import { describe, expect, it } from 'vitest';
import { instanceStateFromCode } from '../../../../src-renderer/console/console-error';

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
