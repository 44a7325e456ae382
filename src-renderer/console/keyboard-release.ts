// The key chord that takes the keyboard back from a console. While the console's screen has the
// focus, noVNC sends every key to the instance (Tab and Esc included), so the app needs one chord
// the console never sees. The user picks it from a short list (toolbar "More ▾"); it is kept in
// this window's storage. Pure except for that storage, which is injected.
import { XK } from '../../src-main/common/keysyms';

export interface ReleaseChord {
  id: string;
  /** How the chord is written in the toolbar, its tooltip and the README. */
  label: string;
  /** KeyboardEvent.code of the key pressed with the modifiers. */
  code: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
}

/** Remote Desktop's "back to the local machine" first; QEMU's and virt-manager's grab key second. */
export const RELEASE_CHORDS: readonly ReleaseChord[] = [
  { id: 'ctrl-alt-home', label: 'Ctrl+Alt+Home', code: 'Home', ctrl: true, alt: true, shift: false },
  { id: 'ctrl-alt-g', label: 'Ctrl+Alt+G', code: 'KeyG', ctrl: true, alt: true, shift: false },
  { id: 'ctrl-shift-f12', label: 'Ctrl+Shift+F12', code: 'F12', ctrl: true, alt: false, shift: true },
];

export const DEFAULT_RELEASE_CHORD: ReleaseChord = RELEASE_CHORDS[0]!;

export function findReleaseChord(id: string | null | undefined): ReleaseChord | undefined {
  return RELEASE_CHORDS.find((c) => c.id === id);
}

/** What is read of a KeyboardEvent (structural: this module is also tested in plain Node). */
interface KeyLike {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** Exactly the chord's modifiers (⌘ never counts), and its key. */
export function matchesChord(event: KeyLike, chord: ReleaseChord): boolean {
  return (
    event.code === chord.code &&
    event.ctrlKey === chord.ctrl &&
    event.altKey === chord.alt &&
    event.shiftKey === chord.shift &&
    !event.metaKey
  );
}

/**
 * The modifiers the console saw go down while the chord was pressed. noVNC releases held keys only
 * when the whole window loses focus, so the console is sent their key-ups (both sides: the chord
 * may have been pressed with either).
 */
export function chordModifierKeysyms(chord: Pick<ReleaseChord, 'ctrl' | 'alt' | 'shift'>): number[] {
  const keysyms: number[] = [];
  if (chord.ctrl) keysyms.push(XK.Control_L, XK.Control_R);
  if (chord.alt) keysyms.push(XK.Alt_L, XK.Alt_R);
  if (chord.shift) keysyms.push(XK.Shift_L, XK.Shift_R);
  return keysyms;
}

const STORAGE_KEY = 'cvm.console.releaseChord';

/** The part of Web Storage used here. */
interface Store {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadReleaseChord(storage: Store | undefined): ReleaseChord {
  try {
    return findReleaseChord(storage?.getItem(STORAGE_KEY)) ?? DEFAULT_RELEASE_CHORD;
  } catch {
    return DEFAULT_RELEASE_CHORD;
  }
}

export function saveReleaseChord(storage: Store | undefined, chord: ReleaseChord): void {
  try {
    storage?.setItem(STORAGE_KEY, chord.id);
  } catch {
    // Not remembered: the next start uses the default again.
  }
}
