// Where the main window was (size, position, maximised), remembered between runs, and put back
// only where a display still shows it: a window saved on a monitor that has since been unplugged
// opens at its saved size on the primary display instead of off-screen. Kept in the user-data
// folder with the other things the app remembers for itself (desktop-state.json: not settings),
// read with a schema (a bad file gives the defaults), written atomically.
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file';
import { readJsonFile } from '../json-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The window's normal (not maximised) bounds. */
  bounds: Rect;
  maximized: boolean;
}

export interface Placement {
  /** x and y are left out when the OS should centre the window. */
  bounds: Partial<Pick<Rect, 'x' | 'y'>> & Pick<Rect, 'width' | 'height'>;
  maximized: boolean;
}

export interface WindowSize {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** Screen coordinates stay far inside this on any real desktop; anything beyond is a corrupt file. */
const COORD = 100_000;
const coordinate = z.number().int().min(-COORD).max(COORD);
const extent = z.number().int().min(1).max(COORD);

export const windowStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: extent, height: extent }),
  maximized: z.boolean(),
});

const desktopStateSchema = z.object({
  window: windowStateSchema.optional(),
  /** The one-time "CVM Console keeps running in the tray" notice was shown. */
  closeToTrayNoticeShown: z.boolean().default(false),
});
export type DesktopState = z.infer<typeof desktopStateSchema>;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The saved size, no smaller than the minimum and no larger than the work area. */
function fitSize(saved: Rect, area: Rect, size: WindowSize): { width: number; height: number } {
  return {
    width: Math.max(Math.min(saved.width, area.width), Math.min(size.minWidth, area.width)),
    height: Math.max(Math.min(saved.height, area.height), Math.min(size.minHeight, area.height)),
  };
}

/**
 * Where to open the main window. `workAreas` are the displays' work areas, the primary first.
 * The saved bounds are used on the display that shows the largest share of them, if that share
 * is at least half (of the window, or of the display when the window is larger than it), moved
 * and shrunk to fit inside it; otherwise the window is centred at its saved size (fitted to the
 * primary display). Maximised is kept either way.
 */
export function restoreWindow(
  saved: WindowState | undefined,
  workAreas: readonly Rect[],
  size: WindowSize,
): Placement {
  if (!saved) return { bounds: { width: size.width, height: size.height }, maximized: false };
  const { bounds } = saved;
  let best: Rect | undefined;
  let bestShare = 0;
  for (const area of workAreas) {
    const share = overlap(bounds, area) / Math.min(bounds.width * bounds.height, area.width * area.height);
    if (share > bestShare) [best, bestShare] = [area, share];
  }
  const primary = workAreas[0];
  if (!best || bestShare < 0.5) {
    const fitted = primary ? fitSize(bounds, primary, size) : { width: size.width, height: size.height };
    return { bounds: fitted, maximized: saved.maximized };
  }
  const { width, height } = fitSize(bounds, best, size);
  const x = Math.min(Math.max(bounds.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(bounds.y, best.y), best.y + best.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

export class DesktopStateStore {
  private current: DesktopState = desktopStateSchema.parse({});
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  async load(): Promise<DesktopState> {
    const read = await readJsonFile(this.file, desktopStateSchema, this.warn, 'desktop state file');
    if (read) this.current = read;
    return this.current;
  }

  get(): DesktopState {
    return this.current;
  }

  saveWindow(window: WindowState): Promise<void> {
    const checked = windowStateSchema.safeParse(window);
    // A window dragged to absurd coordinates is not worth remembering.
    if (!checked.success) return Promise.resolve();
    return this.save({ ...this.current, window: checked.data });
  }

  markCloseToTrayNoticeShown(): Promise<void> {
    return this.save({ ...this.current, closeToTrayNoticeShown: true });
  }

  /** Writes one after another, so the file always ends with the latest state. */
  private save(next: DesktopState): Promise<void> {
    this.current = next;
    const text = `${JSON.stringify(next, null, 2)}\n`;
    this.writing = this.writing.catch(() => {}).then(() => writeFileAtomic(this.file, text));
    return this.writing;
  }
}
