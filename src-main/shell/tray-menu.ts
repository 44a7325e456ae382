// Keeps the tray's menu and tooltip in step with the app (Podman Desktop's `new TrayMenu(tray)`):
// the template comes from desktop/tray-menu.ts; this class only hands it to Electron. The menu is
// always attached, because many Linux desktops never deliver a click on the icon; on Windows a
// click shows the window, as users expect there. A menu is re-set only when it would look
// different: re-setting closes a menu the user has open on some desktops.
import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';
import { trayMenuTemplate, trayTooltip, type TrayActions, type TrayMenuInput } from '../desktop/tray-menu';
import { ENGLISH, type Translate } from '../../i18n/translator';

export type TrayLike = Pick<Tray, 'setContextMenu' | 'setToolTip' | 'on'>;
export type MenuBuilder = Pick<typeof Menu, 'buildFromTemplate'>;

/** What the user would see: labels, enabled flags and nesting (clicks are closures, not compared). */
function appearance(items: readonly MenuItemConstructorOptions[]): string {
  return JSON.stringify(
    items.map((i) => [
      i.type ?? '',
      i.label ?? '',
      i.enabled ?? true,
      Array.isArray(i.submenu) ? appearance(i.submenu) : '',
    ]),
  );
}

export class TrayMenu {
  private input: TrayMenuInput;
  private shownMenu = '';
  private shownTooltip = '';

  constructor(
    private readonly tray: TrayLike,
    private readonly menu: MenuBuilder,
    private readonly actions: TrayActions,
    initial: TrayMenuInput,
    /** Main's translator's `t` (the menu's language); `relabel()` after the language changes. */
    private readonly t: Translate = ENGLISH.t,
  ) {
    this.input = initial;
    if (initial.platform === 'win32') tray.on('click', () => actions.showWindow());
    this.render();
  }

  /** New inputs (any part of them): the menu and tooltip follow. */
  update(patch: Partial<TrayMenuInput>): void {
    this.input = { ...this.input, ...patch };
    this.render();
  }

  /** The language changed: the same menu, in the new language. */
  relabel(): void {
    this.render();
  }

  private render(): void {
    const template = trayMenuTemplate(this.input, this.actions, this.t);
    const look = appearance(template);
    if (look !== this.shownMenu) {
      this.tray.setContextMenu(this.menu.buildFromTemplate(template));
      this.shownMenu = look;
    }
    const tooltip = trayTooltip(this.input.consoles, this.t);
    if (tooltip !== this.shownTooltip) {
      this.tray.setToolTip(tooltip);
      this.shownTooltip = tooltip;
    }
  }
}
