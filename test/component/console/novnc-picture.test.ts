// When noVNC's first complete picture is on the canvas: the end of the first FramebufferUpdate that
// completes the screen, once noVNC's render queue has drawn it (novnc-picture.ts).
import { describe, expect, it, vi } from 'vitest';
import type RFB from '@novnc/novnc';
import { hasPictureHooks, watchFirstPicture } from '../../../src-renderer/console/novnc-picture';
import { FakeRfb, FakeSocket } from './novnc-fakes';

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
