// Remembers where the main window is: its normal bounds and whether it is maximised, saved a
// moment after the user stops moving or resizing it, and at once when it closes.
import type { BrowserWindow } from 'electron';
import type { WindowState } from '../desktop/window-state';

export type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>;

export const SAVE_DELAY_MS = 500;

export function rememberWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  delayMs = SAVE_DELAY_MS,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const capture = () => {
    clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed()) return;
    save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(capture, delayMs);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  // 'close' comes before the window is gone (and before a close-to-tray hides it): bounds are still there.
  win.on('close', capture);
}
