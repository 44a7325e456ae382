import { describe, expect, it } from 'vitest';
import { envelope, harness } from './fakes';
import type { Harness } from './fakes';

/** Request times relative to the first request. */
function requestOffsets(h: Harness): number[] {
  const t0 = h.urls.requests[0]?.requestedAt ?? 0;
  return h.urls.requests.map((r) => r.requestedAt - t0);
}

describe('reconnect machine: what each error kind does', () => {
  it('auth: stops at once, points at the profile, and never tries again by itself', async () => {
    const h = harness();
    h.urls.script = [{ ok: false, error: envelope('auth', 'AuthFailure.SecretIdNotFound') }];
    h.machine.start();
    await h.clock.advance(10 * 60_000);
    expect(h.machine.getState()).toMatchObject({
      phase: 'auth-problem',
      lastError: { kind: 'auth', code: 'AuthFailure.SecretIdNotFound' },
    });
    expect(h.urls.requests).toHaveLength(1);
    expect(h.clock.pending()).toBe(0);
  });

  it('instance-gone: stops and stays stopped', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    h.urls.script = [
      { ok: false, error: envelope('instance-gone', 'UnsupportedOperation.InstanceStateTerminating') },
    ];
    h.connector.last().serverClose();
    await h.clock.advance(10 * 60_000);
    expect(h.machine.getState().phase).toBe('gone');
    expect(h.urls.requests).toHaveLength(2);
  });

  it('instance-transitional: waits with backoff (never at once), shows the state, then connects', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    const rebooting = envelope('instance-transitional', 'UnsupportedOperation.InstanceStateRebooting');
    h.urls.script = [{ ok: true }, { ok: false, error: rebooting }, { ok: false, error: rebooting }];
    h.connector.script = [{ kind: 'refuse' }];
    h.connector.last().serverClose();
    await h.clock.advance(1050);
    expect(h.machine.getState()).toMatchObject({
      phase: 'waiting-instance',
      instanceState: 'REBOOTING',
      reason: 'instance-busy',
    });
    expect(h.machine.getState().nextAttemptAt).toBeDefined();
    await h.clock.advance(30_000);
    expect(h.machine.getState().phase).toBe('connected');
    // drop at 100 → at once (connect refused at 105) → 1 s → transitional → 2 s → transitional → 4 s → ok
    expect(requestOffsets(h)).toEqual([0, 100, 1105, 3105, 7105]);
  });

  it('instance-transitional without a state in the code asks DescribeInstances for it', async () => {
    const h = harness();
    h.instance.state = 'STARTING';
    h.urls.script = [
      { ok: false, error: envelope('instance-transitional', 'OperationDenied.InstanceOperationInProgress') },
    ];
    h.machine.start();
    await h.clock.advance(10);
    expect(h.machine.getState()).toMatchObject({ phase: 'waiting-instance', instanceState: 'STARTING' });
    // First wait is ~1 s even though it is the first failure.
    expect((h.machine.getState().nextAttemptAt ?? 0) - h.clock.now()).toBe(990);
  });

  it('instance-stopped: offers Start; after Start it polls until RUNNING and reconnects by itself', async () => {
    const h = harness({ statePollMs: 2000 });
    h.machine.start();
    await h.clock.advance(100);
    h.urls.script = [
      { ok: false, error: envelope('instance-stopped', 'UnsupportedOperation.InstanceStateStopped') },
    ];
    h.connector.last().serverClose();
    await h.clock.advance(5 * 60_000);
    expect(h.machine.getState()).toMatchObject({ phase: 'stopped', instanceState: 'STOPPED' });
    expect(h.urls.requests).toHaveLength(2); // no attempts while stopped

    h.instance.stateQueue = ['STOPPED', 'STARTING', 'STARTING'];
    const started = h.machine.startInstance();
    expect(h.machine.getState()).toMatchObject({ phase: 'waiting-instance', reason: 'instance-starting' });
    await started;
    expect(h.instance.starts).toBe(1);
    expect(h.machine.getState()).toMatchObject({ phase: 'waiting-instance', instanceState: 'STOPPED' });
    await h.clock.advance(2000);
    expect(h.machine.getState().instanceState).toBe('STARTING');
    expect(h.urls.requests).toHaveLength(2);
    await h.clock.advance(4100); // STARTING, then RUNNING → attempt → connected
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.urls.requests).toHaveLength(3);
  });

  it('StoppedModeStopCharging counts as stopped', async () => {
    const h = harness();
    h.urls.script = [
      { ok: false, error: envelope('instance-stopped', 'UnsupportedOperation.StoppedModeStopCharging') },
    ];
    h.machine.start();
    await h.clock.advance(10);
    expect(h.machine.getState()).toMatchObject({ phase: 'stopped', instanceState: 'STOPPED' });
  });

  it('startInstance is only meaningful while stopped', async () => {
    const h = harness();
    await h.machine.startInstance();
    expect(h.instance.starts).toBe(0);
    expect(h.machine.getState().phase).toBe('idle');
  });

  it('a failed Start returns to stopped with the error; an auth failure goes to auth-problem', async () => {
    const stoppedError = {
      ok: false as const,
      error: envelope('instance-stopped', 'UnsupportedOperation.InstanceStateStopped'),
    };
    const h = harness();
    h.urls.script = [stoppedError];
    h.machine.start();
    await h.clock.advance(10);
    h.instance.startError = envelope('throttled', 'RequestLimitExceeded');
    await h.machine.startInstance();
    expect(h.machine.getState()).toMatchObject({
      phase: 'stopped',
      reason: 'start-failed',
      lastError: { kind: 'throttled' },
    });

    h.instance.startError = envelope('auth', 'UnauthorizedOperation');
    await h.machine.startInstance();
    expect(h.machine.getState().phase).toBe('auth-problem');
  });

  it('an instance already starting (transitional answer to Start) is awaited like a successful Start', async () => {
    const h = harness();
    h.urls.script = [
      { ok: false, error: envelope('instance-stopped', 'UnsupportedOperation.InstanceStateStopped') },
    ];
    h.machine.start();
    await h.clock.advance(10);
    h.instance.startError = envelope('instance-transitional', 'UnsupportedOperation.InstanceStateStarting');
    h.instance.stateQueue = ['STARTING'];
    await h.machine.startInstance();
    await h.clock.advance(2100);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('gives up waiting for RUNNING after the start timeout', async () => {
    const h = harness({ startTimeoutMs: 30_000 });
    h.urls.script = [
      { ok: false, error: envelope('instance-stopped', 'UnsupportedOperation.InstanceStateStopped') },
    ];
    h.machine.start();
    await h.clock.advance(10);
    h.instance.state = 'STARTING';
    await h.machine.startInstance();
    await h.clock.advance(31_000);
    expect(h.machine.getState()).toMatchObject({ phase: 'failed', reason: 'start-timeout' });
    expect(h.clock.pending()).toBe(0);
  });

  it('the instance terminating during the start wait ends in gone', async () => {
    const h = harness();
    h.urls.script = [
      { ok: false, error: envelope('instance-stopped', 'UnsupportedOperation.InstanceStateStopped') },
    ];
    h.machine.start();
    await h.clock.advance(10);
    h.instance.stateQueue = ['STARTING', 'TERMINATING'];
    await h.machine.startInstance();
    await h.clock.advance(2100);
    expect(h.machine.getState().phase).toBe('gone');
  });

  it.each(['throttled', 'network', 'server'] as const)(
    '%s: retries at once, then backs off 1, 2, 4, 8, 15 s',
    async (kind) => {
      const h = harness({ giveUpAfterMs: Infinity });
      h.urls.fallback = () => ({ ok: false, error: envelope(kind, 'X') });
      h.machine.start();
      await h.clock.advance(60_000);
      expect(requestOffsets(h).slice(0, 8)).toEqual([0, 0, 1000, 3000, 7000, 15_000, 30_000, 45_000]);
      expect(h.machine.getState()).toMatchObject({
        phase: 'connecting',
        reason: 'api-error',
        lastError: { kind },
      });
    },
  );

  it('throttled: respects retryAfterMs when it is longer than the backoff', async () => {
    const h = harness();
    h.urls.script = [{ ok: false, error: envelope('throttled', 'ConsoleAttemptLimit', 7000) }];
    h.machine.start();
    await h.clock.advance(6999);
    expect(h.urls.requests).toHaveLength(1);
    await h.clock.advance(100);
    expect(h.urls.requests).toHaveLength(2);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('clock: retries once at once, then with backoff', async () => {
    const h = harness();
    const skew = { ok: false as const, error: envelope('clock', 'AuthFailure.SignatureExpire') };
    h.urls.script = [skew, skew, skew];
    h.machine.start();
    await h.clock.advance(10_000);
    expect(requestOffsets(h)).toEqual([0, 0, 1000, 3000]);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it.each(['invalid-input', 'forbidden', 'internal'] as const)('%s: fails without retrying', async (kind) => {
    const h = harness();
    h.urls.script = [{ ok: false, error: envelope(kind, 'X') }];
    h.machine.start();
    await h.clock.advance(120_000);
    expect(h.machine.getState()).toMatchObject({ phase: 'failed', reason: 'error', lastError: { kind } });
    expect(h.urls.requests).toHaveLength(1);
  });

  it('a rejection that is not an envelope fails as internal without exposing its text', async () => {
    const h = harness();
    h.urls.script = [{ ok: false, error: new Error('wss://x/vnc?s=SECRET') }];
    h.machine.start();
    await h.clock.advance(100);
    expect(h.machine.getState()).toMatchObject({ phase: 'failed', lastError: { kind: 'internal' } });
    expect(JSON.stringify(h.machine.getState())).not.toContain('SECRET');
  });

  it('a connector that throws fails the attempt as internal', async () => {
    const h = harness();
    h.connector.script = [{ kind: 'throw' }];
    h.machine.start();
    await h.clock.advance(100);
    expect(h.machine.getState()).toMatchObject({ phase: 'failed', lastError: { code: 'ConnectFailed' } });
  });

  it('a link closed before the handshake is a network failure that is retried', async () => {
    const h = harness();
    h.connector.script = [{ kind: 'refuse' }, { kind: 'refuse' }];
    h.machine.start();
    await h.clock.advance(50);
    expect(h.machine.getState()).toMatchObject({
      phase: 'connecting',
      lastError: { code: 'ConnectionClosed' },
    });
    await h.clock.advance(2000);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.connector.connections).toHaveLength(3);
  });

  it('a handshake that hangs is abandoned after the connect timeout and retried', async () => {
    const h = harness({ connectTimeoutMs: 10_000 });
    h.connector.script = [{ kind: 'hang' }];
    h.machine.start();
    await h.clock.advance(9_999);
    expect(h.machine.getState().phase).toBe('connecting');
    await h.clock.advance(100);
    expect(h.connector.connections[0]?.disconnects).toBe(1);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.connector.connections).toHaveLength(2);
  });

  it('a VNC password prompt pauses the connect timeout', async () => {
    const h = harness({ connectTimeoutMs: 10_000 });
    h.connector.script = [{ kind: 'hang' }];
    h.machine.start();
    await h.clock.advance(100);
    h.connector.last().events.credentialsRequired(['password']);
    expect(h.machine.getState()).toMatchObject({ reason: 'credentials', credentialTypes: ['password'] });
    await h.clock.advance(60_000);
    expect(h.connector.connections).toHaveLength(1);
    h.machine.answerCredentials({ password: 'typed' });
    expect(h.connector.last().credentials).toEqual([{ password: 'typed' }]);
    expect(h.machine.getState().credentialTypes).toBeUndefined();
    h.connector.last().events.connected();
    h.connector.last().events.picture();
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('a refused VNC password stops with vnc-auth instead of looping', async () => {
    const h = harness();
    h.connector.script = [{ kind: 'hang' }];
    h.machine.start();
    await h.clock.advance(100);
    h.connector.last().serverClose({ securityFailure: true });
    await h.clock.advance(60_000);
    expect(h.machine.getState()).toMatchObject({ phase: 'failed', reason: 'vnc-auth' });
    expect(h.urls.requests).toHaveLength(1);
    // The view asks for a password and calls retryNow(): a new URL, a new connection.
    h.machine.retryNow();
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.urls.requests).toHaveLength(2);
  });
});
