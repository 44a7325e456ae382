// The window-state adapter with a fake BrowserWindow: what it saves, and when.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { rememberWindowState, type TrackedWindow } from '../../../src-main/shell/window-state';

describe('rememberWindowState', () => {
  function fakeWindow() {
    const win = Object.assign(new EventEmitter(), {
      bounds: { x: 1, y: 2, width: 800, height: 600 },
      maximized: false,
      getNormalBounds: () => ({ ...win.bounds }),
      isMaximized: () => win.maximized,
      isDestroyed: () => false,
    });
    return win;
  }

  it('saves once the window has stopped moving, and at once when it closes', () => {
    vi.useFakeTimers();
    try {
      const win = fakeWindow();
      const save = vi.fn();
      rememberWindowState(win as unknown as TrackedWindow, save, 500);
      win.bounds.x = 50;
      win.emit('move');
      vi.advanceTimersByTime(300);
      win.emit('move');
      vi.advanceTimersByTime(300);
      expect(save).not.toHaveBeenCalled();
      vi.advanceTimersByTime(200);
      expect(save).toHaveBeenCalledWith({
        bounds: { x: 50, y: 2, width: 800, height: 600 },
        maximized: false,
      });
      win.maximized = true;
      win.emit('maximize');
      win.emit('close');
      expect(save).toHaveBeenLastCalledWith({
        bounds: { x: 50, y: 2, width: 800, height: 600 },
        maximized: true,
      });
      vi.advanceTimersByTime(1000);
      expect(save).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
