// Issue 17: a console printing a log at speed scrolls on nearly every frame. The demo server moves
// the pixels of a scroll instead of drawing every cell again, and sends a viewer that takes CopyRect
// the move plus the new rows: what the viewer ends with must be the very screen a full redraw gives.
import { afterEach, describe, expect, it } from 'vitest';
import { Framebuffer, CELL_HEIGHT } from '../../../../src-main/demo/vnc-server/framebuffer';
import type { Rect } from '../../../../src-main/demo/vnc-server/framebuffer';
import { TextScreen, VGA_GREEN, VGA_GREY } from '../../../../src-main/demo/vnc-server/text-screen';
import { DirtyRegion } from '../../../../src-main/demo/vnc-server/dirty-region';
import { updateSlices, snapshot } from '../../../../src-main/demo/vnc-server/update-slices';
import { NATIVE_FORMAT, PixelEncoder } from '../../../../src-main/demo/vnc-server/pixel-format';
import { BuiltinVncServer } from '../../../../src-main/demo/vnc-server/vnc-server';
import { bootLog } from '../../../../src-main/demo/vnc-server/boot-log';
import { RfbTestClient } from './rfb-test-client';

const WIDTH = 720;
const HEIGHT = 400;

/** What a framebuffer that never saw an earlier screen draws for `screen`. */
function fresh(screen: TextScreen): Uint32Array {
  const fb = new Framebuffer(WIDTH, HEIGHT);
  fb.render(screen);
  return fb.pixels;
}

const rowsCovered = (rects: readonly Rect[]) => new Set(rects.map((r) => r.y / CELL_HEIGHT));

describe('Framebuffer scrolling', () => {
  it('moves the pixels of a scroll and draws only the new row, and the result is a full redraw', () => {
    const screen = new TextScreen(80, 25);
    const fb = new Framebuffer(WIDTH, HEIGHT);
    for (let i = 0; i < 30; i++) screen.write(`line ${i}\n`);
    fb.render(screen);
    screen.write('one more line\n');
    const change = fb.render(screen);
    expect(change.scroll).toEqual({ area: { x: 0, y: 0, w: WIDTH, h: 25 * CELL_HEIGHT }, dy: CELL_HEIGHT });
    // The new text row and the cursor's row (it moved down a row); nothing else was drawn.
    expect([...rowsCovered(change.rects)].sort((a, b) => a - b)).toEqual([23, 24]);
    expect(Buffer.from(fb.pixels.buffer).equals(Buffer.from(fresh(screen).buffer))).toBe(true);
  });

  it('equals a full redraw after any mix of scrolls, colours, cursor moves, clears and tty switches', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const ttys = [new TextScreen(80, 25), new TextScreen(80, 25)];
    const fb = new Framebuffer(WIDTH, HEIGHT);
    let active = ttys[0]!;
    let scrolled = 0;
    for (let step = 0; step < 300; step++) {
      const what = rand(20);
      if (what === 0) active = ttys[rand(2)]!;
      else if (what === 1) active.clear();
      else if (what === 2) active.cursorVisible = !active.cursorVisible;
      else if (what === 3) active.moveTo(rand(80), rand(25));
      else {
        active.pen = rand(3) === 0 ? VGA_GREEN : VGA_GREY;
        // From part of a line to more than a screen at once.
        const lines = rand(5) === 0 ? 30 : rand(9);
        for (let i = 0; i < lines; i++) active.write(`${step}:${i} ${'x'.repeat(rand(90))}\n`);
        active.write(`tail ${step}`);
      }
      const change = fb.render(active);
      if (change.scroll) scrolled++;
      expect(Buffer.from(fb.pixels.buffer).equals(Buffer.from(fresh(active).buffer)), `step ${step}`).toBe(
        true,
      );
    }
    expect(scrolled).toBeGreaterThan(50);
  });
});

describe('DirtyRegion.scroll', () => {
  it('moves what was dirty with the pixels and marks the band left at the bottom', () => {
    const area = { x: 0, y: 0, w: 720, h: 400 };
    const d = new DirtyRegion();
    d.add({ x: 90, y: 320, w: 18, h: 16 }); // moves up 32
    d.add({ x: 0, y: 0, w: 720, h: 16 }); // scrolls out of the area
    d.scroll(area, 32);
    expect(d.take(area)).toEqual([
      { x: 90, y: 288, w: 18, h: 16 },
      { x: 0, y: 368, w: 720, h: 32 },
    ]);
  });
});

describe('CopyRect in an update', () => {
  it('comes first, counted, with its source the area moved down by the scroll', () => {
    const src = { width: WIDTH, pixels: new Uint32Array(WIDTH * HEIGHT) };
    const rects = [{ x: 0, y: 384, w: WIDTH, h: 16 }];
    const scroll = { area: { x: 0, y: 0, w: WIDTH, h: 400 }, dy: 16 };
    const slices = [
      ...updateSlices(rects, new PixelEncoder(NATIVE_FORMAT), snapshot(src, rects), 1 << 20, scroll),
    ];
    const msg = Buffer.concat(slices.map((s) => s.bytes));
    expect(msg.readUInt8(0)).toBe(0); // FramebufferUpdate
    expect(msg.readUInt16BE(2)).toBe(2); // the CopyRect and the Raw row
    // x, y, w, h, encoding 1, src-x, src-y
    expect([0, 2, 4, 6].map((o) => msg.readUInt16BE(4 + o))).toEqual([0, 0, WIDTH, 384]);
    expect(msg.readInt32BE(12)).toBe(1);
    expect([msg.readUInt16BE(16), msg.readUInt16BE(18)]).toEqual([0, 16]);
    expect(msg.readInt32BE(20 + 8)).toBe(0); // then Raw
    expect(msg.length).toBe(4 + 16 + 12 + WIDTH * 16 * 4);
  });
});

describe('a scrolling console through the built-in server', () => {
  const servers: BuiltinVncServer[] = [];
  const clients: RfbTestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function viewer(port: number, encodings: number[]): Promise<RfbTestClient> {
    const c = await RfbTestClient.tcp(port);
    clients.push(c);
    c.setEncodings(encodings);
    c.requestUpdate(false);
    await c.readUpdate();
    return c;
  }

  /** Incremental updates until the screen shows the prompt after the log; the encodings they used. */
  async function follow(c: RfbTestClient, pauseMs: number, done: () => boolean): Promise<Set<number>> {
    const used = new Set<number>();
    while (!done()) {
      c.requestUpdate(true);
      for (const r of await c.readUpdate(5_000)) used.add(r.encoding);
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
    // The last change may have come after the update that was read last.
    await new Promise((r) => setTimeout(r, 100));
    c.requestUpdate(true);
    if (!(await c.staysQuiet(50))) for (const r of await c.readUpdate(5_000)) used.add(r.encoding);
    return used;
  }

  it('sends a viewer that takes CopyRect the scrolls (and one that takes Zlib its rows deflated), and each ends with the screen a full update gives', async () => {
    const server = new BuiltinVncServer({ title: 'Ubuntu 22.04 LTS web-01 tty1', flavour: 'linux' });
    servers.push(server);
    const { port } = await server.listen(0);
    // Fast and slow viewers (a slow one gets several scrolls joined, or more than a screen), with and
    // without CopyRect, all at once.
    const copying = await viewer(port, [1, 0]);
    const slow = await viewer(port, [1, 0]);
    const raw = await viewer(port, [0]);
    // noVNC's list (Zlib among others it prefers, which the demo does not offer): scrolls and Zlib rows.
    const zlib = await viewer(port, [1, 7, 16, 5, 2, 6, 0]);
    copying.type('root\nsecret\ndmesg\n');
    const last = bootLog().at(-1)!;
    const finished = () => server.screenText().includes(`${last}\nroot@web-01:~#`);
    const [fastUsed, slowUsed, rawUsed, zlibUsed] = await Promise.all([
      follow(copying, 0, finished),
      follow(slow, 40, finished),
      follow(raw, 0, finished),
      follow(zlib, 0, finished),
    ]);
    expect(fastUsed.has(1)).toBe(true);
    expect(slowUsed.has(1)).toBe(true);
    expect(rawUsed.has(1)).toBe(false);
    expect([...zlibUsed].sort()).toEqual([1, 6]);
    expect(fastUsed.has(6)).toBe(false);
    const truth = await viewer(port, [0]);
    for (const v of [copying, slow, raw, zlib]) {
      expect(Buffer.from(v.pixels.buffer).equals(Buffer.from(truth.pixels.buffer))).toBe(true);
    }
  }, 60_000);
});
