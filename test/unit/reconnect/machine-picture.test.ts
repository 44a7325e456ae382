// 'connected' means the first complete picture is drawn, and its time belongs to the fresh connect
// or to the drop it ends: the attribution the benchmarks (data-first-frame-ms, data-restored-ms) and
// the console's tab drawing rely on. The fake connector draws a picture PICTURE_AFTER_MS after each
// handshake unless told otherwise.
import { describe, expect, it } from 'vitest';
import { PICTURE_AFTER_MS, harness } from './fakes';

describe('reconnect machine: the first complete picture', () => {
  it('stays connecting through the handshake and shows the console with its picture', async () => {
    const h = harness();
    h.connector.script = [{ kind: 'connect', afterMs: 20, pictureAfterMs: 40 }];
    h.machine.start();
    await h.clock.advance(20);
    expect(h.connector.last().connected).toBe(true);
    expect(h.machine.getState().phase).toBe('connecting');
    expect(h.events).toEqual([]);
    await h.clock.advance(39);
    expect(h.machine.getState().phase).toBe('connecting');
    await h.clock.advance(1);
    expect(h.machine.getState()).toMatchObject({ phase: 'connected', firstFrameInMs: 60 });
    expect(h.events).toEqual([{ type: 'shown', kind: 'fresh', connection: h.connector.last() }]);
    expect(h.machine.getMetrics().connects).toEqual([{ linkUpInMs: 20, firstFrameInMs: 60 }]);
  });

  it('files the picture after a drop under the drop, and leaves the fresh connect’s time alone', async () => {
    const h = harness();
    h.machine.start();
    await h.clock.advance(100);
    const fresh = h.machine.getState().firstFrameInMs;
    expect(fresh).toBe(20 + PICTURE_AFTER_MS);
    h.connector.script = [{ kind: 'connect', afterMs: 30, pictureAfterMs: 50 }];
    h.connector.last().serverClose();
    expect(h.machine.getState().restoredInMs).toBeUndefined();
    await h.clock.advance(30);
    expect(h.machine.getState().phase).toBe('reconnecting');
    await h.clock.advance(50);
    expect(h.machine.getState()).toMatchObject({
      phase: 'connected',
      restoredInMs: 80,
      firstFrameInMs: fresh,
    });
    expect(h.events.map((e) => e.type === 'shown' && e.kind)).toEqual(['fresh', false, 'restore']);
    expect(h.machine.getMetrics().drops[0]).toMatchObject({ linkUpInMs: 30, restoredInMs: 80 });
    expect(h.machine.getMetrics().connects).toHaveLength(1);
  });

  it('a drop between handshake and picture starts a new outage: the picture ends that one', async () => {
    const h = harness({ stableAfterMs: 0 });
    h.machine.start();
    await h.clock.advance(100);
    // The first reconnect's link comes up and closes before its picture; the second one draws.
    h.connector.script = [
      { kind: 'connect', afterMs: 20, pictureAfterMs: null, dropAfterMs: 5 },
      { kind: 'connect', afterMs: 20, pictureAfterMs: 10 },
    ];
    h.connector.last().serverClose();
    const firstDropAt = h.clock.now();
    await h.clock.advance(200);
    expect(h.machine.getState().phase).toBe('connected');
    const drops = h.machine.getMetrics().drops;
    expect(drops).toHaveLength(2);
    expect(drops[0]).toMatchObject({ linkUpInMs: 20 });
    expect(drops[0]?.restoredInMs).toBeUndefined();
    expect(drops[1]?.at).toBe(firstDropAt + 25);
    expect(drops[1]).toMatchObject({ linkUpInMs: 20, restoredInMs: 30 });
    expect(h.machine.getState().restoredInMs).toBe(30);
  });

  it('ignores a picture from a connection it has left behind', async () => {
    const h = harness();
    h.connector.script = [{ kind: 'connect', afterMs: 20, pictureAfterMs: null }];
    h.machine.start();
    await h.clock.advance(20);
    const old = h.connector.last();
    old.serverClose();
    h.connector.script = [{ kind: 'connect', afterMs: 20, pictureAfterMs: null }];
    await h.clock.advance(20);
    old.events.picture();
    expect(h.machine.getState().phase).toBe('reconnecting');
    expect(h.events).toEqual([]);
    h.connector.last().events.picture();
    expect(h.machine.getState().phase).toBe('connected');
  });

  it('shows a console whose server sends no picture after pictureTimeoutMs, and times the picture when it comes', async () => {
    const h = harness({ pictureTimeoutMs: 1000 });
    h.connector.script = [{ kind: 'connect', afterMs: 20, pictureAfterMs: null }];
    h.machine.start();
    await h.clock.advance(1019);
    expect(h.machine.getState().phase).toBe('connecting');
    await h.clock.advance(1);
    expect(h.machine.getState().phase).toBe('connected');
    expect(h.machine.getState().firstFrameInMs).toBeUndefined();
    expect(h.events).toEqual([{ type: 'shown', kind: 'fresh', connection: h.connector.last() }]);
    await h.clock.advance(500);
    h.connector.last().events.picture();
    expect(h.machine.getState().firstFrameInMs).toBe(1520);
    expect(h.events).toHaveLength(1);
  });

  it('announces the loss of a shown connection, and of no other', async () => {
    const h = harness();
    h.connector.script = [{ kind: 'refuse' }];
    h.machine.start();
    await h.clock.advance(100);
    expect(h.events.map((e) => e.type)).toEqual(['shown']);
    const shown = h.connector.last();
    h.connector.script = [{ kind: 'connect', afterMs: 20, pictureAfterMs: null }];
    shown.serverClose();
    expect(h.events.at(-1)).toEqual({ type: 'lost', connection: shown });
    await h.clock.advance(20);
    h.machine.userDisconnect(); // the second link is up but was never shown
    expect(h.events.map((e) => e.type)).toEqual(['shown', 'lost']);
  });

  it('a credentials prompt lasts until answered or until its attempt ends; no answer cancels', async () => {
    const h = harness();
    h.connector.script = [{ kind: 'hang' }, { kind: 'hang' }];
    h.machine.start();
    await h.clock.advance(10);
    h.connector.last().events.credentialsRequired(['username', 'password']);
    expect(h.machine.getState().credentialTypes).toEqual(['username', 'password']);
    h.connector.last().serverClose();
    expect(h.machine.getState().credentialTypes).toBeUndefined();
    await h.clock.advance(10);
    h.connector.last().events.credentialsRequired(['password']);
    h.machine.answerCredentials(null);
    expect(h.machine.getState()).toMatchObject({ phase: 'cancelled' });
    expect(h.machine.getState().credentialTypes).toBeUndefined();
    expect(h.connector.last().credentials).toEqual([]);
    expect(h.connector.last().disconnects).toBe(1);
  });
});
