// The status bar's one line about the open consoles: how many are in each state that matters to an
// operator ("9 connected · 1 stopped · 1 failed"), not a count of tabs.
import type { ReconnectPhase } from '../console/reconnect-types';

const GROUP: Record<ReconnectPhase, string> = {
  connected: 'connected',
  connecting: 'connecting',
  reconnecting: 'connecting',
  'waiting-instance': 'connecting',
  stopped: 'stopped',
  idle: 'not connected',
  cancelled: 'not connected',
  offline: 'offline',
  failed: 'failed',
  'auth-problem': 'failed',
  gone: 'failed',
};

const ORDER = ['connected', 'connecting', 'stopped', 'not connected', 'offline', 'failed'];

export function tabSummary(phases: readonly ReconnectPhase[]): string {
  const counts = new Map<string, number>();
  for (const phase of phases) counts.set(GROUP[phase], (counts.get(GROUP[phase]) ?? 0) + 1);
  return ORDER.filter((group) => counts.has(group))
    .map((group) => `${counts.get(group)} ${group}`)
    .join(' · ');
}
