import { describe, it, expect, vi, afterEach } from 'vitest';
import { DirtyRegion } from '../../../src-main/demo/vnc-server/dirty-region';
import { TextScreen } from '../../../src-main/demo/vnc-server/text-screen';
import { hostnameFromTitle, TypedText } from '../../../src-main/demo/vnc-server/text-console';
import { glyphRows } from '../../../src-main/demo/vnc-server/bitmap-font';
import { encodeRaw, NATIVE_FORMAT, unsupportedReason } from '../../../src-main/demo/vnc-server/pixel-format';
import { RGB565 } from './pixel-formats';
import { BuiltinVncServer } from '../../../src-main/demo/vnc-server';
import { duplexPair } from '../../../src-main/demo/gateway-duplex-pair';

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
