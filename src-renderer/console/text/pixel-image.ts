// The picture recognition works on: an RGBA image shaped like the DOM's ImageData (canvas
// getImageData, a VNC framebuffer copy, a decoded PNG), so these modules run in a Web Worker and in
// plain Node alike.

export interface PixelImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, rows top to bottom. */
  readonly data: Uint8ClampedArray | Uint8Array;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Largest image accepted: 8K by 8K (anything bigger is not a console and would only burn memory). */
export const MAX_SIDE = 8192;

/** Checks the shape of an image that came from elsewhere (a message, a file); throws a clear error. */
export function checkImage(image: PixelImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new RangeError('image size must be positive integers');
  if (width > MAX_SIDE || height > MAX_SIDE) throw new RangeError(`image larger than ${MAX_SIDE}px a side`);
  if (
    !(data instanceof Uint8Array || data instanceof Uint8ClampedArray) ||
    data.length !== width * height * 4
  )
    throw new RangeError('image data must be RGBA bytes, width × height × 4 long');
}

/**
 * The image as one 32-bit number per pixel, for equality tests and channel distances only (the byte
 * order is the platform's, alpha included). A view on the same memory when it is aligned: no copy.
 */
export function pixelWords(image: PixelImage): Uint32Array {
  const { data } = image;
  const count = image.width * image.height;
  if (data.byteOffset % 4 === 0) return new Uint32Array(data.buffer, data.byteOffset, count);
  const copy = new Uint8Array(count * 4);
  copy.set(data.subarray(0, count * 4));
  return new Uint32Array(copy.buffer);
}

/** `rect` clipped to the image; undefined when nothing of it is inside. */
export function clipRect(rect: Rect, width: number, height: number): Rect | undefined {
  const x = Math.max(0, Math.floor(rect.x));
  const y = Math.max(0, Math.floor(rect.y));
  const right = Math.min(width, Math.ceil(rect.x + rect.w));
  const bottom = Math.min(height, Math.ceil(rect.y + rect.h));
  return right > x && bottom > y ? { x, y, w: right - x, h: bottom - y } : undefined;
}
