// The transcript's reader: every frame drawn is copied when drawn and read in order (up to a bound of
// frames waiting for the worker, past which they collapse into one read), the first frame of a
// connection is marked, a pause on screens that are not text, and none for a torn frame on a text console.
import { describe, expect, it, vi } from 'vitest';
import {
  MAX_IN_FLIGHT,
  NOT_TEXT_BEFORE_PAUSE,
  TextCapture,
} from '../../../src-renderer/console/text/text-capture.svelte';
import type { FrameResult } from '../../../src-renderer/console/text/text-service';
import type { PixelImage } from '../../../src-renderer/console/text/pixel-image';

function rig(modes: FrameResult['mode'][] = []) {
  let now = 1000;
  const timers: { at: number; fn: () => void }[] = [];
  const answers: ((r: FrameResult) => void)[] = [];
  const frame = vi.fn(() => new Promise<FrameResult>((resolve) => answers.push(resolve)));
  const grab = vi.fn((): PixelImage => ({ width: 1, height: 1, data: new Uint8ClampedArray(4) }));
  const capture = new TextCapture({
    client: { frame },
    consoleId: 'c1',
    grab,
    now: () => now,
    schedule: (fn, ms) => {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    },
    graphicalPauseMs: 1000,
  });
  /** Runs the timers due by now (+ms). */
  const run = (ms = 0) => {
    now += ms;
    for (const t of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  let answered = 0;
  /** The worker answers the oldest frame. */
  const answer = async (mode = modes[answered] ?? 'cells') => {
    answered++;
    answers.shift()!({ mode, appended: 1, edited: 0, lines: answered });
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { capture, frame, grab, run, answer, timers };
}

describe('TextCapture', () => {
  it('copies every frame when it is drawn and sends each to the worker, in order', async () => {
    const { capture, frame, grab, run, answer } = rig();
    capture.start();
    run();
    expect(frame).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) capture.frameDrawn();
    // Grabbed inside the drawing, not later: the next update would have drawn over it.
    expect(grab).toHaveBeenCalledTimes(6);
    expect(frame).toHaveBeenCalledTimes(6);
    for (let i = 0; i < 6; i++) await answer();
    run();
    // Nothing drawn since: nothing read.
    expect(frame).toHaveBeenCalledTimes(6);
    expect(capture.lines).toBe(6);
    expect(capture.textScreen).toBe(true);
  });

  it(`holds at most ${MAX_IN_FLIGHT} frames in the worker; frames drawn past that become one read`, async () => {
    const { capture, frame, run, answer } = rig();
    capture.start();
    run();
    for (let i = 0; i < MAX_IN_FLIGHT + 5; i++) capture.frameDrawn();
    expect(frame).toHaveBeenCalledTimes(MAX_IN_FLIGHT);
    await answer();
    run();
    expect(frame).toHaveBeenCalledTimes(MAX_IN_FLIGHT + 1);
    for (let i = 0; i < MAX_IN_FLIGHT; i++) await answer();
    run();
    expect(frame).toHaveBeenCalledTimes(MAX_IN_FLIGHT + 1);
  });

  it('sends one frame at a time while the screen is not text', async () => {
    const { capture, frame, run, answer } = rig();
    capture.start();
    run();
    await answer('ocr');
    for (let i = 0; i < 5; i++) capture.frameDrawn();
    expect(frame).toHaveBeenCalledTimes(2);
    await answer('cells');
    run();
    expect(frame).toHaveBeenCalledTimes(3);
    for (let i = 0; i < 5; i++) capture.frameDrawn();
    expect(frame).toHaveBeenCalledTimes(8);
  });

  it('marks the first frame of each connection, so a blank read then is not taken for a clear', async () => {
    const { capture, frame, run, answer } = rig();
    capture.start();
    run();
    capture.frameDrawn();
    capture.stop();
    capture.start();
    run();
    expect(frame.mock.calls.map((c) => (c as unknown[])[3])).toEqual([true, false, true]);
    for (let i = 0; i < 3; i++) await answer();
  });

  it('pauses on a screen that is not text, after several frames in a row say so', async () => {
    const { capture, frame, run, answer } = rig();
    capture.start();
    run();
    await answer('ocr');
    expect(capture.textScreen).toBe(false);
    for (let i = 1; i < NOT_TEXT_BEFORE_PAUSE; i++) {
      capture.frameDrawn();
      run();
      await answer('ocr');
    }
    expect(frame).toHaveBeenCalledTimes(NOT_TEXT_BEFORE_PAUSE);
    capture.frameDrawn();
    run(999);
    expect(frame).toHaveBeenCalledTimes(NOT_TEXT_BEFORE_PAUSE);
    run(1);
    expect(frame).toHaveBeenCalledTimes(NOT_TEXT_BEFORE_PAUSE + 1);
  });

  it('reads on at once after a torn frame on a text console (no pause, still a text screen)', async () => {
    const { capture, frame, run, answer } = rig();
    capture.start();
    run();
    await answer('cells');
    capture.frameDrawn();
    run();
    await answer('ocr');
    expect(capture.textScreen).toBe(true);
    capture.frameDrawn();
    run();
    expect(frame).toHaveBeenCalledTimes(3);
  });

  it('stops reading when the link goes, and reads the picture already there when it is back', async () => {
    const { capture, frame, grab, run, answer } = rig();
    capture.start();
    capture.stop();
    run();
    expect(frame).not.toHaveBeenCalled();
    capture.frameDrawn();
    run();
    expect(frame).not.toHaveBeenCalled();
    capture.start();
    run();
    expect(frame).toHaveBeenCalledTimes(1);
    await answer();
    // No picture to grab (not connected): nothing sent.
    grab.mockReturnValueOnce(undefined as unknown as PixelImage);
    capture.frameDrawn();
    run();
    expect(frame).toHaveBeenCalledTimes(1);
  });
});
