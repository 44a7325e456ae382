import { describe, expect, it } from 'vitest';
import { harness } from './fakes';

describe('reconnect machine: silently dead links', () => {
  it('notices a black-holed link within 5 s and reconnects', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    for (let i = 0; i < 20; i++) {
      await h.clock.advance(250);
      h.connector.last().events.data();
    }
    const dead = h.connector.last();
    const lastData = h.clock.now();
    dead.goSilent();
    while (h.machine.getState().phase === 'connected' && h.clock.now() - lastData < 10_000)
      await h.clock.advance(10);
    const noticedIn = h.clock.now() - lastData;
    expect(noticedIn).toBeLessThanOrEqual(5000);
    expect(h.machine.getState()).toMatchObject({ phase: 'reconnecting', reason: 'dead-link' });
    expect(dead.disconnects).toBe(1);
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    const metrics = h.machine.getMetrics();
    expect(metrics.deadLinksDetected).toBe(1);
    expect(metrics.drops[0]?.silentForMs).toBeLessThanOrEqual(5000);
    expect(metrics.drops[0]?.restoredInMs).toBe(30);
  });

  it('does not probe while data flows, and keeps an idle link whose probes are answered', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    const conn = h.connector.last();
    for (let i = 0; i < 40; i++) {
      await h.clock.advance(500);
      conn.events.data();
    }
    expect(conn.probes).toBe(0);
    await h.clock.advance(60_000);
    expect(conn.probes).toBeGreaterThan(20);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.connector.connections).toHaveLength(1);
  });

  it('ignores data and probes from a connection it has already left behind', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    const old = h.connector.last();
    old.serverClose();
    await h.clock.advance(100);
    old.events.data();
    old.events.closed({});
    old.events.connected();
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.connector.connections).toHaveLength(2);
    expect(h.machine.getMetrics().drops).toHaveLength(1);
  });
});
