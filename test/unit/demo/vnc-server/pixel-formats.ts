// Pixel formats a VNC client may ask the built-in server for: noVNC's own, and two smaller ones.
import type { PixelFormat } from '../../../../src-main/demo/vnc-server/pixel-format';

/** What noVNC sends in SetPixelFormat: 32 bpp, depth 24, red in the lowest byte. */
export const NOVNC_24: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 0,
  greenShift: 8,
  blueShift: 16,
};
export const RGB565: PixelFormat = {
  ...NOVNC_24,
  bitsPerPixel: 16,
  depth: 16,
  redMax: 31,
  greenMax: 63,
  blueMax: 31,
  redShift: 11,
  greenShift: 5,
  blueShift: 0,
};
export const NOVNC_8: PixelFormat = {
  ...NOVNC_24,
  bitsPerPixel: 8,
  depth: 8,
  redMax: 3,
  greenMax: 3,
  blueMax: 3,
  redShift: 0,
  greenShift: 2,
  blueShift: 4,
};
