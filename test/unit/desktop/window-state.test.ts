// The main window's place: restored only onto a display that still shows it; the store's file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DesktopStateStore, restoreWindow, type WindowState } from '../../../src-main/desktop/window-state';

const SIZE = { width: 1280, height: 860, minWidth: 720, minHeight: 480 };
const laptop = { x: 0, y: 25, width: 1440, height: 875 };
const monitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('restoreWindow', () => {
  it('opens at the default size, centred by the OS, the first time', () => {
    expect(restoreWindow(undefined, [laptop], SIZE)).toEqual({
      bounds: { width: 1280, height: 860 },
      maximized: false,
    });
  });

  it('puts the window back where it was on a display that is still there', () => {
    const saved: WindowState = { bounds: { x: 1600, y: 100, width: 1800, height: 1000 }, maximized: true };
    expect(restoreWindow(saved, [laptop, monitor], SIZE)).toEqual({ bounds: saved.bounds, maximized: true });
  });

  it('centres the window on the primary display when the display it was on has vanished', () => {
    const saved: WindowState = { bounds: { x: 1600, y: 100, width: 1800, height: 1000 }, maximized: false };
    // The external monitor was unplugged: only the laptop's screen is left.
    expect(restoreWindow(saved, [laptop], SIZE)).toEqual({
      bounds: { width: 1440, height: 875 },
      maximized: false,
    });
    const small: WindowState = { bounds: { x: 3000, y: 200, width: 1000, height: 700 }, maximized: true };
    expect(restoreWindow(small, [laptop], SIZE)).toEqual({
      bounds: { width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('moves a window that hangs mostly on one display fully onto it', () => {
    const saved: WindowState = { bounds: { x: 700, y: -40, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindow(saved, [laptop, monitor], SIZE)).toEqual({
      bounds: { x: 440, y: 25, width: 1000, height: 700 },
      maximized: false,
    });
  });

  it('resets a window that is mostly off every display', () => {
    const saved: WindowState = { bounds: { x: -900, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindow(saved, [laptop, monitor], SIZE).bounds).toEqual({ width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display, but not below the minimum size', () => {
    const tiny = { x: 0, y: 0, width: 1024, height: 600 };
    const saved: WindowState = { bounds: { x: 0, y: 0, width: 3000, height: 2000 }, maximized: false };
    expect(restoreWindow(saved, [tiny], SIZE).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 600 });
    const small: WindowState = { bounds: { x: 0, y: 0, width: 300, height: 200 }, maximized: false };
    expect(restoreWindow(small, [tiny], SIZE).bounds).toEqual({ x: 0, y: 0, width: 720, height: 480 });
  });

  it('uses the default size when there is no display at all (headless)', () => {
    const saved: WindowState = { bounds: { x: 0, y: 0, width: 900, height: 700 }, maximized: false };
    expect(restoreWindow(saved, [], SIZE).bounds).toEqual({ width: 1280, height: 860 });
  });
});

describe('DesktopStateStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cvm-desktop-state-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts empty, saves the window and the notice flag, and reads them back', async () => {
    const file = join(dir, 'desktop-state.json');
    const store = new DesktopStateStore(file);
    expect(await store.load()).toEqual({ closeToTrayNoticeShown: false });
    const window = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true };
    await store.saveWindow(window);
    await store.markCloseToTrayNoticeShown();
    expect(await new DesktopStateStore(file).load()).toEqual({ window, closeToTrayNoticeShown: true });
  });

  it('ends with the latest of quick successive saves', async () => {
    const file = join(dir, 'desktop-state.json');
    const store = new DesktopStateStore(file);
    const saves = Array.from({ length: 20 }, (_, i) =>
      store.saveWindow({ bounds: { x: i, y: 0, width: 800, height: 600 }, maximized: false }),
    );
    await Promise.all(saves);
    expect(JSON.parse(await readFile(file, 'utf8')).window.bounds.x).toBe(19);
  });

  it('ignores a corrupt or mistyped file with a warning', async () => {
    const file = join(dir, 'desktop-state.json');
    for (const text of [
      '{',
      '{"window":{"bounds":{"x":"1"}}}',
      '{"window":{"bounds":{"x":1e9,"y":0,"width":1,"height":1},"maximized":false}}',
    ]) {
      await writeFile(file, text);
      const warn = vi.fn();
      expect(await new DesktopStateStore(file, warn).load()).toEqual({ closeToTrayNoticeShown: false });
      expect(warn).toHaveBeenCalledTimes(1);
    }
  });

  it('does not remember absurd bounds', async () => {
    const file = join(dir, 'desktop-state.json');
    const store = new DesktopStateStore(file);
    await store.saveWindow({ bounds: { x: Number.NaN, y: 0, width: 800, height: 600 }, maximized: false });
    expect(store.get().window).toBeUndefined();
  });
});
