// jsdom has no layout: this gives the virtual list what a browser would, a viewport of a fixed
// height (reported through ResizeObserver, as the list reads it) and a scrollTop that moves.
export interface Layout {
  /** Scrolls the list's viewport to `top` px, as the user would. */
  scrollTo(el: HTMLElement, top: number): void;
  restore(): void;
}

export function installLayout(viewportHeight: number): Layout {
  const tops = new WeakMap<Element, number>();
  const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
  const saved = {
    scrollTop: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop'),
    scrollTo: proto['scrollTo'],
    scrollIntoView: proto['scrollIntoView'],
    ResizeObserver: (globalThis as { ResizeObserver?: unknown }).ResizeObserver,
  };
  Object.defineProperty(HTMLElement.prototype, 'scrollTop', {
    configurable: true,
    get(this: Element) {
      return tops.get(this) ?? 0;
    },
    set(this: Element, v: number) {
      tops.set(this, Math.max(0, v));
    },
  });
  proto['scrollTo'] = function (this: HTMLElement, opts: { top?: number }) {
    this.scrollTop = opts.top ?? 0;
    this.dispatchEvent(new Event('scroll'));
  };
  // jsdom has no scrollIntoView; the tab strip calls it for the active tab (nothing to move here).
  proto['scrollIntoView'] = function () {};
  class FakeResizeObserver {
    constructor(private readonly callback: (entries: unknown[]) => void) {}
    observe(target: Element): void {
      queueMicrotask(() => this.callback([{ target, contentRect: { width: 1200, height: viewportHeight } }]));
    }
    unobserve(): void {}
    disconnect(): void {}
  }
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = FakeResizeObserver;
  (window as unknown as { ResizeObserver?: unknown }).ResizeObserver = FakeResizeObserver;
  return {
    scrollTo(el, top) {
      el.scrollTop = top;
      el.dispatchEvent(new Event('scroll'));
    },
    restore() {
      if (saved.scrollTop) Object.defineProperty(HTMLElement.prototype, 'scrollTop', saved.scrollTop);
      else delete (HTMLElement.prototype as unknown as Record<string, unknown>)['scrollTop'];
      proto['scrollTo'] = saved.scrollTo;
      proto['scrollIntoView'] = saved.scrollIntoView;
      (globalThis as { ResizeObserver?: unknown }).ResizeObserver = saved.ResizeObserver;
      (window as unknown as { ResizeObserver?: unknown }).ResizeObserver = saved.ResizeObserver;
    },
  };
}
