// The sidebar's width and whether it shows. The user can drag (or arrow-key) its edge and hide or
// show it; until they choose, it hides by itself while a console is open in a window narrower than
// AUTO_COLLAPSE_BELOW_PX, so the console keeps the room (the toolbar stays one row at 800 px).

export const AUTO_COLLAPSE_BELOW_PX = 1000;
export const MIN_WIDTH_PX = 200;
export const MAX_WIDTH_PX = 480;
export const DEFAULT_WIDTH_PX = 288;

export class SidebarLayout {
  width = $state(DEFAULT_WIDTH_PX);
  /** The user's choice (true: hidden); null until they make one. */
  choice = $state<boolean | null>(null);
  windowWidth = $state(typeof innerWidth === 'number' ? innerWidth : 1280);
  consoleOpen = $state(false);

  get collapsed(): boolean {
    return this.choice ?? (this.consoleOpen && this.windowWidth < AUTO_COLLAPSE_BELOW_PX);
  }

  toggle(): void {
    this.choice = !this.collapsed;
  }

  resize(width: number): void {
    this.width = Math.round(Math.min(MAX_WIDTH_PX, Math.max(MIN_WIDTH_PX, width)));
  }
}
