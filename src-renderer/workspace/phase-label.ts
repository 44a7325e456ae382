// Short words and a colour class for a console's phase, for tabs and lists.
import type { ReconnectPhase } from '../console/reconnect-types';
import { t } from '../lib/translate';

export type PhaseTone = 'ok' | 'busy' | 'idle' | 'bad';

const LABELS = {
  idle: ['phase.notConnected', 'idle'],
  connecting: ['phase.connecting', 'busy'],
  connected: ['phase.connected', 'ok'],
  reconnecting: ['phase.reconnecting', 'busy'],
  'waiting-instance': ['phase.waiting', 'busy'],
  stopped: ['phase.stopped', 'idle'],
  'auth-problem': ['phase.keyRefused', 'bad'],
  gone: ['phase.gone', 'bad'],
  offline: ['phase.offline', 'idle'],
  failed: ['phase.failed', 'bad'],
  cancelled: ['phase.notConnected', 'idle'],
} as const satisfies Record<ReconnectPhase, readonly [string, PhaseTone]>;

export function phaseLabel(phase: ReconnectPhase): { text: string; tone: PhaseTone } {
  const [key, tone] = LABELS[phase];
  return { text: t(key), tone };
}
