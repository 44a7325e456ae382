// What a power action will do, said before it is done, and how far it has come for each instance.
// Pure functions: the dialog and the table only show what these decide.
import type { ErrorEnvelope, PowerAction } from '../../src-main/contract';
import type { InventoryRow } from './search-index';
import { t } from '../lib/translate';

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

/** Each action's name in the catalogue (Tencent's console: 开机 / 关机 / 重启). */
export const ACTION_LABEL = {
  start: 'powerAction.start',
  stop: 'powerAction.stop',
  reboot: 'powerAction.reboot',
} as const satisfies Record<PowerAction, string>;

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
  const action = t(ACTION_LABEL[progress.action]);
  switch (progress.phase) {
    case 'sending':
      return t('inventory.progressSending', { action });
    case 'accepted':
      return t('inventory.progressAccepted', { action, state });
    case 'unknown':
      return t('inventory.progressUnknown', { action, code: progress.error?.code ?? 'network', state });
    case 'refused':
      return t('inventory.progressRefused', { action, code: progress.error?.code ?? '' });
    case 'settled':
      return t('inventory.progressSettled', { action, state });
  }
}
