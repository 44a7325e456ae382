// ContinuousUpdates and Fence in the demo's RFB server (issue 17: a viewer that has to ask for each
// update missed most lines of a log scrolling at full speed). A viewer that lists the pseudo-encodings
// is told the server has continuous updates, gets updates pushed for the area it enabled, is kept at
// most FENCES_AHEAD pushed updates ahead of the fences it answered, has its own fences answered, and
// gets EndOfContinuousUpdates when it turns them off. Malformed messages end that session only.
import { afterEach, describe, expect, it } from 'vitest';
import { duplexPair } from '../../../../src-main/demo/gateway/duplex-pair';
import { RfbSession } from '../../../../src-main/demo/vnc-server/rfb-session';
import { FairScheduler } from '../../../../src-main/demo/vnc-server/fair-scheduler';
import {
  ENCODING_CONTINUOUS_UPDATES,
  ENCODING_FENCE,
  FENCE_BLOCK_AFTER,
  FENCE_BLOCK_BEFORE,
  FENCE_REQUEST,
  FENCE_SYNC_NEXT,
  FENCES_AHEAD,
} from '../../../../src-main/demo/vnc-server/continuous-updates';
import { RfbTestClient, rfbTestHost } from './rfb-test-client';
import type { ServerMessage } from './rfb-test-client';

const WIDTH = 720;
const HEIGHT = 400;
const ROW = 16;
const CU = ENCODING_CONTINUOUS_UPDATES;
const FENCE = ENCODING_FENCE;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function open(encodings: number[]) {
  const pixels = new Uint32Array(WIDTH * HEIGHT);
  let closed = 0;
  const host = rfbTestHost(WIDTH, pixels, new FairScheduler(2), () => closed++);
  const [clientEnd, serverEnd] = duplexPair();
  const session = new RfbSession(serverEnd, host);
  const client = await RfbTestClient.connect(clientEnd, { timeoutMs: 3000 });
  cleanups.push(() => session.close());
  client.setEncodings(encodings);
  // The first picture, asked for as every viewer does, so what follows is only what changes.
  client.requestUpdate(false);
  const first: ServerMessage[] = [];
  for (;;) {
    const m = await client.next();
    first.push(m);
    if (m.type === 'update') break;
  }
  /** Paints text row `row` (16 pixel rows) in `colour` and tells the session, as the console does. */
  const paintRow = (row: number, colour: number): void => {
    session.keepMoment();
    pixels.fill(colour, row * ROW * WIDTH, (row + 1) * ROW * WIDTH);
    session.markDirty([{ x: 0, y: row * ROW, w: WIDTH, h: ROW }]);
  };
  return { client, session, pixels, paintRow, first, closedCount: () => closed };
}

/** Reads messages until an update, returning it and the fence requests that came with it. */
async function nextUpdate(client: RfbTestClient) {
  const others: ServerMessage[] = [];
  for (;;) {
    const m = await client.next();
    if (m.type === 'update') return { rects: m.rects, others };
    others.push(m);
  }
}

/**
 * Gets the viewer FENCES_AHEAD pushed updates behind (their fences not answered), makes a change
 * for each of `colours` meanwhile, then answers every fence: pixel (0,0) after each update that follows.
 */
async function topLeftWhileBehind(
  client: RfbTestClient,
  change: (colour: number) => void,
  colours: number[],
): Promise<number[]> {
  const payloads: Buffer[] = [];
  for (let i = 0; i < FENCES_AHEAD; i++) {
    change(0x00010101 * (i + 1));
    await nextUpdate(client);
    payloads.push(((await client.next()) as Extract<ServerMessage, { type: 'fence' }>).payload);
  }
  for (const c of colours) change(c);
  for (const p of payloads) client.fence(FENCE_BLOCK_BEFORE, p);
  const seen: number[] = [];
  while (seen.length < colours.length) {
    const m = await client.next();
    if (m.type === 'fence') client.fence(FENCE_BLOCK_BEFORE, m.payload);
    if (m.type === 'update') seen.push(client.pixel(0, 0));
  }
  return seen;
}

describe('RfbSession: ContinuousUpdates', () => {
  it('announces them once to a viewer that lists the pseudo-encoding, never to one that does not', async () => {
    const { client, first } = await open([0, CU]);
    expect(first.map((m) => m.type)).toEqual(['end-of-continuous-updates', 'update']);
    client.setEncodings([0, 1, CU]); // listed again: not announced again
    client.requestUpdate(false);
    expect((await client.next()).type).toBe('update');

    const plain = await open([0, 1]);
    expect(plain.first.map((m) => m.type)).toEqual(['update']);
  });

  it('pushes an update when the screen changes, without a request', async () => {
    const { client, paintRow } = await open([0, CU]);
    client.continuousUpdates(true);
    await new Promise((r) => setTimeout(r, 20));
    paintRow(3, 0x00ff0000);
    const { rects } = await nextUpdate(client);
    expect(rects).toEqual([{ x: 0, y: 3 * ROW, w: WIDTH, h: ROW, encoding: 0 }]);
    expect(client.countNot(0x00ff0000, { x: 0, y: 3 * ROW, w: WIDTH, h: ROW })).toBe(0);
    // And again, still without asking.
    paintRow(5, 0x0000ff00);
    expect((await nextUpdate(client)).rects[0]).toMatchObject({ y: 5 * ROW, h: ROW });
  });

  it('pushes only what changes inside the area it was enabled for', async () => {
    const { client, paintRow } = await open([0, CU]);
    client.continuousUpdates(true, { x: 0, y: 0, w: WIDTH, h: 10 * ROW });
    await new Promise((r) => setTimeout(r, 20));
    paintRow(20, 0x00ff0000); // outside
    expect(await client.staysQuiet(150)).toBe(true);
    paintRow(2, 0x00ffffff); // inside
    expect((await nextUpdate(client)).rects).toEqual([{ x: 0, y: 2 * ROW, w: WIDTH, h: ROW, encoding: 0 }]);
    // The change outside is still owed: an incremental request gets it once updates are off.
    client.continuousUpdates(false);
    expect((await client.next()).type).toBe('end-of-continuous-updates');
    client.requestUpdate(true);
    expect((await nextUpdate(client)).rects).toEqual([{ x: 0, y: 20 * ROW, w: WIDTH, h: ROW, encoding: 0 }]);
  });

  it('sends EndOfContinuousUpdates when they are turned off, then pushes nothing unasked', async () => {
    const { client, paintRow } = await open([0, CU]);
    client.continuousUpdates(true);
    client.continuousUpdates(false);
    expect((await client.next()).type).toBe('end-of-continuous-updates');
    paintRow(1, 0x00ff0000);
    expect(await client.staysQuiet(150)).toBe(true);
    client.requestUpdate(true);
    expect((await nextUpdate(client)).rects[0]).toMatchObject({ y: ROW, h: ROW });
    // Turning off what is off is confirmed too (the extension says so).
    client.continuousUpdates(false);
    expect((await client.next()).type).toBe('end-of-continuous-updates');
  });

  it('still answers a non-incremental request (the liveness probe) while updates are pushed', async () => {
    const { client } = await open([0, CU, FENCE]);
    client.continuousUpdates(true);
    client.requestUpdate(false, { x: 0, y: 0, w: 1, h: 1 });
    expect((await nextUpdate(client)).rects).toEqual([{ x: 0, y: 0, w: 1, h: 1, encoding: 0 }]);
  });

  it('runs at most FENCES_AHEAD pushed updates ahead of the fences the viewer answered', async () => {
    const { client, paintRow } = await open([0, CU, FENCE]);
    client.continuousUpdates(true);
    await new Promise((r) => setTimeout(r, 20));
    const fences: ServerMessage[] = [];
    for (let i = 0; i < FENCES_AHEAD; i++) {
      paintRow(i, 0x00110000 * (i + 1));
      await nextUpdate(client);
      const fence = await client.next();
      expect(fence).toMatchObject({ type: 'fence', flags: (FENCE_REQUEST | FENCE_BLOCK_BEFORE) >>> 0 });
      fences.push(fence);
    }
    paintRow(10, 0x00ffffff);
    expect(await client.staysQuiet(200)).toBe(true); // nothing until a fence comes back
    const answer = fences[0] as Extract<ServerMessage, { type: 'fence' }>;
    client.fence(FENCE_BLOCK_BEFORE, answer.payload);
    expect((await nextUpdate(client)).rects[0]).toMatchObject({ y: 10 * ROW, h: ROW });
  });

  it('keeps each moment of the screen for a viewer that is behind, so no state is skipped', async () => {
    const { client, paintRow } = await open([0, CU, FENCE]);
    client.continuousUpdates(true);
    await new Promise((r) => setTimeout(r, 20));
    // Behind: row 0 goes through three colours before the viewer answers.
    const colours = [0x00aa0000, 0x0000aa00, 0x000000aa];
    expect(await topLeftWhileBehind(client, (c) => paintRow(0, c), colours)).toEqual(colours);
  });
});

describe('RfbSession: a console scrolling faster than the viewer takes updates', () => {
  const ROWS = HEIGHT / ROW;
  const LINES_PER_CHANGE = 8; // as the demo's dmesg prints them
  /** Line n's colour: every line of the log is told apart by it. */
  const colour = (n: number) => 0x00100000 + n;

  /**
   * Scrolls a log through the console, LINES_PER_CHANGE lines a change (as the console draws and
   * tells the sessions), while the viewer answers a fence only after `answerEvery` changes (0: none
   * until the log is done). Returns the lines the viewer ever had on its screen, and the updates.
   */
  async function scrollLog(changes: number, answerEvery: number) {
    const { client, session, pixels } = await open([0, 1, CU, FENCE]);
    client.continuousUpdates(true);
    // Answered once the server has handled what came before (in order): updates are pushed from now.
    client.fence(FENCE_REQUEST | FENCE_BLOCK_BEFORE, Buffer.from([1]));
    while ((await client.next()).type !== 'fence');
    const seen = new Set<number>();
    const fences: Buffer[] = [];
    let updates = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const m = await client.next().catch(() => undefined);
        if (!m) continue;
        if (m.type === 'fence') fences.push(m.payload);
        if (m.type !== 'update') continue;
        updates++;
        for (let row = 0; row < ROWS; row++) seen.add(client.pixel(0, row * ROW));
      }
    })();
    const settle = () => new Promise((r) => setTimeout(r, 2));
    let next = 1;
    const area = { x: 0, y: 0, w: WIDTH, h: HEIGHT };
    for (let change = 1; change <= changes; change++) {
      session.keepMoment();
      const dy = LINES_PER_CHANGE * ROW;
      pixels.copyWithin(0, dy * WIDTH);
      for (let row = ROWS - LINES_PER_CHANGE; row < ROWS; row++)
        pixels.fill(colour(next++), row * ROW * WIDTH, (row + 1) * ROW * WIDTH);
      session.markScrolled({ area, dy });
      session.markDirty([{ x: 0, y: HEIGHT - dy, w: WIDTH, h: dy }]);
      await settle();
      if (answerEvery > 0 && change % answerEvery === 0 && fences.length > 0)
        client.fence(FENCE_BLOCK_BEFORE, fences.shift()!);
    }
    // The log is done: the viewer catches up, answering every fence until nothing more comes.
    for (;;) {
      await settle();
      if (fences.length > 0) client.fence(FENCE_BLOCK_BEFORE, fences.shift()!);
      else if (await client.staysQuiet(100)) break;
    }
    reading = false;
    session.close();
    await reader;
    const lines = new Set([...seen].filter((c) => c >= colour(1)).map((c) => c - colour(0)));
    return { lines, updates };
  }

  const all = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('keeps up with a viewer that takes an update per two changes: two scrolls kept go as one', async () => {
    const changes = 60;
    const { lines, updates } = await scrollLog(changes, 2);
    expect(all(changes * LINES_PER_CHANGE).filter((n) => !lines.has(n))).toEqual([]);
    // 16 lines an update (of 25 rows): half the updates, so the viewer is never further behind.
    expect(updates).toBeLessThanOrEqual(changes / 2 + FENCES_AHEAD + 2);
  });

  it('does not join two kept scrolls when a row above them was drawn over in between', async () => {
    const { client, session, pixels } = await open([0, 1, CU, FENCE]);
    client.continuousUpdates(true);
    const area = { x: 0, y: 0, w: WIDTH, h: HEIGHT };
    const dy = 2 * ROW;
    /** Scrolls two lines, then paints row 0 (a status line) in `top`. */
    const change = (top: number) => {
      session.keepMoment();
      pixels.copyWithin(0, dy * WIDTH);
      pixels.fill(0x00000101, (HEIGHT - dy) * WIDTH);
      session.markScrolled({ area, dy });
      pixels.fill(top, 0, ROW * WIDTH);
      session.markDirty([
        { x: 0, y: HEIGHT - dy, w: WIDTH, h: dy },
        { x: 0, y: 0, w: WIDTH, h: ROW },
      ]);
    };
    // Behind: small scrolls, each with its own status line.
    const tops = [0x00aa0000, 0x0000aa00, 0x000000aa];
    expect(await topLeftWhileBehind(client, change, tops)).toEqual(tops);
  });

  it('shows every line to a viewer that stalls for thirty screens of scroll (kept moments are deflated)', async () => {
    const changes = 96; // 768 lines: kept as raw pixels, 8.8 MB, more than MAX_MOMENT_BYTES
    const { lines } = await scrollLog(changes, 0);
    expect(all(changes * LINES_PER_CHANGE).filter((n) => !lines.has(n))).toEqual([]);
  });
});

describe('RfbSession: Fence', () => {
  it('answers a fence request with its payload, Request and the flags it does not honour cleared', async () => {
    const { client } = await open([0, FENCE]);
    const payload = Buffer.from('any 64 bytes or fewer');
    client.fence(
      (FENCE_REQUEST | FENCE_BLOCK_BEFORE | FENCE_BLOCK_AFTER | FENCE_SYNC_NEXT | (1 << 9)) >>> 0,
      payload,
    );
    expect(await client.next()).toEqual({
      type: 'fence',
      flags: FENCE_BLOCK_BEFORE | FENCE_BLOCK_AFTER,
      payload,
    });
    client.fence(FENCE_REQUEST, Buffer.alloc(64, 7)); // the largest payload there is
    expect(await client.next()).toEqual({ type: 'fence', flags: 0, payload: Buffer.alloc(64, 7) });
  });

  it('answers after the update being written, never inside it', async () => {
    const { client, pixels, session } = await open([0, FENCE]);
    pixels.fill(0x00123456);
    session.markDirty([{ x: 0, y: 0, w: WIDTH, h: HEIGHT }]);
    client.requestUpdate(true);
    client.fence(FENCE_REQUEST, Buffer.from([1, 2, 3]));
    const update = await client.next();
    expect(update.type).toBe('update');
    expect(client.countNot(0x00123456)).toBe(0);
    expect(await client.next()).toMatchObject({ type: 'fence', payload: Buffer.from([1, 2, 3]) });
  });
});

describe('RfbSession: malformed extension messages end that session only', () => {
  const cases: [string, number[], (c: RfbTestClient) => void][] = [
    ['a fence payload longer than 64 bytes', [0, FENCE], (c) => c.fence(FENCE_REQUEST, Buffer.alloc(65), 65)],
    ['a fence answer nobody asked for', [0, FENCE], (c) => c.fence(0, Buffer.alloc(4))],
    [
      'EnableContinuousUpdates from a viewer never told of them',
      [0, FENCE],
      (c) => c.continuousUpdates(true),
    ],
  ];
  for (const [what, encodings, send] of cases) {
    it(what, async () => {
      const { client, closedCount } = await open(encodings);
      send(client);
      await client.closed;
      expect(closedCount()).toBe(1);
    });
  }

  it('a fence answer that matches no request it was sent', async () => {
    const { client, paintRow, closedCount } = await open([0, CU, FENCE]);
    client.continuousUpdates(true);
    await new Promise((r) => setTimeout(r, 20));
    paintRow(0, 0x00ff0000);
    await nextUpdate(client);
    const f = (await client.next()) as Extract<ServerMessage, { type: 'fence' }>;
    client.fence(FENCE_BLOCK_BEFORE, Buffer.from(f.payload.map((b) => b ^ 0xff)));
    await client.closed;
    expect(closedCount()).toBe(1);
  });
});
