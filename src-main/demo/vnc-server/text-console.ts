// What every demo console flavour offers the server: a visible screen, keys in, typed text out.
import type { TextScreen } from './text-screen';
import type { Modifiers } from './keysyms';

export interface ConsoleModel {
  /** The screen a viewer sees now (Linux switches between six ttys). */
  readonly screen: TextScreen;
  /** A key press (key releases never reach the console). */
  keyDown(keysym: number, mods: Modifiers): void;
  dispose(): void;
}

export interface ConsoleOptions {
  title: string;
  hostname: string;
  cols: number;
  rows: number;
  /** How long "rebooting" lasts after Ctrl+Alt+Del before the console boots again. */
  rebootDelayMs: number;
}

const TYPED_TEXT_LIMIT = 1_000_000;

/**
 * The text the console received, as a person would read it back: printable keys, '\n' for Enter,
 * Backspace applied. Password keystrokes count too: they were received, just not echoed.
 */
export class TypedText {
  private text = '';

  add(s: string): void {
    this.text += s;
    // A demo left running for days must not grow without bound; tests never come close.
    if (this.text.length > TYPED_TEXT_LIMIT) this.text = this.text.slice(-TYPED_TEXT_LIMIT / 2);
  }

  /** Removes the last character unless it ends a line (Backspace never joins lines). */
  backspace(): void {
    if (this.text.length > 0 && !this.text.endsWith('\n')) this.text = this.text.slice(0, -1);
  }

  toString(): string {
    return this.text;
  }
}

/** The host name a title like 'Ubuntu 22.04 LTS web-01 tty1' implies: the word before 'ttyN'. */
export function hostnameFromTitle(title: string): string {
  const m = /(\S+)\s+tty\d+\s*$/.exec(title);
  return m?.[1] ?? 'localhost';
}
