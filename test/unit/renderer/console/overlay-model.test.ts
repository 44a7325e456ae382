import { describe, expect, it } from 'vitest';
import {
  GUIDANCE_AFTER_FAILURES,
  describeOverlay,
  reasonText,
} from '../../../../src-renderer/console/overlay-model';
import type { ReconnectState } from '../../../../src-renderer/console/reconnect-types';

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
    expect(model.title).toBe('Waiting for the instance (rebooting)');
    expect(model.instanceState).toBe('REBOOTING');
    // Plain words in the sentence; the API's own text only under Details, once it keeps failing.
    expect(model.detail).toMatch(/^The instance is busy/);
    expect(model.details).toBeUndefined();
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
    expect(failed.detail).toBe('Tencent Cloud answered with an error.');
    expect(failed.details).toMatchObject({ code: 'InternalError', message: 'Start went wrong.' });
  });

  it('says a temporary key lapsed rather than was refused, with the vault’s words under Details', () => {
    const message = 'The temporary key of "Temporary" has expired at 10:00.';
    const model = describeOverlay(
      at({
        phase: 'auth-problem',
        reason: 'error',
        lastError: { kind: 'auth', code: 'CredentialsExpired', message },
      }),
      0,
    )!;
    expect(model.title).toBe('The temporary key has expired');
    expect(model.detail).toBe('The temporary key of this profile has expired.');
    expect(model.details).toEqual({ code: 'CredentialsExpired', message });
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
    expect(model.detail).toBe('Tencent Cloud refused the API key.');
    expect(model.details).toEqual({
      code: 'AuthFailure.SecretIdNotFound',
      message: 'The SecretId is not found.',
    });
    expect(model.diagnostics).toBe(true);
    // The web console cannot help with a refused key.
    expect(
      describeOverlay(at({ phase: 'auth-problem', reason: 'error' }), 0, { failures: 3, webConsole: true })!
        .actions,
    ).not.toContain('web-console');
  });

  it('asks for the VNC password after the server refused one, and offers Retry and the web console on failure', () => {
    expect(describeOverlay(at({ phase: 'failed', reason: 'vnc-auth' }), 0)!.askPassword).toBe(true);
    const failed = describeOverlay(at({ phase: 'failed', reason: 'gave-up' }), 0, {
      failures: 0,
      webConsole: true,
    })!;
    expect(failed.askPassword).toBe(false);
    expect(failed.actions).toEqual(['retry', 'web-console']);
    // The demo cloud has no Tencent web console to offer.
    expect(describeOverlay(at({ phase: 'failed', reason: 'gave-up' }), 0)!.actions).toEqual(['retry']);
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
    const gone = describeOverlay(at({ phase: 'gone', reason: 'error' }), 0, {
      failures: 0,
      webConsole: true,
    })!;
    expect(gone.title).toBe('The instance is gone');
    expect(gone.actions).toEqual(['refresh-list', 'close-tab']);
  });

  it(`names the cause and offers the ways out after ${GUIDANCE_AFTER_FAILURES} failed attempts, not before`, () => {
    const lastError = {
      kind: 'network' as const,
      code: 'ConnectionClosed',
      message: 'The gateway closed the WebSocket (code 1006) before the handshake.',
      requestId: '6f1c2a9e-0b7d-4c55-9a57-0c1e1f3b2d11',
    };
    const state = at({
      phase: 'reconnecting',
      attempt: 3,
      reason: 'connect-failed',
      lastError,
      nextAttemptAt: 0,
    });
    const early = describeOverlay(state, 0, { failures: GUIDANCE_AFTER_FAILURES - 1, webConsole: true })!;
    expect(early.detail).toBe('The console gateway closed the connection before the console was ready.');
    expect(early.advice).toBeUndefined();
    expect(early.details).toBeUndefined();
    expect(early.diagnostics).toBe(false);
    expect(early.actions).toEqual(['retry', 'cancel']);

    const guided = describeOverlay(state, 0, { failures: GUIDANCE_AFTER_FAILURES, webConsole: true })!;
    expect(guided.detail).toBe(early.detail);
    expect(guided.detail).not.toContain('1006');
    expect(guided.advice).toMatch(/firewall or proxy/);
    expect(guided.details).toEqual({
      code: 'ConnectionClosed',
      message: lastError.message,
      requestId: lastError.requestId,
    });
    expect(guided.diagnostics).toBe(true);
    expect(guided.actions).toEqual(['retry', 'cancel', 'web-console']);
  });

  it('names a gateway refusal by its HTTP status, and the gone instance in plain words', () => {
    const lastError = { kind: 'network' as const, code: 'ConnectionClosed', message: 'closed' };
    const model = describeOverlay(at({ phase: 'reconnecting', reason: 'connect-failed', lastError }), 0, {
      failures: 4,
      webConsole: false,
      httpStatus: 503,
    })!;
    expect(model.detail).toBe('The console gateway refused the connection with HTTP 503.');
    expect(model.details?.httpStatus).toBe(503);
    expect(model.actions).not.toContain('web-console');
  });
});

describe('reasonText', () => {
  it('names the cause of an API failure in plain words, the reason otherwise', () => {
    const lastError = { kind: 'network' as const, code: 'Timeout', message: 'The API did not answer.' };
    expect(reasonText(at({ phase: 'reconnecting', reason: 'api-error', lastError }))).toBe(
      'Tencent Cloud’s API could not be reached.',
    );
    const timeout = { kind: 'network' as const, code: 'ConnectTimeout', message: 'timed out' };
    expect(reasonText(at({ phase: 'reconnecting', reason: 'connect-timeout', lastError: timeout }))).toBe(
      'The console did not answer in time.',
    );
  });
});
