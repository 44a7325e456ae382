/** The browser's next frame, where there is one (Node tests have none). */
export function nextFrame(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  else setTimeout(run, 16);
}

/**
 * Resolves once the page has painted (the next frame, then a task: the frame's work is done), or
 * after `maxWaitMs` in a window that paints nothing (a hidden one gets no frames).
 */
export function afterPaint(maxWaitMs: number, frame: (run: () => void) => void = nextFrame): Promise<void> {
  return new Promise<void>((resolve) => {
    frame(() => setTimeout(resolve, 0));
    setTimeout(resolve, maxWaitMs);
  });
}
