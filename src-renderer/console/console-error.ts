// Reads the instance state a DescribeInstanceVncUrl error code names (the reconnect policy waits
// for the instance instead of retrying the connect).

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
