import { describe, expect, it } from 'vitest';
import { harness } from './fakes';

async function connected() {
  const h = harness();
  h.machine.start();
  await h.clock.advance(100);
  expect(h.machine.getState().phase).toBe('connected');
  return h;
}

describe('reconnect machine: the user decides', () => {
  it('a server-side close reported as clean still reconnects (clean is not intended)', async () => {
    const h = await connected();
    h.connector.last().serverClose({}); // noVNC: disconnect {clean: true}
    expect(h.machine.getState()).toMatchObject({ phase: 'reconnecting', reason: 'drop' });
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    // Handshake 20 ms after the drop, its first complete picture 10 ms later.
    const drop = h.machine.getMetrics().drops[0];
    expect(drop).toMatchObject({ cause: 'closed', attempts: 1, linkUpInMs: 20, restoredInMs: 30 });
    expect(h.machine.getState().restoredInMs).toBe(30);
  });

  it('with automatic reconnect off, a drop stops at "not connected" and waits for the user', async () => {
    let auto = false;
    const h = harness({}, () => 0.5, { autoReconnect: () => auto });
    h.machine.start();
    await h.clock.advance(100);
    h.connector.last().serverClose({});
    expect(h.machine.getState()).toMatchObject({ phase: 'cancelled', reason: 'drop' });
    await h.clock.advance(60 * 60_000);
    expect(h.urls.requests).toHaveLength(1);
    expect(h.clock.pending()).toBe(0);
    // Reconnect by hand; with the setting on again, the next drop is retried by itself.
    auto = true;
    h.machine.start();
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    h.connector.last().serverClose({});
    expect(h.machine.getState().phase).toBe('reconnecting');
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('never reconnects after the user disconnects, even when the close arrives later as clean', async () => {
    const h = await connected();
    const conn = h.connector.last();
    h.machine.userDisconnect();
    expect(conn.disconnects).toBe(1);
    expect(h.machine.getState()).toMatchObject({ phase: 'idle', reason: 'user-disconnect' });
    await h.clock.advance(60 * 60_000); // the fake delivers onClose({}) 1 ms after disconnect()
    expect(h.urls.requests).toHaveLength(1);
    expect(h.connector.connections).toHaveLength(1);
    expect(h.machine.getState().phase).toBe('idle');
    expect(h.clock.pending()).toBe(0);
  });

  it('a close the view marks as user-initiated is not followed by a reconnect', async () => {
    const h = await connected();
    h.connector.last().serverClose({ userInitiated: true });
    await h.clock.advance(60_000);
    expect(h.machine.getState()).toMatchObject({ phase: 'idle', reason: 'user-disconnect' });
    expect(h.urls.requests).toHaveLength(1);
  });

  it('disconnecting while a URL is being fetched drops that URL unused', async () => {
    const h = await connected();
    h.urls.script = [{ ok: true, delayMs: 500 }];
    h.connector.last().serverClose();
    h.machine.userDisconnect();
    await h.clock.advance(60_000);
    expect(h.urls.requests).toHaveLength(2);
    expect(h.connector.connections).toHaveLength(1);
  });

  it('start() after a user disconnect connects again with a new URL', async () => {
    const h = await connected();
    h.machine.userDisconnect();
    h.machine.start();
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.connector.connections).toHaveLength(2);
    expect(h.connector.connections[1]?.url).not.toBe(h.connector.connections[0]?.url);
  });

  it('cancel during a backoff countdown stops all attempts', async () => {
    const h = harness();
    h.urls.fallback = () => ({ ok: false, error: { kind: 'network', code: 'Timeout', message: 'timeout' } });
    h.machine.start();
    await h.clock.advance(500);
    expect(h.machine.getState().nextAttemptAt).toBeDefined();
    const before = h.urls.requests.length;
    h.machine.cancel();
    expect(h.machine.getState()).toMatchObject({ phase: 'cancelled', reason: 'cancelled' });
    expect(h.machine.getState().nextAttemptAt).toBeUndefined();
    await h.clock.advance(10 * 60_000);
    expect(h.urls.requests).toHaveLength(before);
    expect(h.clock.pending()).toBe(0);
  });

  it('cancel while connecting closes the half-open connection and ignores its events', async () => {
    const h = harness();
    h.connector.script = [{ kind: 'connect', afterMs: 500 }];
    h.machine.start();
    await h.clock.advance(100);
    const conn = h.connector.last();
    h.machine.cancel();
    expect(conn.disconnects).toBe(1);
    conn.events.connected(); // late event from the abandoned connection
    await h.clock.advance(60_000);
    expect(h.machine.getState().phase).toBe('cancelled');
    expect(h.connector.connections).toHaveLength(1);
  });

  it('cancel while a URL request is in flight: the URL arrives and is never used', async () => {
    const h = harness();
    h.urls.script = [{ ok: true, delayMs: 1000 }];
    h.machine.start();
    h.machine.cancel();
    await h.clock.advance(5000);
    expect(h.urls.requests[0]?.url).not.toBe('');
    expect(h.connector.connections).toHaveLength(0);
  });

  it('retry now skips the countdown', async () => {
    const h = harness();
    const fail = {
      ok: false as const,
      error: { kind: 'server' as const, code: 'InternalError', message: 'x' },
    };
    h.urls.script = [fail, fail, fail, fail];
    h.machine.start();
    await h.clock.advance(1500); // 0, 0, 1000 → now waiting 2 s
    expect(h.urls.requests).toHaveLength(3);
    const due = h.machine.getState().nextAttemptAt ?? 0;
    expect(due - h.clock.now()).toBe(1500);
    h.machine.retryNow();
    expect(h.urls.requests).toHaveLength(4);
    await h.clock.advance(10_000);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('retry now from failed, cancelled, stopped, auth-problem and gone makes a fresh attempt', async () => {
    for (const kind of ['internal', 'auth', 'instance-gone', 'instance-stopped'] as const) {
      const h = harness();
      h.urls.script = [{ ok: false, error: { kind, code: 'X', message: 'x' } }];
      h.machine.start();
      await h.clock.advance(10);
      expect(['failed', 'auth-problem', 'gone', 'stopped']).toContain(h.machine.getState().phase);
      h.machine.retryNow();
      await h.clock.advance(100);
      expect(h.machine.getState().phase).toBe('connected');
    }
    const h = harness();
    h.machine.start();
    h.machine.cancel();
    h.machine.retryNow();
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('retry now does nothing while connected or while an attempt is under way', async () => {
    const h = await connected();
    h.machine.retryNow();
    expect(h.urls.requests).toHaveLength(1);
    h.urls.script = [{ ok: true, delayMs: 300 }];
    h.connector.last().serverClose();
    h.machine.retryNow();
    h.machine.retryNow();
    await h.clock.advance(400);
    expect(h.urls.requests).toHaveLength(2);
  });

  it('start() is ignored while already connecting or connected', async () => {
    const h = harness();
    h.machine.start();
    h.machine.start();
    await h.clock.advance(100);
    h.machine.start();
    await h.clock.advance(100);
    expect(h.urls.requests).toHaveLength(1);
  });

  it('dispose closes the connection, clears every timer and publishes nothing more', async () => {
    const h = await connected();
    const published = h.states.length;
    h.machine.dispose();
    expect(h.connector.last().disconnects).toBe(1);
    await h.clock.advance(60_000);
    expect(h.clock.pending()).toBe(0);
    h.machine.start();
    h.machine.retryNow();
    h.machine.setOnline(false);
    h.machine.notifyResume();
    await h.clock.advance(60_000);
    expect(h.states.length).toBe(published);
    expect(h.urls.requests).toHaveLength(1);
  });
});
