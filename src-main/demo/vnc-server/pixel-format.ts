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

/**
 * Whether `pf` holds 8-bit channels in whole bytes of a little-endian 32-bit word (noVNC's R,G,B,0 is
 * one): then a pixel is rearranged with shifts, which is faster than three table look-ups.
 */
function isByteChannels(pf: PixelFormat): boolean {
  const byte = (s: number) => s % 8 === 0 && s <= 24;
  return (
    pf.bitsPerPixel === 32 &&
    !pf.bigEndian &&
    pf.redMax === 255 &&
    pf.greenMax === 255 &&
    pf.blueMax === 255 &&
    byte(pf.redShift) &&
    byte(pf.greenShift) &&
    byte(pf.blueShift)
  );
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

function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | ((v >>> 24) & 0xff)) >>> 0;
}

/**
 * Raw encoding (RFC 6143 §7.7.1) into one client format. Built once per SetPixelFormat: each 8-bit
 * channel maps through a 256-entry table already shifted into place and in the client's byte order,
 * so a pixel costs three lookups and two ORs (and the native format is a plain row copy).
 */
export class PixelEncoder {
  readonly bytesPerPixel: number;
  private readonly native: boolean;
  private readonly byteChannels: boolean;
  private readonly red = new Uint32Array(256);
  private readonly green = new Uint32Array(256);
  private readonly blue = new Uint32Array(256);

  constructor(readonly format: PixelFormat) {
    this.bytesPerPixel = format.bitsPerPixel / 8;
    this.native = isNative(format);
    this.byteChannels = isByteChannels(format);
    const wire = (v: number): number => {
      if (!format.bigEndian || this.bytesPerPixel === 1) return v;
      return this.bytesPerPixel === 2 ? swap16(v) : swap32(v);
    };
    for (let c = 0; c < 256; c++) {
      // Byte swapping commutes with OR, so each channel can be swapped on its own.
      this.red[c] = wire((Math.round((c * format.redMax) / 255) << format.redShift) >>> 0);
      this.green[c] = wire((Math.round((c * format.greenMax) / 255) << format.greenShift) >>> 0);
      this.blue[c] = wire((Math.round((c * format.blueMax) / 255) << format.blueShift) >>> 0);
    }
  }

  /** The bytes of the rectangle (x, y, w, h) of `src`. */
  encode(src: PixelSource, x: number, y: number, w: number, h: number): Buffer {
    // Not from the shared pool: its own memory (offset 0, so aligned), not zeroed as all is written.
    const out = Buffer.allocUnsafeSlow(w * h * this.bytesPerPixel);
    this.encodeInto(out, 0, src, x, y, w, h);
    return out;
  }

  /**
   * Writes the rectangle's bytes into `out` at `offset`, which must be a multiple of the pixel size
   * from the start of `out`'s memory (typed views are laid over it); returns the bytes written.
   */
  encodeInto(
    out: Buffer,
    offset: number,
    src: PixelSource,
    x: number,
    y: number,
    w: number,
    h: number,
  ): number {
    const bpp = this.bytesPerPixel;
    const n = w * h;
    const at = out.byteOffset + offset;
    if (at % bpp !== 0) throw new RangeError('encodeInto: misaligned offset');
    if (this.native) {
      // Our Uint32Array in little-endian memory already is B,G,R,0: copy rows as they are.
      const words = new Uint32Array(out.buffer, at, n);
      for (let row = 0; row < h; row++) {
        const start = (y + row) * src.width + x;
        words.set(src.pixels.subarray(start, start + w), row * w);
      }
      return n * 4;
    }
    const px = src.pixels;
    if (this.byteChannels) {
      // The same loop as the tables' below, written out: a per-pixel callback would cost what it saves.
      const words = new Uint32Array(out.buffer, at, n);
      const { redShift: rs, greenShift: gs, blueShift: bs } = this.format;
      let o = 0;
      for (let row = 0; row < h; row++) {
        let i = (y + row) * src.width + x;
        const end = i + w;
        for (; i < end; i++, o++) {
          const v = px[i]!;
          words[o] = (((v >>> 16) & 0xff) << rs) | (((v >>> 8) & 0xff) << gs) | ((v & 0xff) << bs);
        }
      }
      return n * 4;
    }
    const { red, green, blue } = this;
    // Little-endian views: the tables already hold each value in the client's byte order.
    const view =
      bpp === 4
        ? new Uint32Array(out.buffer, at, n)
        : bpp === 2
          ? new Uint16Array(out.buffer, at, n)
          : new Uint8Array(out.buffer, at, n);
    let o = 0;
    for (let row = 0; row < h; row++) {
      let i = (y + row) * src.width + x;
      const end = i + w;
      for (; i < end; i++, o++) {
        const v = px[i]!;
        view[o] = red[(v >>> 16) & 0xff]! | green[(v >>> 8) & 0xff]! | blue[v & 0xff]!;
      }
    }
    return n * bpp;
  }
}

/** Raw-encoded bytes of a rectangle of `src` in format `pf` (for one-off use; sessions keep an encoder). */
export function encodeRaw(
  src: PixelSource,
  x: number,
  y: number,
  w: number,
  h: number,
  pf: PixelFormat,
): Buffer {
  return new PixelEncoder(pf).encode(src, x, y, w, h);
}
