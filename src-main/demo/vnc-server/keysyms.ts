// How the demo console reads X11 keysyms (the table is src-main/common/keysyms.ts): modifiers,
// typed characters, Enter, Delete and function keys.
import { XK } from '../../common/keysyms';

export interface Modifiers {
  ctrl: boolean;
  alt: boolean;
}

/** Tracks which modifier keys one viewer holds down; each viewer has its own keyboard. */
export class ModifierState {
  private readonly held = new Set<number>();

  update(keysym: number, down: boolean): void {
    if (!isModifier(keysym)) return;
    if (down) this.held.add(keysym);
    else this.held.delete(keysym);
  }

  get current(): Modifiers {
    return {
      ctrl: this.held.has(XK.Control_L) || this.held.has(XK.Control_R),
      // Meta is what some keyboards (and macOS viewers) send for Alt.
      alt: [XK.Alt_L, XK.Alt_R, XK.Meta_L, XK.Meta_R].some((k) => this.held.has(k)),
    };
  }
}

function isModifier(keysym: number): boolean {
  return keysym >= XK.Shift_L && keysym <= XK.Super_R;
}

/** The character a keysym types, if it types one (printable ASCII, keypad digits). */
export function keysymText(keysym: number): string | undefined {
  if (keysym >= 0x20 && keysym <= 0x7e) return String.fromCharCode(keysym);
  if (keysym >= XK.KP_0 && keysym <= XK.KP_9) return String(keysym - XK.KP_0);
  // Latin-1 keysyms equal their code points; the font shows them as a box, but they count as typed.
  if (keysym >= 0xa0 && keysym <= 0xff) return String.fromCharCode(keysym);
  return undefined;
}

export function isEnter(keysym: number): boolean {
  return keysym === XK.Return || keysym === XK.KP_Enter;
}

export function isDelete(keysym: number): boolean {
  return keysym === XK.Delete || keysym === XK.KP_Delete;
}

/** 1..6 for F1..F6, else undefined. */
export function functionKeyNumber(keysym: number): number | undefined {
  return keysym >= XK.F1 && keysym <= XK.F6 ? keysym - XK.F1 + 1 : undefined;
}
