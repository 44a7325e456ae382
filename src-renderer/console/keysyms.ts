// X11 keysyms (the key codes RFB sends, RFC 6143 §7.5.4) for the keys the toolbar and type-text use.
export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
  Super_L: 0xffeb,
  F1: 0xffbe,
} as const;

/** F1…F12 are consecutive keysyms. */
export function functionKey(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 12) throw new RangeError(`F${n} is not a function key`);
  return XK.F1 + n - 1;
}
