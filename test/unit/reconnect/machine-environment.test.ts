import { describe, expect, it } from 'vitest';
import { harness } from './fakes';

const networkDown = {
  ok: false as const,
  error: { kind: 'network' as const, code: 'Timeout', message: 'timeout' },
};

describe('reconnect machine: offline, online and resume', () => {
  it('pauses while offline and attempts as soon as the OS is online again', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    h.urls.fallback = () => networkDown;
    h.connector.last().serverClose();
    await h.clock.advance(1500); // 2 failed attempts, counting down to the third
    const count = h.urls.requests.length;
    h.machine.setOnline(false);
    expect(h.machine.getState()).toMatchObject({ phase: 'offline', reason: 'offline' });
    expect(h.machine.getState().nextAttemptAt).toBeUndefined();
    await h.clock.advance(30 * 60_000);
    expect(h.urls.requests).toHaveLength(count);
    h.urls.fallback = () => ({ ok: true });
    h.machine.setOnline(true);
    expect(h.urls.requests).toHaveLength(count + 1);
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('start while offline waits for online without asking for a URL', async () => {
    const h = harness({ online: false });
    h.machine.start();
    await h.clock.advance(60_000);
    expect(h.machine.getState().phase).toBe('offline');
    expect(h.urls.requests).toHaveLength(0);
    h.machine.setOnline(true);
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('a drop while offline waits for online instead of retrying', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    h.machine.setOnline(false);
    expect(h.machine.getState().phase).toBe('connected'); // an open link is kept
    h.connector.last().serverClose();
    expect(h.machine.getState().phase).toBe('offline');
    await h.clock.advance(60_000);
    expect(h.urls.requests).toHaveLength(1);
    h.machine.setOnline(true);
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.machine.getMetrics().drops[0]?.restoredInMs).toBe(60_030);
  });

  it('an attempt already under way when going offline finishes, and a failure then waits', async () => {
    const h = harness();
    h.urls.script = [{ ok: false, error: networkDown.error, delayMs: 200 }];
    h.machine.start();
    h.machine.setOnline(false);
    expect(h.machine.getState().phase).toBe('connecting');
    await h.clock.advance(300);
    expect(h.machine.getState().phase).toBe('offline');
    expect(h.urls.requests).toHaveLength(1);
  });

  it('retry now goes ahead even while the OS says offline', async () => {
    const h = harness({ online: false });
    h.machine.start();
    h.machine.retryNow();
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('after resume a pending countdown is skipped: reconnect at once, backoff restarted', async () => {
    const h = harness({ giveUpAfterMs: Infinity });
    h.machine.start();
    await h.clock.advance(100);
    h.urls.fallback = () => networkDown;
    h.connector.last().serverClose();
    await h.clock.advance(40_000); // deep into the backoff: 15 s waits
    expect((h.machine.getState().nextAttemptAt ?? 0) - h.clock.now()).toBeGreaterThan(1000);
    h.urls.fallback = () => ({ ok: true });
    const count = h.urls.requests.length;
    h.machine.notifyResume();
    expect(h.urls.requests).toHaveLength(count + 1);
    expect(h.machine.getState().reason).toBe('resume');
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('after resume a connection that looks open is probed at once and replaced within ~1 s if dead', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    const conn = h.connector.last();
    conn.goSilent(); // the NAT entry died during sleep
    const probesBefore = conn.probes;
    h.machine.notifyResume();
    expect(conn.probes).toBe(probesBefore + 1);
    await h.clock.advance(1000);
    expect(h.machine.getState().phase).not.toBe('connected');
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.connector.connections).toHaveLength(2);
    expect(conn.disconnects).toBe(1);
    expect(h.machine.getMetrics().drops[0]).toMatchObject({ cause: 'dead-link' });
  });

  it('after resume a connection that still answers is kept', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    h.machine.notifyResume();
    await h.clock.advance(10_000);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.connector.connections).toHaveLength(1);
  });

  it('resume while stopped or idle does nothing', async () => {
    const h = harness();
    h.machine.notifyResume();
    h.urls.script = [
      {
        ok: false,
        error: { kind: 'instance-stopped', code: 'UnsupportedOperation.InstanceStateStopped', message: 's' },
      },
    ];
    h.machine.start();
    await h.clock.advance(10);
    h.machine.notifyResume();
    await h.clock.advance(10_000);
    expect(h.machine.getState().phase).toBe('stopped');
    expect(h.urls.requests).toHaveLength(1);
  });

  it('resume during the wait for RUNNING polls at once', async () => {
    const h = harness({ statePollMs: 5000 });
    h.urls.script = [
      {
        ok: false,
        error: { kind: 'instance-stopped', code: 'UnsupportedOperation.InstanceStateStopped', message: 's' },
      },
    ];
    h.machine.start();
    await h.clock.advance(10);
    h.instance.stateQueue = ['STARTING'];
    await h.machine.startInstance();
    h.machine.notifyResume();
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
  });
});
