// RFB PIXEL_FORMAT (RFC 6143 §7.4): parsing what a client asks for, and turning our 0x00RRGGBB
// framebuffer into those bytes. Only true colour is supported; every current viewer uses it.

export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** What the server announces: 32 bpp, depth 24, little-endian, red in bits 16-23 (bytes B,G,R,0). */
export const NATIVE_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export function readPixelFormat(buf: Buffer, offset: number): PixelFormat {
  return {
    bitsPerPixel: buf.readUInt8(offset),
    depth: buf.readUInt8(offset + 1),
    bigEndian: buf.readUInt8(offset + 2) !== 0,
    trueColour: buf.readUInt8(offset + 3) !== 0,
    redMax: buf.readUInt16BE(offset + 4),
    greenMax: buf.readUInt16BE(offset + 6),
    blueMax: buf.readUInt16BE(offset + 8),
    redShift: buf.readUInt8(offset + 10),
    greenShift: buf.readUInt8(offset + 11),
    blueShift: buf.readUInt8(offset + 12),
  };
}

export function writePixelFormat(pf: PixelFormat): Buffer {
  const buf = Buffer.alloc(16);
  buf.writeUInt8(pf.bitsPerPixel, 0);
  buf.writeUInt8(pf.depth, 1);
  buf.writeUInt8(pf.bigEndian ? 1 : 0, 2);
  buf.writeUInt8(pf.trueColour ? 1 : 0, 3);
  buf.writeUInt16BE(pf.redMax, 4);
  buf.writeUInt16BE(pf.greenMax, 6);
  buf.writeUInt16BE(pf.blueMax, 8);
  buf.writeUInt8(pf.redShift, 10);
  buf.writeUInt8(pf.greenShift, 11);
  buf.writeUInt8(pf.blueShift, 12);
  return buf;
}

/** Why a requested format cannot be served, or undefined when it can. */
export function unsupportedReason(pf: PixelFormat): string | undefined {
  if (![8, 16, 32].includes(pf.bitsPerPixel)) return `bits-per-pixel ${pf.bitsPerPixel}`;
  if (!pf.trueColour) return 'colour-map formats';
  const channels: [number, number][] = [
    [pf.redMax, pf.redShift],
    [pf.greenMax, pf.greenShift],
    [pf.blueMax, pf.blueShift],
  ];
  for (const [max, shift] of channels) {
    // A max must be 2^n - 1 and the channel must fit inside the pixel.
    if (max === 0 || (max & (max + 1)) !== 0) return `channel max ${max}`;
    if (shift + Math.log2(max + 1) > pf.bitsPerPixel) return `channel shift ${shift}`;
  }
  return undefined;
}

function isNative(pf: PixelFormat): boolean {
  const n = NATIVE_FORMAT;
  return (
    pf.bitsPerPixel === 32 &&
    !pf.bigEndian &&
    pf.redMax === n.redMax &&
    pf.greenMax === n.greenMax &&
    pf.blueMax === n.blueMax &&
    pf.redShift === n.redShift &&
    pf.greenShift === n.greenShift &&
    pf.blueShift === n.blueShift
  );
}

export interface PixelSource {
  readonly width: number;
  /** 0x00RRGGBB per pixel, row-major. */
  readonly pixels: Uint32Array;
}

/** Raw-encoded bytes of a rectangle of `src` in format `pf` (RFC 6143 §7.7.1). */
export function encodeRaw(
  src: PixelSource,
  x: number,
  y: number,
  w: number,
  h: number,
  pf: PixelFormat,
): Buffer {
  const bpp = pf.bitsPerPixel / 8;
  const out = Buffer.allocUnsafe(w * h * bpp);
  if (isNative(pf)) {
    // Our Uint32Array in little-endian memory already is B,G,R,0: copy rows as they are.
    const bytes = Buffer.from(src.pixels.buffer, src.pixels.byteOffset, src.pixels.byteLength);
    for (let row = 0; row < h; row++) {
      const start = ((y + row) * src.width + x) * 4;
      bytes.copy(out, row * w * 4, start, start + w * 4);
    }
    return out;
  }
  let o = 0;
  for (let row = 0; row < h; row++) {
    let i = (y + row) * src.width + x;
    for (let col = 0; col < w; col++, i++, o += bpp) {
      const v = src.pixels[i]!;
      const r = Math.round((((v >>> 16) & 0xff) * pf.redMax) / 255);
      const g = Math.round((((v >>> 8) & 0xff) * pf.greenMax) / 255);
      const b = Math.round(((v & 0xff) * pf.blueMax) / 255);
      const p = ((r << pf.redShift) | (g << pf.greenShift) | (b << pf.blueShift)) >>> 0;
      if (bpp === 4) {
        if (pf.bigEndian) out.writeUInt32BE(p, o);
        else out.writeUInt32LE(p, o);
      } else if (bpp === 2) {
        if (pf.bigEndian) out.writeUInt16BE(p & 0xffff, o);
        else out.writeUInt16LE(p & 0xffff, o);
      } else {
        out[o] = p & 0xff;
      }
    }
  }
  return out;
}
