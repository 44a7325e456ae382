// The quick-connect palette: one small window (from the tray, the app menu and Ctrl/Cmd+K) that
// loads the renderer's palette route. It is created on first use and then only shown and hidden,
// so it opens at once; it hides when it loses the focus, like a launcher.
import type { BrowserWindow as BrowserWindowType } from 'electron';
import { profileIdSchema } from '../contract';
import { mainWindowOptions } from './main-window';
import { ENGLISH, type Translate } from '../../i18n/translator';

/** `#/palette`, or `#/palette/<profileId>` to search one profile first. */
export function paletteRoute(profileId?: string): string {
  return profileId && profileIdSchema.safeParse(profileId).success ? `#/palette/${profileId}` : '#/palette';
}

export const PALETTE_SIZE = { width: 640, height: 420 };

export interface PaletteWindowDeps {
  BrowserWindow: typeof BrowserWindowType;
  preloadPath: string;
  entryUrl: string;
  devTools: boolean;
  /** Main's translator's `t`: the window's title (task switchers, screen readers) in the app's language. */
  t?: Translate;
}

export class PaletteWindow {
  private win: BrowserWindowType | undefined;
  private route = '';

  constructor(private readonly deps: PaletteWindowDeps) {}

  /** Opens the palette, or brings it back, scoped to a profile when one is given. */
  show(profileId?: string): void {
    const route = paletteRoute(profileId);
    const existing = this.win;
    if (existing && !existing.isDestroyed()) {
      if (route !== this.route) {
        this.route = route;
        void existing.loadURL(`${this.deps.entryUrl}${route}`);
      }
      existing.show();
      existing.focus();
      return;
    }
    const { webPreferences } = mainWindowOptions(this.deps.preloadPath, undefined, this.deps.devTools);
    const win = new this.deps.BrowserWindow({
      ...PALETTE_SIZE,
      title: this.title(),
      show: false,
      frame: false,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      center: true,
      backgroundColor: '#0f172a',
      webPreferences,
    });
    this.win = win;
    this.route = route;
    win.once('ready-to-show', () => {
      win.show();
      win.focus();
    });
    win.on('blur', () => win.hide());
    win.on('closed', () => {
      if (this.win === win) this.win = undefined;
    });
    void win.loadURL(`${this.deps.entryUrl}${route}`);
  }

  /** A new language: the open palette's title follows (its page follows settings:changed). */
  relabel(): void {
    if (this.win && !this.win.isDestroyed()) this.win.setTitle(this.title());
  }

  private title(): string {
    return (this.deps.t ?? ENGLISH.t)('palette.windowTitle');
  }

  /** Esc, Enter (the console opens elsewhere) or a click away: the palette steps aside. */
  hide(): void {
    if (this.win && !this.win.isDestroyed()) this.win.hide();
  }

  /** True when the palette window is on screen. */
  isVisible(): boolean {
    return !!this.win && !this.win.isDestroyed() && this.win.isVisible();
  }
}
