// What the console overlay says and offers for each state of the reconnect machine. Pure, so the
// wording and the choice of buttons are tested without a DOM. The headline and its sentence are
// plain words (failure-cause.ts); the raw API text and code only go under "Details". After
// GUIDANCE_AFTER_FAILURES failed attempts in a row, or when the machine has stopped on an error,
// the overlay also says what usually helps and offers the ways out.
import { failureCause } from './failure-cause';
import type { ReconnectReason, ReconnectState } from './reconnect-types';

export type OverlayAction =
  'cancel' | 'retry' | 'start' | 'reconnect' | 'web-console' | 'refresh-list' | 'close-tab';

/** "After about three failed attempts" the overlay explains and offers the ways out. */
export const GUIDANCE_AFTER_FAILURES = 3;

/** What the overlay knows besides the machine's state. */
export interface OverlayContext {
  /** Attempts that failed in a row (the console's attempt log). */
  failures: number;
  /** Tencent's web console can open this instance (a key profile; not the demo cloud). */
  webConsole: boolean;
  /** The HTTP status with which the console gateway refused the last handshake, when known. */
  httpStatus?: number;
}

/** The raw error, for the "Details" disclosure and its Copy button. */
export interface OverlayDetails {
  code: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
}

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
  /** What usually helps, once it keeps failing (or has stopped on an error). */
  advice?: string;
  /** The raw error under "Details". */
  details?: OverlayDetails;
  /** Offer "Copy diagnostics". */
  diagnostics: boolean;
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

/** Reasons that mean "the last attempt failed with lastError": its cause in plain words is the reason. */
const ERROR_REASONS: ReadonlySet<ReconnectReason | undefined> = new Set([
  undefined,
  'api-error',
  'error',
  'start-failed',
  'instance-busy',
  'connect-failed',
  'connect-timeout',
]);

/** The reason in plain words; the cause of the last error wins, since it is the most specific. */
export function reasonText(state: ReconnectState, httpStatus?: number): string {
  const { reason, lastError } = state;
  if (lastError && ERROR_REASONS.has(reason)) return failureCause(lastError, httpStatus).cause;
  if (reason === 'instance-busy') return 'The instance is busy.';
  return (reason && REASONS[reason]) ?? '';
}

export function countdownSeconds(nextAttemptAt: number | undefined, now: number): number | undefined {
  if (nextAttemptAt === undefined) return undefined;
  return Math.max(0, Math.ceil((nextAttemptAt - now) / 1000));
}

const NO_CONTEXT: OverlayContext = { failures: 0, webConsole: false };

/** null while connected: no overlay at all. */
export function describeOverlay(
  state: ReconnectState,
  now: number,
  context: OverlayContext = NO_CONTEXT,
): OverlayModel | null {
  const model = describePhase(state, now, context);
  if (!model) return null;
  return withGuidance(model, state, context);
}

/** The phase's title, sentence and buttons. */
function describePhase(state: ReconnectState, now: number, context: OverlayContext): OverlayModel | null {
  const detail = reasonText(state, context.httpStatus);
  const base = {
    detail,
    askPassword: false,
    profileHint: false,
    diagnostics: false,
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
        actions: ['refresh-list', 'close-tab'],
      };
    case 'failed':
      if (state.reason === 'vnc-auth') {
        return { ...base, title: 'Password needed', tone: 'warn', askPassword: true, actions: ['cancel'] };
      }
      return {
        ...base,
        title: 'Could not open the console',
        tone: 'error',
        actions: ['retry'],
      };
    case 'cancelled':
      return { ...base, title: 'Not connected', tone: 'info', actions: ['reconnect'] };
  }
}

/** Phases in which the machine has stopped on an error: guidance at once. */
const STOPPED_ON_ERROR: ReadonlySet<ReconnectState['phase']> = new Set(['failed', 'auth-problem', 'gone']);
/** Phases in which the machine keeps trying by itself: guidance after a few failures. */
const TRYING: ReadonlySet<ReconnectState['phase']> = new Set([
  'connecting',
  'reconnecting',
  'waiting-instance',
]);

/** Adds the advice, the raw error under Details, Copy diagnostics and the web-console way out. */
function withGuidance(model: OverlayModel, state: ReconnectState, context: OverlayContext): OverlayModel {
  const { lastError } = state;
  const vncAuth = state.phase === 'failed' && state.reason === 'vnc-auth';
  const guided =
    !vncAuth &&
    (STOPPED_ON_ERROR.has(state.phase) ||
      state.reason === 'start-failed' ||
      (TRYING.has(state.phase) && context.failures >= GUIDANCE_AFTER_FAILURES));
  if (!guided) return model;
  const { advice } = failureCause(lastError, context.httpStatus);
  const details: OverlayDetails | undefined = lastError
    ? {
        code: lastError.code,
        message: lastError.message,
        ...(lastError.requestId ? { requestId: lastError.requestId } : {}),
        ...(context.httpStatus !== undefined ? { httpStatus: context.httpStatus } : {}),
      }
    : undefined;
  // The web console cannot help with a refused key or an instance that is gone.
  const webConsole =
    context.webConsole && state.phase !== 'gone' && state.phase !== 'auth-problem'
      ? ['web-console' as const]
      : [];
  return {
    ...model,
    // A refused key already points at the profile (profileHint).
    ...(advice && !model.profileHint ? { advice } : {}),
    ...(details ? { details } : {}),
    diagnostics: true,
    actions: [...model.actions, ...webConsole],
  };
}
