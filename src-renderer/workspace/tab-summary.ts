// The status bar's one line about the open consoles: how many are in each state that matters to an
// operator ("9 connected · 1 stopped · 1 failed"), not a count of tabs.
import type { ReconnectPhase } from '../console/reconnect-types';
import { t } from '../lib/translate';

const GROUP = {
  connected: 'phase.groupConnected',
  connecting: 'phase.groupConnecting',
  reconnecting: 'phase.groupConnecting',
  'waiting-instance': 'phase.groupConnecting',
  stopped: 'phase.groupStopped',
  idle: 'phase.groupNotConnected',
  cancelled: 'phase.groupNotConnected',
  offline: 'phase.groupOffline',
  failed: 'phase.groupFailed',
  'auth-problem': 'phase.groupFailed',
  gone: 'phase.groupFailed',
} as const satisfies Record<ReconnectPhase, string>;
type Group = (typeof GROUP)[ReconnectPhase];

const ORDER: readonly Group[] = [
  'phase.groupConnected',
  'phase.groupConnecting',
  'phase.groupStopped',
  'phase.groupNotConnected',
  'phase.groupOffline',
  'phase.groupFailed',
];

export function tabSummary(phases: readonly ReconnectPhase[]): string {
  const counts = new Map<Group, number>();
  for (const phase of phases) counts.set(GROUP[phase], (counts.get(GROUP[phase]) ?? 0) + 1);
  return ORDER.filter((group) => counts.has(group))
    .map((group) => t(group, { count: counts.get(group)! }))
    .join(' · ');
}
