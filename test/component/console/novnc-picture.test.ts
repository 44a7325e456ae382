// When noVNC's first complete picture is on the canvas: the end of the first FramebufferUpdate that
// completes the screen, once noVNC's render queue has drawn it (novnc-picture.ts).
import { describe, expect, it, vi } from 'vitest';
import type RFB from '@novnc/novnc';
import {
  hasPictureHooks,
  holdFlips,
  watchFirstPicture,
  watchFrames,
} from '../../../src-renderer/console/novnc-picture';
import { FakeRfb, FakeSocket } from './novnc-fakes';
// The pinned noVNC's Display, as text (the package exports only core/rfb.js).
import displaySource from '../../../node_modules/@novnc/novnc/core/display.js?raw';

function watched() {
  const rfb = new FakeRfb(document.body, new FakeSocket('ws://x'));
  const onPicture = vi.fn();
  const stop = watchFirstPicture(rfb as unknown as RFB, onPicture);
  rfb.connect(1280, 800);
  return { rfb, onPicture, stop };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchFirstPicture', () => {
  it('waits for every rectangle of the screen, across updates and messages', async () => {
    const { rfb, onPicture } = watched();
    expect(rfb.readUpdate([])).toBe(true); // pseudo-rectangles only (ExtendedDesktopSize, cursor)
    expect(rfb.readUpdate([[1280, 300]], false)).toBe(false); // bytes still on their way
    expect(
      rfb.readUpdate([
        [1280, 300],
        [1280, 300],
      ]),
    ).toBe(true);
    await settle();
    expect(onPicture).not.toHaveBeenCalled(); // 600 of 800 rows
    rfb.readUpdate([[1280, 200]]);
    await settle();
    expect(onPicture).toHaveBeenCalledTimes(1);
    rfb.readUpdate([[1280, 800]]);
    await settle();
    expect(onPicture).toHaveBeenCalledTimes(1);
  });

  it('waits for the render queue (decoded images, the flip) to be drawn', async () => {
    const { rfb, onPicture } = watched();
    rfb._display.pending = true;
    rfb.readUpdate([[1280, 800]]);
    await settle();
    expect(onPicture).not.toHaveBeenCalled();
    rfb._display.drain();
    await settle();
    expect(onPicture).toHaveBeenCalledTimes(1);
  });

  it('leaves noVNC’s own methods in place once done or stopped', async () => {
    const { rfb, stop } = watched();
    expect(Object.hasOwn(rfb, '_framebufferUpdate')).toBe(true);
    stop();
    expect(Object.hasOwn(rfb, '_framebufferUpdate')).toBe(false);
    expect(Object.hasOwn(rfb, '_handleDataRect')).toBe(false);
    const other = watched();
    other.rfb.readUpdate([[1280, 800]]);
    expect(Object.hasOwn(other.rfb, '_framebufferUpdate')).toBe(false);
    await settle();
    expect(other.onPicture).toHaveBeenCalledTimes(1);
    other.stop(); // after the picture: nothing left to undo
  });

  it('a watch stopped before the render queue drained never fires', async () => {
    const { rfb, onPicture, stop } = watched();
    rfb._display.pending = true;
    rfb.readUpdate([[1280, 800]]);
    stop();
    rfb._display.drain();
    await settle();
    expect(onPicture).not.toHaveBeenCalled();
  });

  it('refuses an RFB without the internals it relies on, which the pinned noVNC has', async () => {
    expect(hasPictureHooks({})).toBe(false);
    expect(() => watchFirstPicture({} as RFB, () => {})).toThrow(/noVNC 1.7/);
    const { default: RealRfb } = await import('@novnc/novnc');
    expect(hasPictureHooks(RealRfb.prototype)).toBe(true);
  });
});

describe('watchFrames and holdFlips', () => {
  const rfbWithScreen = () => {
    const rfb = new FakeRfb(document.body, new FakeSocket('ws://x'));
    rfb.connect(720, 400);
    return rfb;
  };

  it('reports what each flip drew, and an empty flip as empty', () => {
    const rfb = rfbWithScreen();
    const onFrame = vi.fn();
    watchFrames(rfb as unknown as RFB, onFrame);
    rfb._display.draw(8, 16, 80, 16);
    rfb._display.draw(0, 384, 720, 16);
    rfb._display.flip();
    rfb._display.flip();
    expect(onFrame.mock.calls).toEqual([
      [{ x: 0, y: 16, width: 720, height: 384 }],
      [{ x: 65535, y: 65535, width: 0, height: 0 }],
    ]);
  });

  it('stacks: stopping the watcher keeps a hold installed before it', () => {
    const rfb = rfbWithScreen();
    const hold = vi.fn((d: { width: number }) => d.width === 1);
    holdFlips(rfb as unknown as RFB, hold);
    const onFrame = vi.fn();
    const stop = watchFrames(rfb as unknown as RFB, onFrame);
    rfb._display.draw(0, 0, 1, 1);
    rfb._display.flip();
    expect(rfb._display.copied).toEqual([]);
    expect(onFrame).toHaveBeenCalledTimes(1);
    stop();
    rfb._display.flip(); // still only the held pixel: still held
    expect(rfb._display.copied).toEqual([]);
    expect(onFrame).toHaveBeenCalledTimes(1);
    rfb._display.draw(100, 100, 10, 10);
    rfb._display.flip();
    expect(rfb._display.copied).toEqual([[0, 0, 110, 110]]);
  });

  it('refuses a display without the flip internals, which the pinned noVNC has', () => {
    expect(() => watchFrames({ _display: {} } as unknown as RFB, () => {})).toThrow(/noVNC 1.7/);
    // The Display the fake copies: flip queued behind pending drawing, else the damage copied and reset.
    const source = displaySource;
    expect(source).toContain('if (this._renderQ.length !== 0 && !fromQueue) {');
    expect(source).toContain('let w = this._damageBounds.right - x;');
    expect(source).toContain('this._damageBounds.right = this._damageBounds.bottom = 0;');
  });
});
