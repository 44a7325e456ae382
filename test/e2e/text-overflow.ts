// Finds text that does not fit its control on the page as it is now: text clipped by its own box
// (overflow hidden or clip, or a sideways scroll), text that spills out of its box, a control cut
// off by an ancestor that clips or scrolls sideways, and a page wider than the window. An ellipsis counts as intended only where the full
// text is in a title (a tooltip) on the element or just above it.
// (The page code below avoids DOM types: this folder is type-checked without the DOM lib.)
import type { Page } from 'playwright-core';

export interface Overflow {
  kind: 'clipped' | 'spills' | 'cut off by container' | 'page wider than window';
  /** The element: its tag, test id or classes, and those of a few ancestors. */
  where: string;
  text: string;
  /** How far it is out, in CSS px. */
  by: number;
}

interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface El {
  tagName: string;
  childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
  parentElement: El | null;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
  className: unknown;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  getClientRects(): ArrayLike<Rect>;
  closest(selector: string): El | null;
}
interface Style {
  display: string;
  visibility: string;
  overflowX: string;
  overflowY: string;
  textOverflow: string;
  position: string;
}
interface PageGlobals {
  document: {
    body: El;
    documentElement: { scrollWidth: number; clientWidth: number };
    createRange(): { selectNodeContents(n: unknown): void; getBoundingClientRect(): Rect };
  };
  getComputedStyle(el: El): Style;
  innerWidth: number;
}

/** Every overflow on the page now (an empty list when all text fits). */
export async function findOverflows(page: Page): Promise<Overflow[]> {
  // Two frames, so a resize or an opened menu has been laid out.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void })
          .requestAnimationFrame;
        raf(() => raf(() => resolve()));
      }),
  );
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const SLACK = 1;
    const SIDEWAYS = '[role="grid"], [data-testid="console-tabs"], [data-testid="transcript-lines"]';
    const SKIP = new Set([
      'SCRIPT',
      'STYLE',
      'TEXTAREA',
      'INPUT',
      'SELECT',
      'OPTION',
      'CANVAS',
      'svg',
      'NOSCRIPT',
    ]);
    const out: Overflow[] = [];
    const clips = (v: string) => v === 'hidden' || v === 'clip';
    // A box that scrolls sideways hides what is past its edge too, except where scrolling sideways
    // is the design: the instance grid's columns, the strip of console tabs, the transcript's lines
    // (console text keeps its columns).
    const scrollsAside = (el: El, v: string) => (v === 'auto' || v === 'scroll') && !el.closest(SIDEWAYS);
    const cutsX = (el: El, v: string) => clips(v) || scrollsAside(el, v);

    const describe = (el: El): string => {
      const parts: string[] = [];
      for (let e: El | null = el, i = 0; e && i < 4; e = e.parentElement, i++) {
        const id = e.getAttribute('data-testid');
        const cls =
          typeof e.className === 'string' ? e.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
        parts.push(e.tagName.toLowerCase() + (id ? `[${id}]` : cls ? `.${cls}` : ''));
      }
      return parts.reverse().join(' > ');
    };
    const ownText = (el: El): string => {
      let text = '';
      for (const n of Array.from(el.childNodes)) if (n.nodeType === 3) text += n.textContent ?? '';
      return text.replace(/\s+/g, ' ').trim();
    };
    const shown = (el: El): boolean => {
      for (let e: El | null = el; e; e = e.parentElement) {
        const s = g.getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden') return false;
      }
      const r = el.getBoundingClientRect();
      // Screen-reader-only text (a 1 px clipped box) is not on screen.
      return r.width > 1 && r.height > 1;
    };
    // The full text is in a tooltip on the element or close above it (intended truncation).
    const hasTooltip = (el: El): boolean => {
      for (let e: El | null = el, i = 0; e && i < 3; e = e.parentElement, i++) {
        if ((e.getAttribute('title') ?? '').trim() !== '') return true;
      }
      return false;
    };

    const all = g.document.body as unknown as { querySelectorAll(s: string): ArrayLike<El> };
    for (const el of Array.from(all.querySelectorAll('*'))) {
      if (SKIP.has(el.tagName)) continue;
      if (el.closest('[data-testid="console-screen"], svg')) continue;
      const text = ownText(el);
      if (text === '' || !shown(el)) continue;
      const style = g.getComputedStyle(el);
      const box = el.getBoundingClientRect();

      // Clipped by its own box.
      const overX = el.scrollWidth - el.clientWidth;
      const overY = el.scrollHeight - el.clientHeight;
      if ((cutsX(el, style.overflowX) && overX > SLACK) || (clips(style.overflowY) && overY > SLACK)) {
        const intended = style.textOverflow === 'ellipsis' && overY <= SLACK && hasTooltip(el);
        if (!intended) {
          out.push({ kind: 'clipped', where: describe(el), text, by: Math.max(overX, overY) });
          continue;
        }
      }

      // Spills out of its box (overflow visible).
      if (style.overflowX === 'visible') {
        const range = g.document.createRange();
        range.selectNodeContents(el);
        const r = range.getBoundingClientRect();
        const by = Math.max(r.right - box.right, box.left - r.left, r.bottom - box.bottom, box.top - r.top);
        if (r.width > 0 && by > SLACK) {
          out.push({ kind: 'spills', where: describe(el), text, by: Math.round(by) });
          continue;
        }
      }

      // Cut off by an ancestor that clips (not one that scrolls: scrolled-away text is reachable).
      for (let a = el.parentElement; a && a !== g.document.body; a = a.parentElement) {
        const s = g.getComputedStyle(a);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const x = cutsX(a, s.overflowX);
        if (!x && !clips(s.overflowY)) break;
        const c = a.getBoundingClientRect();
        const byX = x ? Math.max(box.right - c.right, c.left - box.left) : 0;
        const byY = clips(s.overflowY) ? Math.max(box.bottom - c.bottom, c.top - box.top) : 0;
        const by = Math.max(byX, byY);
        // Wholly outside (a hidden slide, a collapsed panel) is not a cut.
        const outside =
          box.right <= c.left || box.left >= c.right || box.bottom <= c.top || box.top >= c.bottom;
        // Inside a box that ends in an ellipsis with a tooltip (intended truncation, as above).
        const intended = s.textOverflow === 'ellipsis' && hasTooltip(a);
        if (by > SLACK && !outside && !intended) {
          out.push({ kind: 'cut off by container', where: describe(el), text, by: Math.round(by) });
        }
        break;
      }
    }
    const doc = g.document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + SLACK) {
      out.push({
        kind: 'page wider than window',
        where: 'html',
        text: '',
        by: doc.scrollWidth - doc.clientWidth,
      });
    }
    return out;
  });
}
