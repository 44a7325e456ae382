// DESIGN.md §3–§4 as pure functions: what a failed attempt's error kind means for the next one, and
// what a poll of the instance's state means while waiting for a started instance to run.
import type { ErrorEnvelope, ErrorKind } from '../../src-main/contract';
import { backoffDelay } from './backoff';
import type { BackoffPolicy } from './backoff';
import { instanceStateFromCode } from './console-error';
import type { ReconnectPhase } from './reconnect-types';

export type AttemptVerdict =
  /** Stop trying by itself: the user must act (fix the key, start the instance, …). */
  | {
      action: 'halt';
      phase: Extract<ReconnectPhase, 'auth-problem' | 'gone' | 'stopped' | 'failed'>;
      instanceState?: string;
    }
  /**
   * Try again after `delayMs`. `waiting`: the instance is busy (rebooting, starting…); its state is
   * given when the error code names it, else `askState` says to look it up.
   */
  | { action: 'retry'; delayMs: number; waiting?: { instanceState?: string; askState: boolean } };

export interface AttemptStreak {
  /** Consecutive failures in this outage, counting the one being judged. */
  failures: number;
  /** The kind of the previous failure in this streak. */
  previousKind: ErrorKind | undefined;
}

/** What to do after an attempt failed with `envelope`. */
export function judgeAttemptError(
  envelope: ErrorEnvelope,
  streak: AttemptStreak,
  random: () => number,
  backoff: BackoffPolicy,
): AttemptVerdict {
  const retryAfter = envelope.retryAfterMs ?? 0;
  switch (envelope.kind) {
    case 'auth':
      return { action: 'halt', phase: 'auth-problem' };
    case 'instance-gone':
      return { action: 'halt', phase: 'gone' };
    case 'instance-stopped':
      return {
        action: 'halt',
        phase: 'stopped',
        instanceState: instanceStateFromCode(envelope.code) ?? 'STOPPED',
      };
    case 'instance-transitional': {
      const instanceState = instanceStateFromCode(envelope.code);
      // The instance needs seconds to minutes: no immediate retry here.
      const delay = backoffDelay(Math.max(streak.failures, 2), random, backoff);
      return {
        action: 'retry',
        delayMs: Math.max(delay, retryAfter),
        waiting: { ...(instanceState ? { instanceState } : {}), askState: !instanceState },
      };
    }
    case 'throttled':
    case 'network':
    case 'server':
      return {
        action: 'retry',
        delayMs: Math.max(backoffDelay(streak.failures, random, backoff), retryAfter),
      };
    case 'clock': {
      // Main corrects its clock from the server's Date header; one immediate retry, then backoff.
      const delay = streak.previousKind === 'clock' ? backoffDelay(streak.failures, random, backoff) : 0;
      return { action: 'retry', delayMs: Math.max(delay, retryAfter) };
    }
    default:
      // invalid-input, forbidden, internal: a bug or a refusal that retrying cannot fix.
      return { action: 'halt', phase: 'failed' };
  }
}

const GONE_STATES: ReadonlySet<string> = new Set(['TERMINATING', 'TERMINATED']);

export interface PollVerdict {
  /** What to show first: the state seen, or the error that kept it from being seen. */
  show: { instanceState?: string; lastError?: ErrorEnvelope };
  next: 'connect' | 'poll' | 'auth-problem' | 'gone' | 'start-timeout';
}

/**
 * After Start: one look at the instance's state (or the error asking for it), `waitedMs` after the
 * wait began. RUNNING connects; terminated, a refused key or too long a wait stops.
 */
export function judgeInstancePoll(
  result: { instanceState: string } | { error: ErrorEnvelope },
  waitedMs: number,
  startTimeoutMs: number,
): PollVerdict {
  const timedOut = waitedMs >= startTimeoutMs;
  if ('error' in result) {
    const { error } = result;
    const show = { lastError: error };
    if (error.kind === 'auth') return { show, next: 'auth-problem' };
    if (error.kind === 'instance-gone') return { show, next: 'gone' };
    return { show, next: timedOut ? 'start-timeout' : 'poll' };
  }
  const show = { instanceState: result.instanceState };
  if (result.instanceState === 'RUNNING') return { show, next: 'connect' };
  if (GONE_STATES.has(result.instanceState)) return { show, next: 'gone' };
  return { show, next: timedOut ? 'start-timeout' : 'poll' };
}
