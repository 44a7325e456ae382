// What a power action will do, said before it is done, and how far it has come for each instance.
// Pure functions: the dialog and the table only show what these decide.
import type { ErrorEnvelope, PowerAction } from '../../src-main/contract';
import type { InventoryRow } from './search-index';

/** The state each action needs; Tencent refuses the others (and the dialog says so first). */
export const REQUIRED_STATE: Record<PowerAction, string> = {
  start: 'STOPPED',
  stop: 'RUNNING',
  reboot: 'RUNNING',
};

/** Where each action ends when it succeeds. */
export const FINAL_STATE: Record<PowerAction, string> = {
  start: 'RUNNING',
  stop: 'STOPPED',
  reboot: 'RUNNING',
};

export const ACTION_LABEL: Record<PowerAction, string> = { start: 'Start', stop: 'Stop', reboot: 'Reboot' };

export interface PowerPlan {
  action: PowerAction;
  rows: InventoryRow[];
  /** Rows not in the state the action needs: sent anyway, Tencent's answer is shown for each. */
  unlikely: InventoryRow[];
  regions: number;
  /** Any pay-as-you-go instance: Stop may stop charging for it. */
  canStopCharging: boolean;
}

export function planPower(action: PowerAction, rows: readonly InventoryRow[]): PowerPlan {
  return {
    action,
    rows: [...rows],
    unlikely: rows.filter((r) => r.state !== REQUIRED_STATE[action]),
    regions: new Set(rows.map((r) => `${r.profileId}/${r.region}`)).size,
    canStopCharging: action === 'stop' && rows.some((r) => r.chargeType === 'POSTPAID_BY_HOUR'),
  };
}

/** "web-prod-01 (ins-…, ap-guangzhou)": a name alone can be shared by several instances. */
export function instanceLabel(row: InventoryRow): string {
  return row.name ? `${row.name} (${row.instanceId}, ${row.region})` : `${row.instanceId} (${row.region})`;
}

export type PowerPhase = 'sending' | 'accepted' | 'unknown' | 'refused' | 'settled';

export interface PowerProgress {
  action: PowerAction;
  phase: PowerPhase;
  error?: ErrorEnvelope;
  /** A transitional state was seen since Tencent accepted (a reboot shows REBOOTING, then RUNNING). */
  moved: boolean;
}

const RESTING = new Set(['RUNNING', 'STOPPED', 'SHUTDOWN', 'LAUNCH_FAILED', 'TERMINATED']);

/** Follows an accepted (or unknown) action as the instance's state arrives. */
export function followState(progress: PowerProgress, state: string): PowerProgress {
  if (progress.phase !== 'accepted' && progress.phase !== 'unknown') return progress;
  const moved = progress.moved || !RESTING.has(state);
  const done = state === FINAL_STATE[progress.action] && (progress.action !== 'reboot' || moved);
  return done ? { ...progress, moved, phase: 'settled' } : { ...progress, moved };
}

export function progressLabel(progress: PowerProgress, state: string): string {
  switch (progress.phase) {
    case 'sending':
      return `${ACTION_LABEL[progress.action]}: sending…`;
    case 'accepted':
      return `${ACTION_LABEL[progress.action]}: accepted, ${state}`;
    case 'unknown':
      return `${ACTION_LABEL[progress.action]}: no answer (${progress.error?.code ?? 'network'}); watching its state, ${state}`;
    case 'refused':
      return `${ACTION_LABEL[progress.action]} refused: ${progress.error?.code ?? ''}`;
    case 'settled':
      return `${ACTION_LABEL[progress.action]}: done, ${state}`;
  }
}
