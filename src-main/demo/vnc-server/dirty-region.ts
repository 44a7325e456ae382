// The part of the screen one viewer has not been sent yet, as a short list of rectangles.
import type { Rect } from './framebuffer';

// Past this many pieces the region collapses to its bounding box: a few extra pixels beat a long list.
const MAX_RECTS = 32;

export function intersect(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.w, b.x + b.w);
  const bottom = Math.min(a.y + a.h, b.y + b.h);
  return right > x && bottom > y ? { x, y, w: right - x, h: bottom - y } : undefined;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/** `r` minus `cut`: up to four pieces (above, below, left, right of the cut). */
function subtract(r: Rect, cut: Rect): Rect[] {
  const i = intersect(r, cut);
  if (!i) return [r];
  const pieces: Rect[] = [];
  if (i.y > r.y) pieces.push({ x: r.x, y: r.y, w: r.w, h: i.y - r.y });
  if (i.y + i.h < r.y + r.h) pieces.push({ x: r.x, y: i.y + i.h, w: r.w, h: r.y + r.h - i.y - i.h });
  if (i.x > r.x) pieces.push({ x: r.x, y: i.y, w: i.x - r.x, h: i.h });
  if (i.x + i.w < r.x + r.w) pieces.push({ x: i.x + i.w, y: i.y, w: r.x + r.w - i.x - i.w, h: i.h });
  return pieces;
}

function boundingBox(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.w));
  const bottom = Math.max(...rects.map((r) => r.y + r.h));
  return { x, y, w: right - x, h: bottom - y };
}

export class DirtyRegion {
  private rects: Rect[] = [];

  get isEmpty(): boolean {
    return this.rects.length === 0;
  }

  add(r: Rect): void {
    if (r.w <= 0 || r.h <= 0) return;
    if (this.rects.some((e) => contains(e, r))) return;
    this.rects = this.rects.filter((e) => !contains(r, e));
    // Typing dirties neighbouring cells of one text row: join them into a single strip.
    const neighbour = this.rects.find(
      (e) => e.y === r.y && e.h === r.h && e.x <= r.x + r.w && r.x <= e.x + e.w,
    );
    if (neighbour) {
      const right = Math.max(neighbour.x + neighbour.w, r.x + r.w);
      neighbour.x = Math.min(neighbour.x, r.x);
      neighbour.w = right - neighbour.x;
    } else {
      this.rects.push({ ...r });
    }
    if (this.rects.length > MAX_RECTS) this.rects = [boundingBox(this.rects)];
  }

  /**
   * The pixels of `area` moved up by `dy` (a scroll the viewer repeats with CopyRect): what was dirty
   * there moves with them, and the band the move leaves at the bottom is dirty.
   */
  scroll(area: Rect, dy: number): void {
    const old = this.rects;
    this.rects = [];
    for (const r of old) {
      for (const outside of subtract(r, area)) this.add(outside);
      const inside = intersect(r, area);
      const moved = inside && intersect({ ...inside, y: inside.y - dy }, area);
      if (moved) this.add(moved);
    }
    this.add({ x: area.x, y: area.y + area.h - dy, w: area.w, h: dy });
  }

  intersects(area: Rect): boolean {
    return this.rects.some((r) => intersect(r, area) !== undefined);
  }

  /** Removes and returns the dirty parts inside `area`; what lies outside stays dirty. */
  take(area: Rect): Rect[] {
    const taken: Rect[] = [];
    const kept: Rect[] = [];
    for (const r of this.rects) {
      const i = intersect(r, area);
      if (i) taken.push(i);
      kept.push(...subtract(r, area));
    }
    // No collapsing here: a bounding box could reach back into `area` and be sent again forever.
    this.rects = kept;
    return taken;
  }

  clear(): void {
    this.rects = [];
  }
}
