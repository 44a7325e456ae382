import { describe, it, expect, vi, afterEach } from 'vitest';
import fc from 'fast-check';
import { DirtyRegion } from '../../../../src-main/demo/vnc-server/dirty-region';
import { TextScreen } from '../../../../src-main/demo/vnc-server/text-screen';
import { hostnameFromTitle, TypedText } from '../../../../src-main/demo/vnc-server/text-console';
import { glyphRows } from '../../../../src-main/demo/vnc-server/bitmap-font';
import {
  encodeRaw,
  NATIVE_FORMAT,
  PixelEncoder,
  unsupportedReason,
  type PixelFormat,
} from '../../../../src-main/demo/vnc-server/pixel-format';
import { snapshot, updateSlices } from '../../../../src-main/demo/vnc-server/update-slices';
import { NOVNC_8, RGB565 } from './pixel-formats';
import { BuiltinVncServer } from '../../../../src-main/demo/vnc-server/vnc-server';
import { duplexPair } from '../../../../src-main/demo/gateway/duplex-pair';
import { FairScheduler } from '../../../../src-main/demo/vnc-server/fair-scheduler';

afterEach(() => {
  vi.useRealTimers();
});

describe('DirtyRegion', () => {
  it('joins neighbouring cells of a row and drops rects already covered', () => {
    const d = new DirtyRegion();
    d.add({ x: 9, y: 16, w: 9, h: 16 });
    d.add({ x: 18, y: 16, w: 9, h: 16 });
    d.add({ x: 10, y: 16, w: 2, h: 2 });
    expect(d.take({ x: 0, y: 0, w: 720, h: 400 })).toEqual([{ x: 9, y: 16, w: 18, h: 16 }]);
    expect(d.isEmpty).toBe(true);
  });

  it('hands out only what lies inside the requested area and keeps the rest', () => {
    const d = new DirtyRegion();
    d.add({ x: 0, y: 0, w: 100, h: 100 });
    expect(d.take({ x: 50, y: 50, w: 100, h: 100 })).toEqual([{ x: 50, y: 50, w: 50, h: 50 }]);
    expect(d.intersects({ x: 50, y: 50, w: 100, h: 100 })).toBe(false);
    expect(d.intersects({ x: 0, y: 0, w: 10, h: 10 })).toBe(true);
    const rest = d.take({ x: 0, y: 0, w: 100, h: 100 });
    expect(rest.reduce((sum, r) => sum + r.w * r.h, 0)).toBe(100 * 100 - 50 * 50);
  });

  it('collapses into a bounding box instead of growing without end', () => {
    const d = new DirtyRegion();
    for (let i = 0; i < 100; i++) d.add({ x: (i * 37) % 700, y: (i * 16) % 384, w: 1, h: 1 });
    expect(d.take({ x: 0, y: 0, w: 720, h: 400 }).length).toBeLessThanOrEqual(33);
  });
});

describe('TextScreen and typed text', () => {
  it('wraps long lines, scrolls at the bottom, and backspaces across a wrap', () => {
    const s = new TextScreen(5, 2);
    s.write('abcdefg');
    expect([s.rowText(0), s.rowText(1)]).toEqual(['abcde', 'fg']);
    s.write('\nxy');
    expect([s.rowText(0), s.rowText(1)]).toEqual(['fg', 'xy']);
    s.write('zzz'); // 'xyzzz' fills row 1; the cursor waits past the edge
    s.write('!'); // scrolls
    expect([s.rowText(0), s.rowText(1)]).toEqual(['xyzzz', '!']);
    expect(s.backspace()).toBe(true);
    expect(s.backspace()).toBe(true); // steps back onto the previous row
    expect(s.rowText(0)).toBe('xyzz');
  });

  it('keeps Backspace inside a line in the typed-text record', () => {
    const t = new TypedText();
    t.add('ab\n');
    t.backspace();
    t.add('c');
    t.backspace();
    t.backspace();
    expect(t.toString()).toBe('ab\n');
  });

  it('finds the host name in a getty banner', () => {
    expect(hostnameFromTitle('Ubuntu 22.04 LTS web-01 tty1')).toBe('web-01');
    expect(hostnameFromTitle('CentOS 7')).toBe('localhost');
  });

  it('has a glyph for every printable ASCII character and a box for the rest', () => {
    const box = glyphRows(0x7f);
    for (let c = 0x21; c <= 0x7e; c++) {
      const g = glyphRows(c);
      expect(g).toHaveLength(7);
      expect(g.some((row) => row !== 0)).toBe(true);
      expect(g.every((row) => row < 32)).toBe(true);
    }
    expect(glyphRows(0x20).every((row) => row === 0)).toBe(true);
    expect(glyphRows(0xe9)).toEqual(box);
    // Distinct characters look distinct.
    const shapes = new Set(Array.from({ length: 95 }, (_, i) => glyphRows(0x20 + i).join()));
    expect(shapes.size).toBe(95);
  });
});

describe('pixel formats', () => {
  const src = { width: 2, pixels: Uint32Array.from([0xff0000, 0x00ff00, 0x0000ff, 0xffffff]) };

  it('encodes big-endian 32 bpp and 16 bpp RGB565', () => {
    const be = encodeRaw(src, 0, 0, 2, 1, { ...NATIVE_FORMAT, bigEndian: true });
    expect(be.toString('hex')).toBe('00ff0000' + '0000ff00');
    expect(encodeRaw(src, 0, 1, 2, 1, RGB565).toString('hex')).toBe('1f00' + 'ffff');
  });

  it('encodes every true-colour format exactly as the per-pixel formula of RFC 6143 says', () => {
    // The reference: each channel scaled to its max, shifted, packed in the client's byte order.
    const reference = (v: number, pf: PixelFormat): Buffer => {
      const scale = (c: number, max: number) => Math.round((c * max) / 255);
      const p =
        ((scale((v >>> 16) & 255, pf.redMax) << pf.redShift) |
          (scale((v >>> 8) & 255, pf.greenMax) << pf.greenShift) |
          (scale(v & 255, pf.blueMax) << pf.blueShift)) >>>
        0;
      const b = Buffer.alloc(pf.bitsPerPixel / 8);
      if (b.length === 4 && pf.bigEndian) b.writeUInt32BE(p);
      else if (b.length === 4) b.writeUInt32LE(p);
      else if (b.length === 2 && pf.bigEndian) b.writeUInt16BE(p);
      else if (b.length === 2) b.writeUInt16LE(p);
      else b[0] = p;
      return b;
    };
    const format = fc
      .record({
        bitsPerPixel: fc.constantFrom(8, 16, 32),
        bigEndian: fc.boolean(),
        bits: fc.tuple(
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 8 }),
        ),
        order: fc.constantFrom<number[]>([0, 1, 2], [2, 1, 0], [1, 0, 2]),
      })
      .filter(({ bitsPerPixel, bits }) => bits[0] + bits[1] + bits[2] <= bitsPerPixel)
      .map(({ bitsPerPixel, bigEndian, bits, order }): PixelFormat => {
        // Channels packed one after another from bit 0, in the given order.
        const shifts: number[] = [];
        let at = 0;
        for (const c of order) {
          shifts[c] = at;
          at += bits[c]!;
        }
        return {
          bitsPerPixel,
          depth: at,
          bigEndian,
          trueColour: true,
          redMax: 2 ** bits[0] - 1,
          greenMax: 2 ** bits[1] - 1,
          blueMax: 2 ** bits[2] - 1,
          redShift: shifts[0]!,
          greenShift: shifts[1]!,
          blueShift: shifts[2]!,
        };
      });
    const pixels = fc.array(fc.integer({ min: 0, max: 0xffffff }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(format, pixels, (pf, px) => {
        expect(unsupportedReason(pf)).toBeUndefined();
        const source = { width: 3, pixels: Uint32Array.from(px) };
        const expected = Buffer.concat(px.slice(3).map((v) => reference(v, pf)));
        expect(encodeRaw(source, 0, 1, 3, 1, pf).equals(expected)).toBe(true);
      }),
    );
  });

  it('says what it cannot serve', () => {
    expect(unsupportedReason(NATIVE_FORMAT)).toBeUndefined();
    expect(unsupportedReason({ ...NATIVE_FORMAT, trueColour: false })).toMatch(/colour-map/);
    expect(unsupportedReason({ ...NATIVE_FORMAT, bitsPerPixel: 24 })).toMatch(/bits-per-pixel/);
    expect(unsupportedReason({ ...NATIVE_FORMAT, redMax: 100 })).toMatch(/max/);
    expect(unsupportedReason({ ...NATIVE_FORMAT, bitsPerPixel: 16, redShift: 16 })).toMatch(/shift/);
  });
});

describe('BuiltinVncServer housekeeping', () => {
  it('ends a session that never finishes its handshake after 10 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const server = new BuiltinVncServer({ title: 'Debian 12 idle tty1', flavour: 'linux' });
    const [client, serverEnd] = duplexPair();
    client.on('error', () => {});
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    server.handle(serverEnd);
    expect(server.connections).toBe(1);
    vi.advanceTimersByTime(9_999);
    expect(server.connections).toBe(1);
    vi.advanceTimersByTime(2);
    expect(server.connections).toBe(0);
    await closed;
    await server.close();
  });

  it('rejects absurd screen sizes', () => {
    expect(() => new BuiltinVncServer({ title: 't', flavour: 'linux', width: 100, height: 100 })).toThrow(
      RangeError,
    );
  });

  it('costs nothing until used, and keeps working at other sizes', async () => {
    const server = new BuiltinVncServer({
      title: 'Rocky 9 big tty1',
      flavour: 'linux',
      width: 1280,
      height: 800,
    });
    expect(server.typedText()).toBe('');
    expect(server.keyEvents()).toEqual([]);
    expect(server.screenText()).toContain('Rocky 9 big tty1\n\nbig login:');
    await server.close();
  });
});

describe('updateSlices', () => {
  const src = { width: 30, pixels: Uint32Array.from({ length: 300 }, (_, i) => (i * 2654435761) & 0xffffff) };
  const rects = [
    { x: 0, y: 0, w: 30, h: 10 },
    { x: 5, y: 5, w: 3, h: 2 },
  ];

  for (const pf of [NATIVE_FORMAT, NOVNC_8]) {
    it(`cuts an update into slices that join into the whole message (${pf.bitsPerPixel} bpp)`, () => {
      const slices = [...updateSlices(rects, new PixelEncoder(pf), snapshot(src, rects), 100)];
      const whole = Buffer.concat([
        Buffer.from([0, 0, 0, 2]),
        ...rects.flatMap((r) => {
          const head = Buffer.alloc(12);
          head.writeUInt16BE(r.x, 0);
          head.writeUInt16BE(r.y, 2);
          head.writeUInt16BE(r.w, 4);
          head.writeUInt16BE(r.h, 6);
          return [head, encodeRaw(src, r.x, r.y, r.w, r.h, pf)];
        }),
      ]);
      expect(Buffer.concat(slices.map((s) => s.bytes)).equals(whole)).toBe(true);
      expect(slices.map((s) => s.last)).toEqual(slices.map((_, i) => i === slices.length - 1));
      expect(slices.reduce((n, s) => n + s.pixels, 0)).toBe(30 * 10 + 3 * 2);
      // Whole rows of at most about 100 bytes each, plus headers.
      expect(slices.length).toBeGreaterThanOrEqual(3); // 306 bytes at 8 bpp, 1,224 at 32
      for (const s of slices) expect(s.bytes.length).toBeLessThanOrEqual(100 + 30 * 4 + 4 + 24);
    });
  }

  it('sends an update without rectangles as one 4-byte slice', () => {
    expect([...updateSlices([], new PixelEncoder(NATIVE_FORMAT), snapshot(src, []), 100)]).toEqual([
      { bytes: Buffer.from([0, 0, 0, 0]), pixels: 0, last: true },
    ]);
  });

  it('encodes rows of a snapshot of the band the rectangles cover, not of the live source', () => {
    const live = { width: 30, pixels: src.pixels.slice() };
    const band = [{ x: 2, y: 4, w: 5, h: 3 }];
    const copy = snapshot(live, band);
    expect(copy.top).toBe(4);
    expect(copy.pixels.length).toBe(30 * 3);
    live.pixels.fill(0);
    const bytes = Buffer.concat(
      [...updateSlices(band, new PixelEncoder(NATIVE_FORMAT), copy, 100)].map((s) => s.bytes),
    );
    expect(bytes.subarray(16).equals(encodeRaw(src, 2, 4, 5, 3, NATIVE_FORMAT))).toBe(true);
  });
});

describe('FairScheduler', () => {
  it('gives the event loop back after its budget, and finishes every job', async () => {
    const scheduler = new FairScheduler(2);
    let steps = 0;
    let turns = 0;
    const spin = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    // Counts turns of the event loop while the jobs run.
    const ticker = setInterval(() => turns++, 0);
    const done = new Promise<void>((resolve) => {
      let left = 3;
      for (let j = 0; j < 3; j++) {
        let n = 0;
        scheduler.add(
          () => {
            spin(0.5);
            steps++;
            if (++n < 20) return true;
            if (--left === 0) resolve();
            return false;
          },
          () => 0,
        );
      }
    });
    await done;
    clearInterval(ticker);
    expect(steps).toBe(60);
    // 30 ms of work in 2 ms turns: the loop got control back many times in between.
    expect(turns).toBeGreaterThan(5);
    expect(scheduler.pending).toBe(0);
  });

  it('rests 4 ms after each full 2 ms run while only bulk jobs are left', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'Date'] });
    let work = 0; // the scheduler's clock: each step takes 1 ms of it
    const scheduler = new FairScheduler(2, () => work);
    const ranAt: Record<string, number[]> = { bulk: [], other: [] };
    const job = (name: string, steps: number) => {
      let n = 0;
      return () => {
        ranAt[name]!.push(Date.now());
        work += 1;
        return ++n < steps;
      };
    };
    const t0 = Date.now();
    scheduler.add(job('bulk', 6), () => 0, true);
    vi.runAllTimers();
    // Two steps per run (2 ms of work), then 4 ms of rest.
    expect(ranAt.bulk!.map((t) => t - t0)).toEqual([0, 0, 4, 4, 8, 8]);
    const t1 = Date.now();
    scheduler.add(job('other', 6), () => 0);
    vi.runAllTimers();
    // Other work is never made to rest.
    expect(ranAt.other!.length).toBe(6);
    expect(ranAt.other![5]! - t1).toBeLessThan(4);
  });

  it('runs the lowest rank first, and equal ranks in the order they came', async () => {
    const scheduler = new FairScheduler(50);
    const order: string[] = [];
    const job = (name: string, steps: number) => {
      let n = 0;
      return () => (order.push(name), ++n < steps);
    };
    let heavyRank = 5;
    scheduler.add(job('heavy', 3), () => heavyRank++);
    scheduler.add(job('a', 1), () => 1);
    scheduler.add(job('b', 1), () => 1);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['a', 'b', 'heavy', 'heavy', 'heavy']);
  });
});
