import { describe, expect, it } from 'vitest';
import { describeOverlay, reasonText } from '../../../src-renderer/console/overlay-model';
import type { ReconnectState } from '../../../src-renderer/console/reconnect-types';

const at = (s: Partial<ReconnectState> & Pick<ReconnectState, 'phase'>): ReconnectState => ({
  attempt: 0,
  ...s,
});

describe('describeOverlay', () => {
  it('shows nothing while connected', () => {
    expect(describeOverlay(at({ phase: 'connected' }), 0)).toBeNull();
  });

  it('counts reconnect attempts down to the next one, with the reason, Retry now and Cancel', () => {
    const model = describeOverlay(
      at({ phase: 'reconnecting', attempt: 3, reason: 'drop', nextAttemptAt: 10_500 }),
      8_000,
    )!;
    expect(model.title).toBe('Reconnecting (attempt 3)…');
    expect(model.detail).toBe('The connection dropped.');
    expect(model.countdownS).toBe(3);
    expect(model.actions).toEqual(['retry', 'cancel']);
    // A countdown never shows a negative number once the moment has passed.
    expect(
      describeOverlay(at({ phase: 'reconnecting', attempt: 1, nextAttemptAt: 1000 }), 5000)!.countdownS,
    ).toBe(0);
  });

  it('offers only Cancel while an attempt is under way (no countdown)', () => {
    const model = describeOverlay(at({ phase: 'connecting', attempt: 1, reason: 'start' }), 0)!;
    expect(model.title).toBe('Connecting…');
    expect(model.countdownS).toBeUndefined();
    expect(model.actions).toEqual(['cancel']);
    expect(describeOverlay(at({ phase: 'connecting', attempt: 2 }), 0)!.title).toBe(
      'Connecting (attempt 2)…',
    );
  });

  it('names a dead link as such', () => {
    expect(describeOverlay(at({ phase: 'reconnecting', reason: 'dead-link' }), 0)!.detail).toMatch(
      /went silent/,
    );
  });

  it('waits for a busy instance and shows its state', () => {
    const model = describeOverlay(
      at({
        phase: 'waiting-instance',
        reason: 'instance-busy',
        instanceState: 'REBOOTING',
        nextAttemptAt: 4000,
        lastError: { kind: 'instance-transitional', code: 'X', message: 'The instance is rebooting.' },
      }),
      1000,
    )!;
    expect(model.title).toBe('Waiting for the instance (REBOOTING)');
    expect(model.instanceState).toBe('REBOOTING');
    expect(model.detail).toBe('The instance is rebooting.');
    expect(model.countdownS).toBe(3);
  });

  it('offers Start for a stopped instance, and shows why a Start failed', () => {
    const stopped = describeOverlay(at({ phase: 'stopped', instanceState: 'STOPPED', reason: 'error' }), 0)!;
    expect(stopped.title).toBe('The instance is stopped');
    expect(stopped.actions).toEqual(['start', 'cancel']);
    expect(stopped.instanceState).toBe('STOPPED');
    const failed = describeOverlay(
      at({
        phase: 'stopped',
        reason: 'start-failed',
        lastError: { kind: 'server', code: 'InternalError', message: 'Start went wrong.' },
      }),
      0,
    )!;
    expect(failed.detail).toBe('Start went wrong.');
  });

  it('points at the profile when the API refuses the key', () => {
    const model = describeOverlay(
      at({
        phase: 'auth-problem',
        reason: 'error',
        lastError: {
          kind: 'auth',
          code: 'AuthFailure.SecretIdNotFound',
          message: 'The SecretId is not found.',
        },
      }),
      0,
    )!;
    expect(model.profileHint).toBe(true);
    expect(model.tone).toBe('error');
    expect(model.detail).toBe('The SecretId is not found.');
  });

  it('asks for the VNC password after the server refused one, and offers Retry and the web console on failure', () => {
    expect(describeOverlay(at({ phase: 'failed', reason: 'vnc-auth' }), 0)!.askPassword).toBe(true);
    const failed = describeOverlay(at({ phase: 'failed', reason: 'gave-up' }), 0)!;
    expect(failed.askPassword).toBe(false);
    expect(failed.actions).toEqual(['retry', 'web-console']);
    expect(failed.detail).toMatch(/10 minutes/);
  });

  it('offers Reconnect after the user disconnected, and says so', () => {
    const model = describeOverlay(at({ phase: 'idle', reason: 'user-disconnect' }), 0)!;
    expect(model.title).toBe('Disconnected');
    expect(model.actions).toEqual(['reconnect']);
    expect(describeOverlay(at({ phase: 'cancelled', reason: 'cancelled' }), 0)!.actions).toEqual([
      'reconnect',
    ]);
  });

  it('covers offline and gone', () => {
    expect(describeOverlay(at({ phase: 'offline', reason: 'offline' }), 0)!).toMatchObject({
      title: 'Offline',
      actions: ['retry', 'cancel'],
    });
    expect(describeOverlay(at({ phase: 'gone', reason: 'error' }), 0)!.title).toBe('The instance is gone');
  });
});

describe('reasonText', () => {
  it('prefers the API error message for API failures, the reason otherwise', () => {
    const lastError = { kind: 'network' as const, code: 'Timeout', message: 'The API did not answer.' };
    expect(reasonText(at({ phase: 'reconnecting', reason: 'api-error', lastError }))).toBe(
      'The API did not answer.',
    );
    expect(reasonText(at({ phase: 'reconnecting', reason: 'connect-timeout', lastError }))).toBe(
      'The console did not answer in time.',
    );
  });
});
