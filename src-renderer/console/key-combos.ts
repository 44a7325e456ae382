// The toolbar's keys menu: named combinations, pressed in order and released in reverse, the way
// a person holds modifiers. Consoles are QEMU VNC: it maps keysyms to US scancodes itself.
import { XK, functionKey } from '../../src-main/common/keysyms';

export type SendKey = (keysym: number, down: boolean) => void;

export interface KeyCombo {
  id: string;
  label: string;
  keysyms: readonly number[];
}

const ctrlAltF = Array.from({ length: 12 }, (_, i) => ({
  id: `ctrl-alt-f${i + 1}`,
  label: `Ctrl+Alt+F${i + 1}`,
  keysyms: [XK.Control_L, XK.Alt_L, functionKey(i + 1)],
}));

export const KEY_COMBOS: readonly KeyCombo[] = [
  { id: 'ctrl-alt-del', label: 'Ctrl+Alt+Del', keysyms: [XK.Control_L, XK.Alt_L, XK.Delete] },
  ...ctrlAltF,
  { id: 'alt-tab', label: 'Alt+Tab', keysyms: [XK.Alt_L, XK.Tab] },
  { id: 'win', label: 'Win', keysyms: [XK.Super_L] },
  { id: 'esc', label: 'Esc', keysyms: [XK.Escape] },
  { id: 'tab', label: 'Tab', keysyms: [XK.Tab] },
  { id: 'ctrl-c', label: 'Ctrl+C', keysyms: [XK.Control_L, 0x63] },
  { id: 'ctrl-d', label: 'Ctrl+D', keysyms: [XK.Control_L, 0x64] },
  { id: 'ctrl-z', label: 'Ctrl+Z', keysyms: [XK.Control_L, 0x7a] },
];

export function findCombo(id: string): KeyCombo | undefined {
  return KEY_COMBOS.find((c) => c.id === id);
}

export function pressCombo(send: SendKey, keysyms: readonly number[]): void {
  for (const k of keysyms) send(k, true);
  for (const k of [...keysyms].reverse()) send(k, false);
}
