// An update is written in slices between other work, while the screen may go on changing: what the
// viewer gets must still be the screen of one moment (the moment the update began), never rows or
// columns from different moments. A torn update showed text lines that never existed and broke the
// transcript of a scrolling console (issue 17: the dmesg transcript lost 40 % of its lines).
import { afterEach, describe, expect, it } from 'vitest';
import { duplexPair } from '../../../../src-main/demo/gateway/duplex-pair';
import { RfbSession } from '../../../../src-main/demo/vnc-server/rfb-session';
import type { FairScheduler, Step } from '../../../../src-main/demo/vnc-server/fair-scheduler';
import { RfbTestClient, rfbTestHost } from './rfb-test-client';

const WIDTH = 720;
const HEIGHT = 400;
const tick = () => new Promise((r) => setImmediate(r));

/** A session over an in-memory link whose scheduler steps only when the test says so. */
async function sessionWithManualSteps() {
  const pixels = new Uint32Array(WIDTH * HEIGHT).fill(0x000000aa);
  const steps: Step[] = [];
  const scheduler = { add: (step: Step) => steps.push(step) } as unknown as FairScheduler;
  const host = rfbTestHost(WIDTH, pixels, scheduler);
  const [clientEnd, serverEnd] = duplexPair();
  const session = new RfbSession(serverEnd, host);
  const client = await RfbTestClient.connect(clientEnd);
  /** Runs one queued slice (waiting for the stream when it asks to), then lets I/O flow. */
  const step = async (): Promise<boolean> => {
    for (let i = 0; i < 100 && steps.length === 0; i++) await tick();
    const next = steps.shift();
    if (!next) return false;
    if (next()) steps.unshift(next);
    await tick();
    return true;
  };
  return { pixels, client, session, step, steps };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('RfbSession updates', () => {
  it('sends the screen as it was when the update began, though it changes between slices', async () => {
    const { pixels, client, session, step } = await sessionWithManualSteps();
    cleanups.push(() => session.close());
    const reading = client.readUpdate();
    client.requestUpdate(false);
    expect(await step()).toBe(true); // the first slice is out: the top rows
    // The screen changes everywhere (a scroll), as the console would between two slices.
    pixels.fill(0x00ffffff);
    while (await step());
    expect(await reading).toEqual([{ x: 0, y: 0, w: WIDTH, h: HEIGHT, encoding: 0 }]);
    expect(client.countNot(0x000000aa)).toBe(0);
  });

  it('sends rows it was asked for from the same moment too (an incremental update of several rows)', async () => {
    const { pixels, client, session, step } = await sessionWithManualSteps();
    cleanups.push(() => session.close());
    // First a full picture, then two changed rows far apart, then a change while they go out.
    let reading = client.readUpdate();
    client.requestUpdate(false);
    while (await step());
    await reading;
    pixels.fill(0x00000011, 0, WIDTH * 16);
    pixels.fill(0x00000022, WIDTH * 384, WIDTH * 400);
    session.markDirty([
      { x: 0, y: 0, w: WIDTH, h: 16 },
      { x: 0, y: 384, w: WIDTH, h: 16 },
    ]);
    reading = client.readUpdate();
    client.requestUpdate(true);
    expect(await step()).toBe(true);
    pixels.fill(0x00000033);
    while (await step());
    await reading;
    expect(client.countNot(0x00000011, { x: 0, y: 0, w: WIDTH, h: 16 })).toBe(0);
    expect(client.countNot(0x00000022, { x: 0, y: 384, w: WIDTH, h: 16 })).toBe(0);
    expect(client.countNot(0x000000aa, { x: 0, y: 16, w: WIDTH, h: 368 })).toBe(0);
  });
});
