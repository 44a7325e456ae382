// Type text: turns a string into US-layout key presses and sends them with a delay, so a long
// command reaches a console that has no clipboard (QEMU VNC). Everything is checked before the
// first key is sent: a character we cannot type is named, and nothing is typed.
import { XK } from '../../src-main/common/keysyms';
import type { SendKey } from './key-combos';

export interface Keystroke {
  keysym: number;
  shift: boolean;
}

export type TypingPlan = { ok: true; strokes: Keystroke[] } | { ok: false; unsupported: string[] };

// Characters that need Shift on a US keyboard; QEMU turns keysyms into US scancodes.
const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?'.split(''));

/** How a character is named to the user when it cannot be typed. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp < 0x20 || cp === 0x7f ? hex : `"${ch}" (${hex})`;
}

export function planKeystrokes(text: string): TypingPlan {
  const strokes: Keystroke[] = [];
  const unsupported = new Set<string>();
  const normalized = text.replace(/\r\n?/g, '\n');
  for (const ch of normalized) {
    if (ch === '\n') strokes.push({ keysym: XK.Return, shift: false });
    else if (ch === '\t') strokes.push({ keysym: XK.Tab, shift: false });
    else {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0x20 && cp <= 0x7e) {
        // Latin-1 keysyms equal their code points.
        strokes.push({ keysym: cp, shift: SHIFTED.has(ch) || (ch >= 'A' && ch <= 'Z') });
      } else {
        unsupported.add(ch);
      }
    }
  }
  if (unsupported.size > 0) return { ok: false, unsupported: [...unsupported].map(describeChar) };
  return { ok: true, strokes };
}

export interface TypeOptions {
  delayMs: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends the planned keystrokes; stops between keys when aborted (never leaves Shift held). */
export async function typeKeystrokes(
  send: SendKey,
  strokes: readonly Keystroke[],
  opts: TypeOptions,
): Promise<'done' | 'cancelled'> {
  const sleep = opts.sleep ?? realSleep;
  for (let i = 0; i < strokes.length; i++) {
    if (opts.signal?.aborted) return 'cancelled';
    const { keysym, shift } = strokes[i]!;
    if (shift) send(XK.Shift_L, true);
    send(keysym, true);
    send(keysym, false);
    if (shift) send(XK.Shift_L, false);
    opts.onProgress?.(i + 1, strokes.length);
    if (i < strokes.length - 1 && opts.delayMs > 0) await sleep(opts.delayMs);
  }
  return 'done';
}
