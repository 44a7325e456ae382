// The ContinuousUpdates and Fence extensions of RFB (the community rfbproto, as TigerVNC and noVNC
// speak them). With continuous updates the server sends an update whenever the screen changes,
// instead of one per FramebufferUpdateRequest; a console that scrolls at full speed then reaches the
// viewer a few lines at a time, not a screen per round trip. Fences bound how far the server runs
// ahead: after each pushed update it asks the viewer for a fence, which comes back once the viewer
// has handled everything before it, and at most FENCES_AHEAD stay unanswered.

/** Pseudo-encodings a viewer lists in SetEncodings to say it speaks the extension. */
export const ENCODING_CONTINUOUS_UPDATES = -313;
export const ENCODING_FENCE = -312;

/** Message types (both directions use the same number). */
export const MSG_CONTINUOUS_UPDATES = 150; // EnableContinuousUpdates / EndOfContinuousUpdates
export const MSG_FENCE = 248;

export const FENCE_BLOCK_BEFORE = 1 << 0;
export const FENCE_BLOCK_AFTER = 1 << 1;
export const FENCE_SYNC_NEXT = 1 << 2;
export const FENCE_REQUEST = 0x80000000;
/** The flags this server honours in a viewer's request: it handles messages one at a time, in order. */
const FENCE_HONOURED = FENCE_BLOCK_BEFORE | FENCE_BLOCK_AFTER;
export const MAX_FENCE_PAYLOAD = 64;

/**
 * Pushed updates whose fence has not come back yet: two lets the server encode and send the next
 * update while the viewer decodes and draws the last (one would be request/response again).
 */
export const FENCES_AHEAD = 2;

/** EndOfContinuousUpdates: support announced, or continuous updates stopped. */
export function endOfContinuousUpdates(): Buffer {
  return Buffer.from([MSG_CONTINUOUS_UPDATES]);
}

/** A ServerFence message. */
export function fenceMessage(flags: number, payload: Uint8Array): Buffer {
  const b = Buffer.alloc(9 + payload.length);
  b[0] = MSG_FENCE;
  b.writeUInt32BE(flags >>> 0, 4);
  b[8] = payload.length;
  b.set(payload, 9);
  return b;
}

export interface ClientFence {
  flags: number;
  payload: Buffer;
}

/**
 * Reads a ClientFence at `buf[at]`: the message and its size, undefined if more bytes are needed,
 * or an error for a payload longer than the extension allows.
 */
export function readClientFence(
  buf: Buffer,
  at: number,
): { size: number; fence: ClientFence } | { error: string } | undefined {
  if (buf.length - at < 9) return undefined;
  const length = buf[at + 8]!;
  if (length > MAX_FENCE_PAYLOAD)
    return { error: `a fence payload of ${length} bytes (at most ${MAX_FENCE_PAYLOAD})` };
  if (buf.length - at < 9 + length) return undefined;
  const payload = Buffer.from(buf.subarray(at + 9, at + 9 + length));
  return { size: 9 + length, fence: { flags: buf.readUInt32BE(at + 4), payload } };
}

/** The answer to a viewer's fence request: the same payload, Request and the flags not honoured cleared. */
export function fenceAnswer(request: ClientFence): Buffer {
  return fenceMessage(request.flags & FENCE_HONOURED, request.payload);
}

/** The fences this server asked for and the viewer has not answered, oldest first. */
export class FenceWindow {
  private next = 0;
  private readonly waiting: number[] = [];

  get unanswered(): number {
    return this.waiting.length;
  }

  /** A new fence request to send after an update. */
  request(): Buffer {
    const id = this.next++ >>> 0;
    this.next >>>= 0;
    this.waiting.push(id);
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(id);
    return fenceMessage(FENCE_REQUEST | FENCE_BLOCK_BEFORE, payload);
  }

  /**
   * A fence from the viewer without Request: it must answer the oldest request, with its payload and
   * no flag beyond those asked for. Returns why not, or undefined when it does.
   */
  answered(fence: ClientFence): string | undefined {
    const id = this.waiting[0];
    if (id === undefined) return 'a fence answer nobody asked for';
    if ((fence.flags & ~FENCE_BLOCK_BEFORE) !== 0) return 'a fence answer with flags that were not asked';
    if (fence.payload.length !== 4 || fence.payload.readUInt32BE(0) !== id)
      return 'a fence answer that matches no request';
    this.waiting.shift();
    return undefined;
  }
}
