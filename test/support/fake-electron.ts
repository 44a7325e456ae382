// Electron stand-ins for the adapter tests in test/unit/shell: they record what the app did to
// them (windows made and the URLs they loaded, menus handed to the tray, tooltips).
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Menu,
  MenuItemConstructorOptions,
} from 'electron';

/** A BrowserWindow stand-in: records its options and what was done to it. */
export function fakeBrowserWindowClass() {
  const made: FakeWindow[] = [];
  class FakeWindow extends EventEmitter {
    visible = false;
    destroyed = false;
    calls: string[] = [];
    urls: string[] = [];
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      made.push(this);
    }
    show() {
      this.visible = true;
      this.calls.push('show');
    }
    hide() {
      this.visible = false;
      this.calls.push('hide');
    }
    focus() {
      this.calls.push('focus');
    }
    maximize() {
      this.visible = true;
      this.calls.push('maximize');
    }
    isVisible() {
      return this.visible;
    }
    isDestroyed() {
      return this.destroyed;
    }
    async loadURL(url: string) {
      this.urls.push(url);
    }
    close() {
      this.destroyed = true;
      this.emit('closed');
    }
  }
  return { BrowserWindow: FakeWindow as unknown as typeof BrowserWindow, made };
}

/** A Menu.buildFromTemplate stand-in that keeps the template, like a real Menu keeps its items. */
export function fakeMenu() {
  return {
    buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => ({ template }) as unknown as Menu),
  };
}

export function fakeTray() {
  const tray = Object.assign(new EventEmitter(), {
    menus: [] as MenuItemConstructorOptions[][],
    tooltips: [] as string[],
    setContextMenu(menu: Menu | null) {
      tray.menus.push((menu as unknown as { template: MenuItemConstructorOptions[] }).template);
    },
    setToolTip(text: string) {
      tray.tooltips.push(text);
    },
  });
  return tray;
}
