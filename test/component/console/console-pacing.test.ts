// One clock per console from the click to its first picture (console-pacing.svelte.ts): when the
// tab is drawn, when the Connecting overlay may show, when the toolbar's buttons come.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import {
  ConsolePacing,
  QUIET_CONNECT_MS,
  TAB_AT_LATEST_MS,
  TAB_IDLE_GRACE_MS,
  TOOLS_AT_LATEST_MS,
} from '../../../src-renderer/console/console-pacing.svelte';

const flags = (p: ConsolePacing) => ({ tab: p.tabDrawn, overlay: p.overlayAllowed, tools: p.toolsDrawn });

let pacing: ConsolePacing;
beforeEach(() => {
  vi.useFakeTimers();
  pacing = new ConsolePacing();
});
afterEach(() => {
  pacing.dispose();
  vi.useRealTimers();
});

describe('ConsolePacing', () => {
  it('a picture in time: the tab is drawn with it, complete, and the buttons when the browser is idle', async () => {
    pacing.start();
    await vi.advanceTimersByTimeAsync(TAB_AT_LATEST_MS - 1);
    expect(flags(pacing)).toEqual({ tab: false, overlay: false, tools: false });
    pacing.picture();
    expect(flags(pacing)).toEqual({ tab: true, overlay: true, tools: false });
    await expect(pacing.tabDue).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(0); // jsdom has no requestIdleCallback: the next task
    expect(pacing.toolsDrawn).toBe(true);
  });

  it('no picture in time: the tab at the deadline when idle, the overlay and the buttons later', async () => {
    pacing.start();
    await vi.advanceTimersByTimeAsync(TAB_AT_LATEST_MS - 1);
    expect(pacing.tabDrawn).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(pacing.tabDrawn).toBe(false); // waiting for an idle moment
    // jsdom has no requestIdleCallback: the next task (a fake 0 ms timer set during a tick is due 1 ms later).
    await vi.advanceTimersByTimeAsync(1);
    expect(flags(pacing)).toEqual({ tab: true, overlay: false, tools: false });
    await vi.advanceTimersByTimeAsync(QUIET_CONNECT_MS - 1);
    expect(pacing.overlayAllowed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(pacing.overlayAllowed).toBe(true);
    expect(pacing.toolsDrawn).toBe(false);
    await vi.advanceTimersByTimeAsync(TOOLS_AT_LATEST_MS - QUIET_CONNECT_MS);
    expect(pacing.toolsDrawn).toBe(true);
  });

  it('a browser that never goes idle gets the tab TAB_IDLE_GRACE_MS after the deadline', async () => {
    // Chromium's requestIdleCallback, on a main thread busy with the picture's messages.
    vi.stubGlobal('requestIdleCallback', (fn: () => void, { timeout }: { timeout: number }) =>
      setTimeout(fn, timeout),
    );
    vi.stubGlobal('cancelIdleCallback', (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle));
    try {
      pacing.start();
      await vi.advanceTimersByTimeAsync(TAB_AT_LATEST_MS + TAB_IDLE_GRACE_MS - 1);
      expect(pacing.tabDrawn).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(pacing.tabDrawn).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('the handshake through: the tab at once, before the picture, its overlay and buttons later', async () => {
    pacing.linkUp(); // before the click: nothing
    expect(pacing.tabDrawn).toBe(false);
    pacing.start();
    await vi.advanceTimersByTimeAsync(TAB_AT_LATEST_MS / 2);
    pacing.linkUp();
    expect(flags(pacing)).toEqual({ tab: true, overlay: false, tools: false });
    await expect(pacing.tabDue).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(QUIET_CONNECT_MS);
    expect(pacing.overlayAllowed).toBe(true);
    pacing.picture();
    await vi.advanceTimersByTimeAsync(0);
    expect(pacing.toolsDrawn).toBe(true);
  });

  it('a picture after the tab: the overlay may show at once and the buttons come when idle', async () => {
    pacing.start();
    await vi.advanceTimersByTimeAsync(TAB_AT_LATEST_MS + 10);
    expect(pacing.tabDrawn).toBe(true);
    pacing.picture();
    expect(pacing.overlayAllowed).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(pacing.toolsDrawn).toBe(true);
  });

  it('something else to show (an error, a prompt): the tab at once, complete', async () => {
    pacing.start();
    pacing.settle();
    expect(flags(pacing)).toEqual({ tab: true, overlay: true, tools: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(pacing.toolsDrawn).toBe(true);
  });

  it('nothing happens before the click, and nothing after dispose', async () => {
    pacing.settle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pacing.tabDrawn).toBe(false);
    const other = new ConsolePacing();
    other.start();
    other.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(flags(other)).toEqual({ tab: false, overlay: false, tools: false });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is quiet (for the recents and the report to main) once the buttons are drawn, not before', async () => {
    let quiet = false;
    void pacing.quiet.then(() => (quiet = true));
    pacing.start();
    await vi.advanceTimersByTimeAsync(TAB_AT_LATEST_MS - 1);
    pacing.picture();
    await Promise.resolve();
    expect(quiet).toBe(false); // the picture is up, the buttons wait for an idle moment
    await vi.advanceTimersByTimeAsync(0);
    expect(pacing.toolsDrawn).toBe(true);
    expect(quiet).toBe(true);
  });

  it('is quiet when closed before its first connect is through', async () => {
    pacing.start();
    pacing.dispose();
    await expect(pacing.quiet).resolves.toBeUndefined();
  });
});
