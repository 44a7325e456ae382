// Tencent's instance states (DescribeInstances' InstanceState) → their catalogue keys, written out
// so every key is a literal (the catalogue check finds its use) and an unknown state stays unknown.
import type en from './en';

type InstanceStateKey = `instanceState.${keyof typeof en.instanceState}`;

const STATE_KEYS: Readonly<Record<string, InstanceStateKey>> = {
  PENDING: 'instanceState.pending',
  LAUNCH_FAILED: 'instanceState.launchFailed',
  RUNNING: 'instanceState.running',
  STOPPED: 'instanceState.stopped',
  STARTING: 'instanceState.starting',
  STOPPING: 'instanceState.stopping',
  REBOOTING: 'instanceState.rebooting',
  SHUTDOWN: 'instanceState.shutdown',
  TERMINATING: 'instanceState.terminating',
};

/** The key of a state's name; `instanceState.unknown` for any state Tencent adds later. */
export function instanceStateKey(state: string): InstanceStateKey {
  return Object.hasOwn(STATE_KEYS, state) ? STATE_KEYS[state]! : 'instanceState.unknown';
}
