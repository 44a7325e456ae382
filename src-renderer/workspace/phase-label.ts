// Short words and a colour class for a console's phase, for tabs and lists.
import type { ReconnectPhase } from '../console/reconnect-types';

export type PhaseTone = 'ok' | 'busy' | 'idle' | 'bad';

const LABELS: Record<ReconnectPhase, [string, PhaseTone]> = {
  idle: ['Not connected', 'idle'],
  connecting: ['Connecting', 'busy'],
  connected: ['Connected', 'ok'],
  reconnecting: ['Reconnecting', 'busy'],
  'waiting-instance': ['Waiting for the instance', 'busy'],
  stopped: ['Instance stopped', 'idle'],
  'auth-problem': ['Key refused', 'bad'],
  gone: ['Instance gone', 'bad'],
  offline: ['Offline', 'idle'],
  failed: ['Failed', 'bad'],
  cancelled: ['Not connected', 'idle'],
};

export function phaseLabel(phase: ReconnectPhase): { text: string; tone: PhaseTone } {
  const [text, tone] = LABELS[phase];
  return { text, tone };
}
