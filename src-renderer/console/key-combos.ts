// The toolbar's keys menu: named combinations, pressed in order and released in reverse, the way
// a person holds modifiers. Consoles are QEMU VNC: it maps keysyms to US scancodes itself.
import { XK, functionKey } from './keysyms';

export type SendKey = (keysym: number, down: boolean) => void;

/** The Keys menu's sections, in order. */
export const COMBO_GROUPS = ['Windows', 'Linux consoles', 'Editing'] as const;
export type ComboGroup = (typeof COMBO_GROUPS)[number];

export interface KeyCombo {
  id: string;
  label: string;
  group: ComboGroup;
  keysyms: readonly number[];
}

const ctrlAltF = Array.from({ length: 12 }, (_, i) => ({
  id: `ctrl-alt-f${i + 1}`,
  label: `Ctrl+Alt+F${i + 1}`,
  group: 'Linux consoles' as const,
  keysyms: [XK.Control_L, XK.Alt_L, functionKey(i + 1)],
}));

export const KEY_COMBOS: readonly KeyCombo[] = [
  {
    id: 'ctrl-alt-del',
    label: 'Ctrl+Alt+Del',
    group: 'Windows',
    keysyms: [XK.Control_L, XK.Alt_L, XK.Delete],
  },
  { id: 'alt-tab', label: 'Alt+Tab', group: 'Windows', keysyms: [XK.Alt_L, XK.Tab] },
  { id: 'win', label: 'Win', group: 'Windows', keysyms: [XK.Super_L] },
  ...ctrlAltF,
  { id: 'esc', label: 'Esc', group: 'Editing', keysyms: [XK.Escape] },
  { id: 'tab', label: 'Tab', group: 'Editing', keysyms: [XK.Tab] },
  { id: 'ctrl-c', label: 'Ctrl+C', group: 'Editing', keysyms: [XK.Control_L, 0x63] },
  { id: 'ctrl-d', label: 'Ctrl+D', group: 'Editing', keysyms: [XK.Control_L, 0x64] },
  { id: 'ctrl-z', label: 'Ctrl+Z', group: 'Editing', keysyms: [XK.Control_L, 0x7a] },
];

export function findCombo(id: string): KeyCombo | undefined {
  return KEY_COMBOS.find((c) => c.id === id);
}

export function pressCombo(send: SendKey, keysyms: readonly number[]): void {
  for (const k of keysyms) send(k, true);
  for (const k of [...keysyms].reverse()) send(k, false);
}
