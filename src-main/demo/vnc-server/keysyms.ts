// The X11 keysyms (RFC 6143 §7.5.4) the demo console reacts to.

export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  KP_Enter: 0xff8d,
  KP_Delete: 0xff9f,
  KP_0: 0xffb0,
  KP_9: 0xffb9,
  F1: 0xffbe,
  F6: 0xffc3,
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Meta_L: 0xffe7,
  Meta_R: 0xffe8,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
  Super_L: 0xffeb,
  Super_R: 0xffec,
} as const;

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
