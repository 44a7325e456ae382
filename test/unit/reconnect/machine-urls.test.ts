import { describe, expect, it } from 'vitest';
import { harness } from './fakes';

describe('reconnect machine: console URLs', () => {
  it('connects with a freshly requested URL and publishes the phases in order', async () => {
    const h = harness();
    expect(h.machine.getState()).toEqual({ phase: 'idle', attempt: 0 });
    h.machine.start();
    await h.clock.advance(100);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.states.map((s) => s.phase)).toEqual(['idle', 'connecting', 'connecting', 'connected']);
    expect(h.urls.requests).toHaveLength(1);
    expect(h.connector.connections).toHaveLength(1);
    expect(h.connector.last().url).toBe(h.urls.requests[0]?.url);
    expect(h.connector.last().hints).toEqual({ password: 'pw' });
    expect(h.machine.getMetrics().connects).toEqual([{ linkUpInMs: 20, firstFrameInMs: 30 }]);
    expect(h.machine.getState().firstFrameInMs).toBe(30);
  });

  it('publishes frozen snapshots and calls a new subscriber at once', () => {
    const h = harness();
    const seen: string[] = [];
    const unsubscribe = h.machine.subscribe((s) => seen.push(s.phase));
    expect(seen).toEqual(['idle']);
    expect(Object.isFrozen(h.machine.getState())).toBe(true);
    h.machine.start();
    unsubscribe();
    h.machine.cancel();
    expect(seen).toEqual(['idle', 'connecting', 'connecting']);
  });

  it('requests a new URL for every attempt and never hands the same one to the connector twice', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    for (let i = 0; i < 10; i++) {
      h.connector.last().serverClose();
      await h.clock.advance(5000);
      expect(h.machine.getState().phase).toBe('connected');
    }
    const used = h.connector.connections.map((c) => c.url);
    expect(used).toHaveLength(11);
    expect(new Set(used).size).toBe(11);
    expect(h.urls.requests).toHaveLength(11);
  });

  it('throws away a URL that arrives more than 12 s after it was requested and asks again', async () => {
    const h = harness();
    h.urls.script = [
      { ok: true, delayMs: 12_001 },
      { ok: true, delayMs: 300 },
    ];
    h.machine.start();
    await h.clock.advance(13_000);
    expect(h.urls.requests).toHaveLength(2);
    expect(h.connector.connections).toHaveLength(1);
    expect(h.connector.last().url).toBe(h.urls.requests[1]?.url);
    expect(h.connector.last().url).not.toBe(h.urls.requests[0]?.url);
    expect(h.machine.getMetrics().staleUrlsDiscarded).toBe(1);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('uses a URL that arrives just inside 12 s', async () => {
    const h = harness();
    h.urls.script = [{ ok: true, delayMs: 12_000 }];
    h.machine.start();
    await h.clock.advance(12_100);
    expect(h.urls.requests).toHaveLength(1);
    expect(h.connector.connections).toHaveLength(1);
    expect(h.connector.last().openedAt - (h.urls.requests[0]?.requestedAt ?? 0)).toBe(12_000);
  });

  it('refuses a URL the source hands out twice, and backs off instead of using it', async () => {
    const h = harness();
    const same = 'wss://gzvnc.qcloud.com:26789/vnc?s=SAME';
    h.urls.script = [
      { ok: true, url: same },
      { ok: true, url: same },
      { ok: true, url: same },
    ];
    h.machine.start();
    await h.clock.advance(100);
    h.connector.last().serverClose();
    await h.clock.advance(100);
    expect(h.connector.connections).toHaveLength(1);
    expect(h.machine.getState()).toMatchObject({
      phase: 'reconnecting',
      lastError: { code: 'ConsoleUrlReused' },
    });
    expect(h.machine.getMetrics().duplicateUrlsRejected).toBe(1);
    expect(h.machine.getState().nextAttemptAt).toBe(h.clock.now() - 100 + 1000);
    await h.clock.advance(5000);
    expect(h.machine.getMetrics().duplicateUrlsRejected).toBe(2);
    expect(h.machine.getState().phase).toBe('connected');
    expect(new Set(h.connector.connections.map((c) => c.url)).size).toBe(h.connector.connections.length);
  });

  it('prefetches a URL (pointer over Connect) and uses it on start without asking again', async () => {
    const h = harness();
    h.machine.prefetch();
    h.machine.prefetch(); // one at a time
    await h.clock.advance(3000);
    expect(h.urls.requests).toHaveLength(1);
    h.machine.start();
    await h.clock.advance(100);
    expect(h.urls.requests).toHaveLength(1);
    expect(h.connector.last().url).toBe(h.urls.requests[0]?.url);
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('connects with a prefetched URL that has arrived inside start() itself, not a microtask later', async () => {
    const h = harness();
    h.machine.prefetch();
    await h.clock.advance(3000);
    h.machine.start();
    // No await: the WebSocket must be opening before the caller's task ends (the click's handler),
    // ahead of the new tab's first render.
    expect(h.connector.connections).toHaveLength(1);
    expect(h.connector.last().url).toBe(h.urls.requests[0]?.url);
    // A URL still on its way is awaited as before.
    const late = harness();
    late.machine.prefetch();
    late.machine.start();
    expect(late.connector.connections).toHaveLength(0);
    await late.clock.advance(100);
    expect(late.connector.connections).toHaveLength(1);
  });

  it('discards an unused prefetched URL after 12 s and fetches anew on start', async () => {
    const h = harness();
    h.machine.prefetch();
    await h.clock.advance(12_500);
    expect(h.machine.getMetrics().staleUrlsDiscarded).toBe(1);
    h.machine.start();
    await h.clock.advance(100);
    expect(h.urls.requests).toHaveLength(2);
    expect(h.connector.last().url).toBe(h.urls.requests[1]?.url);
  });

  it('does not prefetch while connected or offline', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    h.machine.prefetch();
    const offline = harness({ online: false });
    offline.machine.prefetch();
    await h.clock.advance(100);
    expect(h.urls.requests).toHaveLength(1);
    expect(offline.urls.requests).toHaveLength(0);
  });

  it('logs without ever including a URL or token', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    h.connector.last().serverClose();
    await h.clock.advance(100);
    h.connector.last().silent = true;
    await h.clock.advance(10_000);
    expect(h.logs.length).toBeGreaterThan(5);
    expect(h.logs.join('\n')).not.toMatch(/tok\d|wss:|s=/);
  });
});
