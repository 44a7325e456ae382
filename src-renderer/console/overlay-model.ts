// What the console overlay says and offers for each state of the reconnect machine. Pure, so the
// wording and the choice of buttons are tested without a DOM.
import type { ReconnectReason, ReconnectState } from './reconnect-types';

export type OverlayAction = 'cancel' | 'retry' | 'start' | 'reconnect' | 'web-console';

export type OverlayTone = 'busy' | 'info' | 'warn' | 'error';

export interface OverlayModel {
  title: string;
  /** Why, in a sentence (may be empty). */
  detail: string;
  tone: OverlayTone;
  /** Seconds until the next attempt, while a countdown runs. */
  countdownS?: number;
  /** The instance's state when known (RUNNING, STOPPED, REBOOTING, …). */
  instanceState?: string;
  /** Ask for the VNC password (after the server refused the one we had). */
  askPassword: boolean;
  /** Point the user at the key profile (the API refused the key). */
  profileHint: boolean;
  actions: OverlayAction[];
}

const REASONS: Partial<Record<ReconnectReason, string>> = {
  start: 'Opening the console.',
  drop: 'The connection dropped.',
  'dead-link': 'The link went silent: nothing came back from the console.',
  'connect-failed': 'The console connection closed before it was ready.',
  'connect-timeout': 'The console did not answer in time.',
  'attempt-limit': 'Pausing: at most 30 attempts per minute.',
  'instance-starting': 'Starting the instance…',
  'instance-running': 'The instance is running again.',
  'start-timeout': 'The instance did not reach RUNNING in time.',
  credentials: 'The VNC server asks for a password.',
  'vnc-auth': 'The VNC server refused the password.',
  offline: 'This computer is offline.',
  resume: 'The computer woke from sleep.',
  'retry-now': 'Retrying now.',
  'gave-up': 'The console stayed unreachable for 10 minutes, so it stopped trying.',
  cancelled: 'Cancelled.',
  'user-disconnect': 'You disconnected.',
};

/** The reason in words; an error the API gave wins, since it is the most specific. */
export function reasonText(state: ReconnectState): string {
  const { reason, lastError } = state;
  const useError =
    lastError?.message &&
    (reason === undefined ||
      reason === 'api-error' ||
      reason === 'error' ||
      reason === 'start-failed' ||
      reason === 'instance-busy');
  if (useError) return lastError.message;
  if (reason === 'instance-busy') return 'The instance is busy.';
  return (reason && REASONS[reason]) ?? '';
}

export function countdownSeconds(nextAttemptAt: number | undefined, now: number): number | undefined {
  if (nextAttemptAt === undefined) return undefined;
  return Math.max(0, Math.ceil((nextAttemptAt - now) / 1000));
}

/** null while connected: no overlay at all. */
export function describeOverlay(state: ReconnectState, now: number): OverlayModel | null {
  const detail = reasonText(state);
  const base = {
    detail,
    askPassword: false,
    profileHint: false,
    ...(state.instanceState ? { instanceState: state.instanceState } : {}),
    ...(state.nextAttemptAt !== undefined ? { countdownS: countdownSeconds(state.nextAttemptAt, now) } : {}),
  };
  const retrying = (title: string): OverlayModel => ({
    ...base,
    title,
    tone: 'busy',
    actions: state.nextAttemptAt !== undefined ? ['retry', 'cancel'] : ['cancel'],
  });
  switch (state.phase) {
    case 'connected':
      return null;
    case 'idle':
      if (state.reason === 'user-disconnect')
        return { ...base, title: 'Disconnected', tone: 'info', actions: ['reconnect'] };
      return { ...base, title: 'Preparing the console…', tone: 'busy', actions: [] };
    case 'connecting':
      return retrying(state.attempt > 1 ? `Connecting (attempt ${state.attempt})…` : 'Connecting…');
    case 'reconnecting':
      return retrying(`Reconnecting (attempt ${Math.max(1, state.attempt)})…`);
    case 'waiting-instance':
      return retrying(
        state.instanceState
          ? `Waiting for the instance (${state.instanceState})`
          : 'Waiting for the instance',
      );
    case 'offline':
      return {
        ...base,
        title: 'Offline',
        tone: 'warn',
        detail: detail || REASONS.offline!,
        actions: ['retry', 'cancel'],
      };
    case 'stopped':
      return {
        ...base,
        title: 'The instance is stopped',
        tone: 'warn',
        detail:
          state.reason === 'start-failed'
            ? detail
            : 'Start it and the console will connect once it is running.',
        instanceState: state.instanceState ?? 'STOPPED',
        actions: ['start', 'cancel'],
      };
    case 'auth-problem':
      return {
        ...base,
        title: 'The API key was refused',
        tone: 'error',
        profileHint: true,
        actions: ['retry'],
      };
    case 'gone':
      return {
        ...base,
        title: 'The instance is gone',
        tone: 'error',
        detail: detail || 'It was terminated or does not exist in this region.',
        actions: ['retry'],
      };
    case 'failed':
      if (state.reason === 'vnc-auth') {
        return { ...base, title: 'Password needed', tone: 'warn', askPassword: true, actions: ['cancel'] };
      }
      return {
        ...base,
        title: 'Could not open the console',
        tone: 'error',
        actions: ['retry', 'web-console'],
      };
    case 'cancelled':
      return { ...base, title: 'Not connected', tone: 'info', actions: ['reconnect'] };
  }
}
