// X11 keysyms (the key codes RFB sends, RFC 6143 §7.5.4): the keys the renderer's toolbar and
// type-text send and the demo console reacts to.
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

/** F1…F12 are consecutive keysyms. */
export function functionKey(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 12) throw new RangeError(`F${n} is not a function key`);
  return XK.F1 + n - 1;
}
