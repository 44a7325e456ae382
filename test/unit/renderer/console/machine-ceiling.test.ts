import { describe, expect, it } from 'vitest';
import { envelope, harness, maxInAnyWindow } from './fakes';

describe('reconnect machine: the 30-in-60-s ceiling, flapping links and giving up', () => {
  it('a link that drops right after every connect is held to 30 attempts per 60 s', async () => {
    // stableAfterMs 0: every drop restarts at "retry at once", so only the ceiling limits it.
    const h = harness({ stableAfterMs: 0 });
    h.connector.fallback = () => ({ kind: 'connect', afterMs: 5, dropAfterMs: 5 });
    h.machine.start();
    await h.clock.advance(2000);
    expect(h.urls.requests).toHaveLength(30);
    const first = h.urls.requests[0]?.requestedAt ?? 0;
    expect(h.machine.getState()).toMatchObject({
      phase: 'reconnecting',
      reason: 'attempt-limit',
      nextAttemptAt: first + 60_000,
    });
    await h.clock.advance(10 * 60_000);
    const times = h.urls.requests.map((r) => r.requestedAt);
    expect(maxInAnyWindow(times, 60_000)).toBe(30);
    expect(times.length).toBeGreaterThan(250); // it kept going, in bursts the window allows
  });

  it('with the default stable time a flapping link backs off instead of bursting', async () => {
    const h = harness();
    h.connector.fallback = () => ({ kind: 'connect', afterMs: 5, dropAfterMs: 5 });
    h.machine.start();
    await h.clock.advance(60_000);
    const t0 = h.urls.requests[0]?.requestedAt ?? 0;
    expect(h.urls.requests.map((r) => r.requestedAt - t0)).toEqual([
      0, 10, 1020, 3030, 7040, 15_050, 30_060, 45_070,
    ]);
  });

  it('a connection that stayed up restarts the backoff: the next drop is retried at once', async () => {
    const h = harness();
    h.urls.script = [{ ok: true }, { ok: false, error: envelope('network', 'X') }];
    h.machine.start();
    await h.clock.advance(100);
    h.connector.last().serverClose(); // → at once (fails) → 1 s → connected
    await h.clock.advance(1100);
    expect(h.machine.getState().phase).toBe('connected');
    await h.clock.advance(5000);
    const before = h.urls.requests.length;
    h.connector.last().serverClose();
    expect(h.urls.requests).toHaveLength(before + 1);
  });

  it('the ceiling counts prefetched URLs too', async () => {
    const h = harness({ maxAttemptsPerWindow: 2, stableAfterMs: 0 });
    h.machine.prefetch();
    h.machine.start();
    await h.clock.advance(100);
    h.connector.last().serverClose();
    await h.clock.advance(100);
    h.connector.last().serverClose();
    await h.clock.advance(100);
    expect(h.urls.requests).toHaveLength(2);
    expect(h.machine.getState().reason).toBe('attempt-limit');
  });

  it('gives up after 10 minutes of network failures, and tries again when the OS comes online', async () => {
    const h = harness();
    h.urls.fallback = () => ({ ok: false, error: envelope('network', 'Timeout') });
    h.machine.start();
    await h.clock.advance(11 * 60_000);
    expect(h.machine.getState()).toMatchObject({
      phase: 'failed',
      reason: 'gave-up',
      lastError: { kind: 'network' },
    });
    const count = h.urls.requests.length;
    await h.clock.advance(30 * 60_000);
    expect(h.urls.requests).toHaveLength(count);
    expect(h.clock.pending()).toBe(0);
    h.urls.fallback = () => ({ ok: true });
    h.machine.setOnline(false);
    h.machine.setOnline(true);
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('does not give up while the instance is merely busy (a long reboot)', async () => {
    const h = harness();
    h.urls.fallback = () => ({
      ok: false,
      error: envelope('instance-transitional', 'UnsupportedOperation.InstanceStateRebooting'),
    });
    h.machine.start();
    await h.clock.advance(30 * 60_000);
    expect(h.machine.getState().phase).toBe('waiting-instance');
    const times = h.urls.requests.map((r) => r.requestedAt);
    // The ramp 0, 1, 3, 7, 15, 30, 45 s puts 8 in the first minute; after it, the 15 s cap ⇒ 4 a minute.
    expect(maxInAnyWindow(times, 60_000)).toBe(8);
    const t0 = times[0] ?? 0;
    expect(
      maxInAnyWindow(
        times.filter((t) => t - t0 > 2 * 60_000),
        60_000,
      ),
    ).toBe(4);
  });
});
