// Which frames of a shown connection the transcript reads (ConsoleSession → TextCapture), over the
// real noVNC connector with a stand-in RFB: the liveness probe's answer on an idle screen (one
// pixel, every 1.5 s per console) is neither copied onto the canvas nor read; real updates are.
// And that a closed console's canvases give their memory back at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleSession } from '../../../src-renderer/console/console-session.svelte';
import type { SessionConnection } from '../../../src-renderer/console/console-session.svelte';
import type { ConsoleServices } from '../../../src-renderer/console/console-services';
import type { Connector } from '../../../src-renderer/console/connector';
import { createNoVncConnector } from '../../../src-renderer/console/novnc-connector';
import type { RfbClass } from '../../../src-renderer/console/novnc-connector';
import { PasswordKeeper } from '../../../src-renderer/console/password-keeper';
import type { TextClient } from '../../../src-renderer/console/text/text-client';
import type { FrameResult } from '../../../src-renderer/console/text/text-service';
import { FakeRfb, FakeSocket } from './novnc-fakes';

const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let session: ConsoleSession | undefined;
afterEach(() => {
  session?.dispose();
  session = undefined;
  vi.restoreAllMocks();
});

async function shownConsole() {
  const frame = vi.fn(async (): Promise<FrameResult> => ({
    mode: 'cells',
    appended: 0,
    edited: 0,
    lines: 0,
  }));
  const textClient = {
    frame,
    forget: vi.fn(async () => {}),
  } as unknown as TextClient;
  const services = {
    issueUrl: vi.fn(async () => ({ url: 'ws://gw/vnc?s=1', issuedAt: Date.now(), hints: {} })),
    instanceState: vi.fn(async () => 'RUNNING'),
    reportLink: vi.fn(),
    onSystemResume: () => () => {},
    onHandshakeRefused: () => () => {},
  } as unknown as ConsoleServices;
  const screen: { host?: HTMLElement } = {};
  const novnc = createNoVncConnector({
    RFB: FakeRfb as unknown as RfbClass,
    target: () => screen.host,
    passwords: new PasswordKeeper(),
    settings: () => ({ scale: 'fit', viewOnly: false, quality: 6, compression: 2 }) as never,
    reportLink: () => {},
    openSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
  });
  const connector: Connector<SessionConnection> = (url, hints, events) => novnc(url, hints, events);
  session = new ConsoleSession({
    ref,
    title: 'web-prod-01',
    services,
    loadRfb: async () => FakeRfb as unknown as RfbClass,
    connector,
    textClient,
    textStartMs: 0,
    pacing: { tabAtLatestMs: 0, tabIdleGraceMs: 0, quietMs: 0, toolsAtLatestMs: 0 },
  });
  // The session's screen host, in the page, with the canvas noVNC would draw into (read by grab).
  const container = document.createElement('div');
  document.body.append(container);
  session.attach(container);
  const host = container.firstElementChild as HTMLElement;
  screen.host = host;
  const canvas = document.createElement('canvas');
  canvas.width = 720;
  canvas.height = 400;
  vi.spyOn(canvas, 'getContext').mockReturnValue({
    getImageData: (_x: number, _y: number, width: number, height: number) => ({
      width,
      height,
      data: new Uint8ClampedArray(width * height * 4),
    }),
  } as unknown as RenderingContext);
  host.append(canvas);
  const before = FakeRfb.last;
  void session.start();
  await vi.waitFor(() => expect(FakeRfb.last).not.toBe(before));
  const rfb = FakeRfb.last;
  rfb.connect(720, 400);
  rfb.readUpdate([[720, 400]]); // the first complete picture
  await vi.waitFor(() => expect(session!.live).toBe(true));
  // The transcript starts by reading the picture already there.
  await vi.waitFor(() => expect(frame).toHaveBeenCalledTimes(1));
  return { rfb, frame, display: rfb._display };
}

describe('the transcript and the liveness probe', () => {
  it('does not read, nor copy onto the canvas, the probe’s answer on an idle screen', async () => {
    const { frame, display } = await shownConsole();
    const copiedBefore = display.copied.length;
    for (let i = 0; i < 5; i++) {
      // The server answers the probe (PROBE_MESSAGE: 1×1 at 0,0) with that pixel, unchanged.
      display.draw(0, 0, 1, 1);
      display.flip();
      await settle();
    }
    expect(frame).toHaveBeenCalledTimes(1);
    expect(display.copied.length).toBe(copiedBefore);
  });

  it('reads a real update, which also copies the held pixel onto the canvas', async () => {
    const { frame, display } = await shownConsole();
    display.draw(0, 0, 1, 1);
    display.flip();
    display.draw(0, 384, 720, 16); // a new line at the bottom of a text console
    display.flip();
    await vi.waitFor(() => expect(frame).toHaveBeenCalledTimes(2));
    expect(display.copied.at(-1)).toEqual([0, 0, 720, 400]);
  });

  it('reads an update whose flip noVNC queued behind a decoded image once, when it is drawn', async () => {
    const { frame, display } = await shownConsole();
    display.pending = true;
    display.draw(0, 0, 720, 200);
    display.flip();
    await settle();
    expect(frame).toHaveBeenCalledTimes(1); // not yet on the canvas
    display.drain();
    await vi.waitFor(() => expect(frame).toHaveBeenCalledTimes(2));
    await settle();
    expect(frame).toHaveBeenCalledTimes(2);
  });
});

describe('a finished connection’s canvases', () => {
  const sizes = (display: FakeRfb['_display']) => [
    [display._target.width, display._target.height],
    [display._backbuffer.width, display._backbuffer.height],
  ];

  it('give their memory back as soon as the console is closed', async () => {
    const { display } = await shownConsole();
    expect(sizes(display)).toEqual([
      [720, 400],
      [720, 400],
    ]);
    session!.dispose();
    expect(sizes(display)).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
