// One way to undo what an object set up: timers, idle callbacks, event listeners and
// subscriptions go in as they are made, and dispose() undoes all of them, newest first.
// Timers that fired remove themselves, so a long-lived object does not collect dead entries.

export type Dispose = () => void;

export class Disposables {
  private readonly undo = new Set<Dispose>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `dispose` to run later; after dispose() it runs at once. Returns a function that runs it now. */
  add(dispose: Dispose): Dispose {
    if (this.disposed) {
      dispose();
      return () => {};
    }
    let done = false;
    const once = (): void => {
      if (done) return;
      done = true;
      this.undo.delete(once);
      dispose();
    };
    this.undo.add(once);
    return once;
  }

  /** setTimeout that is cleared on dispose; the returned function cancels it. */
  timeout(fn: () => void, ms: number): Dispose {
    if (this.disposed) return () => {};
    const handle = setTimeout(() => {
      cancel();
      fn();
    }, ms);
    const cancel = this.add(() => clearTimeout(handle));
    return cancel;
  }

  /** requestIdleCallback where there is one (Chromium), else the next task; `timeoutMs` at the latest. */
  idle(fn: () => void, timeoutMs: number): Dispose {
    if (typeof requestIdleCallback !== 'function') return this.timeout(fn, 0);
    if (this.disposed) return () => {};
    const handle = requestIdleCallback(
      () => {
        cancel();
        fn();
      },
      { timeout: timeoutMs },
    );
    const cancel = this.add(() => cancelIdleCallback(handle));
    return cancel;
  }

  /** addEventListener, removed on dispose. */
  listen<K extends keyof WindowEventMap>(
    target: Window,
    type: K,
    listener: (event: WindowEventMap[K]) => void,
    options?: { capture?: boolean },
  ): Dispose;
  listen(
    target: EventTarget,
    type: string,
    listener: (event: Event) => void,
    options?: { capture?: boolean },
  ): Dispose;
  listen(
    target: EventTarget,
    type: string,
    listener: (event: Event) => void,
    options: { capture?: boolean } = {},
  ): Dispose {
    const capture = options.capture === true;
    target.addEventListener(type, listener, capture);
    return this.add(() => target.removeEventListener(type, listener, capture));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const undo of [...this.undo].reverse()) {
      try {
        undo();
      } catch {
        // One failing cleanup must not keep the others from running.
      }
    }
    this.undo.clear();
  }
}
