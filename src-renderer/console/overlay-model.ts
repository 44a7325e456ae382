// What the console overlay says and offers for each state of the reconnect machine. Pure, so the
// wording and the choice of buttons are tested without a DOM. The headline and its sentence are
// plain words (failure-cause.ts); the raw API text and code only go under "Details". After
// GUIDANCE_AFTER_FAILURES failed attempts in a row, or when the machine has stopped on an error,
// the overlay also says what usually helps and offers the ways out.
import { t } from '../lib/translate';
import { instanceStateKey } from '../../i18n/instance-states';
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

const REASONS = {
  start: 'overlay.start',
  drop: 'overlay.drop',
  'dead-link': 'overlay.deadLink',
  'connect-failed': 'overlay.connectFailed',
  'connect-timeout': 'overlay.connectTimeout',
  'attempt-limit': 'overlay.attemptLimit',
  'instance-starting': 'overlay.instanceStarting',
  'instance-running': 'overlay.instanceRunning',
  'start-timeout': 'overlay.startTimeout',
  credentials: 'overlay.credentials',
  'vnc-auth': 'overlay.vncAuth',
  offline: 'overlay.offline',
  resume: 'overlay.resume',
  'retry-now': 'overlay.retryNow',
  'gave-up': 'overlay.gaveUp',
  cancelled: 'overlay.cancelled',
  'user-disconnect': 'overlay.userDisconnect',
} as const satisfies Partial<Record<ReconnectReason, string>>;

function reasonKey(reason: ReconnectReason | undefined) {
  return reason !== undefined && Object.hasOwn(REASONS, reason)
    ? REASONS[reason as keyof typeof REASONS]
    : undefined;
}

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
  if (reason === 'instance-busy') return t('overlay.busy');
  const key = reasonKey(reason);
  return key ? t(key) : '';
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
        return { ...base, title: t('overlay.disconnected'), tone: 'info', actions: ['reconnect'] };
      return { ...base, title: t('overlay.preparing'), tone: 'busy', actions: [] };
    case 'connecting':
      return retrying(
        state.attempt > 1
          ? t('overlay.connectingAttempt', { attempt: state.attempt })
          : t('overlay.connecting'),
      );
    case 'reconnecting':
      return retrying(t('overlay.reconnecting', { attempt: Math.max(1, state.attempt) }));
    case 'waiting-instance':
      return retrying(
        state.instanceState
          ? t('overlay.waitingState', { state: t(instanceStateKey(state.instanceState)) })
          : t('overlay.waiting'),
      );
    case 'offline':
      return {
        ...base,
        title: t('overlay.offlineTitle'),
        tone: 'warn',
        detail: detail || t(REASONS.offline),
        actions: ['retry', 'cancel'],
      };
    case 'stopped':
      return {
        ...base,
        title: t('overlay.stoppedTitle'),
        tone: 'warn',
        detail: state.reason === 'start-failed' ? detail : t('overlay.stoppedDetail'),
        instanceState: state.instanceState ?? 'STOPPED',
        actions: ['start', 'cancel'],
      };
    case 'auth-problem':
      return {
        ...base,
        // A temporary key that lapsed is not "refused": say what happened (reconnects wait for a new key).
        title:
          state.lastError?.code === 'CredentialsExpired' ? t('overlay.keyExpired') : t('overlay.keyRefused'),
        tone: 'error',
        profileHint: true,
        actions: ['retry'],
      };
    case 'gone':
      return {
        ...base,
        title: t('overlay.goneTitle'),
        tone: 'error',
        detail: detail || t('overlay.goneDetail'),
        actions: ['refresh-list', 'close-tab'],
      };
    case 'failed':
      if (state.reason === 'vnc-auth') {
        return {
          ...base,
          title: t('overlay.passwordNeeded'),
          tone: 'warn',
          askPassword: true,
          actions: ['cancel'],
        };
      }
      return {
        ...base,
        title: t('overlay.failedTitle'),
        tone: 'error',
        actions: ['retry'],
      };
    case 'cancelled':
      return { ...base, title: t('overlay.notConnected'), tone: 'info', actions: ['reconnect'] };
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
