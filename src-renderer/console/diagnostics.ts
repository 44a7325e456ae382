// "Copy diagnostics": a plain-text report of one console's recent attempts (what was tried, the
// error kinds, codes and RequestIds, HTTP statuses) for a support ticket. It never contains a
// console URL, its one-time token or a key: the attempt log holds none, and the text is scrubbed
// once more before it leaves, in case a server ever echoed one into a message.
import type { InstanceRef } from '../../src-main/contract';
import type { AttemptEntry } from './attempt-log';
import type { ReconnectState } from './reconnect-types';

export interface DiagnosticsInput {
  ref: InstanceRef;
  title: string;
  state: ReconnectState;
  entries: readonly AttemptEntry[];
  /** Epoch ms of the report. */
  now: number;
  appVersion?: string;
}

/** URLs (with their query), token/password/signature parameters and SecretIds are cut out. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\b(?:wss?|https?):\/\/[^\s"'<>]+/gi, '[url removed]')
    .replace(/(^|[?&;\s])((?:s|token|password|signature|secret\w*)=)[^\s&"']+/gi, '$1$2[removed]')
    .replace(/\bAKID[A-Za-z0-9]{4,}/g, 'AKID[removed]');
}

function time(at: number): string {
  return new Date(at).toISOString();
}

function line(entry: AttemptEntry): string {
  const detail = Object.entries(entry.detail)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  return `${time(entry.at)} ${entry.event}${detail ? ` ${detail}` : ''}`;
}

export function diagnosticsText(input: DiagnosticsInput): string {
  const { ref, state } = input;
  const requestIds = [
    ...new Set(
      input.entries.flatMap((e) =>
        typeof e.detail['requestId'] === 'string' ? [e.detail['requestId']] : [],
      ),
    ),
  ];
  if (state.lastError?.requestId && !requestIds.includes(state.lastError.requestId))
    requestIds.push(state.lastError.requestId);
  const lines = [
    'CVM Console diagnostics',
    `Time: ${time(input.now)}`,
    ...(input.appVersion ? [`App: ${input.appVersion}`] : []),
    `Instance: ${ref.instanceId} (${input.title || 'no name'}), region ${ref.region}, profile ${ref.profileId}`,
    `State: ${state.phase}, attempt ${state.attempt}${state.reason ? `, reason ${state.reason}` : ''}${
      state.instanceState ? `, instance ${state.instanceState}` : ''
    }`,
  ];
  if (state.lastError) {
    lines.push(`Last error: ${state.lastError.kind} ${state.lastError.code}: ${state.lastError.message}`);
  }
  lines.push(`RequestIds: ${requestIds.length > 0 ? requestIds.join(', ') : 'none'}`);
  lines.push('Attempt log (oldest first):');
  lines.push(...input.entries.map(line));
  return scrubSecrets(lines.join('\n'));
}
