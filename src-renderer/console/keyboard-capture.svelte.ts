// Who has the keyboard: the app, or a console's screen (then noVNC sends every key to the instance,
// Tab and Esc included). One KeyboardCapture per console: it follows the focus in and out of the
// screen, takes the release chord before noVNC can see it, and remembers whether the console should
// take the keyboard when it is shown (a pointer chose it, or the user clicked into it) or leave it
// where it is (a tab chosen from the keyboard, or the user gave the keyboard back).
import { Disposables } from '../lib/disposables';
import { DEFAULT_RELEASE_CHORD, loadReleaseChord, matchesChord, saveReleaseChord } from './keyboard-release';
import type { ReleaseChord } from './keyboard-release';
import { shortcutCommand } from '../../src-main/common/app-shortcuts';
import { isMacPlatform } from '../workspace/app-shortcuts';

/** The release chord the user chose, shared by every console of this window. */
export class ReleaseChordPreference {
  chord = $state<ReleaseChord>(DEFAULT_RELEASE_CHORD);

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeStorage()) {
    this.chord = loadReleaseChord(storage);
  }

  set(chord: ReleaseChord): void {
    this.chord = chord;
    saveReleaseChord(this.storage, chord);
  }
}

export const releaseChord = new ReleaseChordPreference();

export interface CaptureWatch {
  /** The chord that gives the keyboard back (read at each key press: it can change). */
  chord: () => ReleaseChord;
  /** The chord was pressed inside the screen: move the focus out, release what the console holds. */
  onrelease: (chord: ReleaseChord) => void;
  /**
   * An app shortcut taken from the console (the window runs it; see workspace/app-shortcuts.ts):
   * the console saw these modifiers go down and will not see them come up.
   */
  onshortcut: (modifiers: Pick<ReleaseChord, 'ctrl' | 'alt' | 'shift'>) => void;
  /** The window runs app shortcuts itself (Windows and Linux; macOS's menu takes Cmd chords). */
  shortcuts?: boolean;
}

export class KeyboardCapture {
  /** The console's screen has the keyboard focus: keys go to the instance. */
  captured = $state(false);
  /** Take the keyboard when the console is shown connected. */
  wanted = $state(true);

  /** Follows the focus within `screen`; returns the function that stops watching. */
  watch(screen: HTMLElement, options: CaptureWatch): () => void {
    const listeners = new Disposables();
    this.captured = screen.contains(document.activeElement);
    listeners.listen(screen, 'focusin', () => {
      this.captured = true;
      this.wanted = true;
    });
    listeners.listen(screen, 'focusout', (event) => {
      const next = (event as FocusEvent).relatedTarget as Node | null;
      this.captured = next !== null && screen.contains(next);
      // Focus moved to another control of the app: the user left the console on purpose. Focus
      // lost to nothing (the window went to the background, or the link dropped and noVNC removed
      // its canvas) keeps the wish, so the console takes the keyboard again when it is back.
      if (next !== null && !screen.contains(next)) this.wanted = false;
    });
    // Capture phase: the screen's ancestor hears the key before noVNC's listener on the canvas.
    listeners.listen(
      screen,
      'keydown',
      (event) => {
        const key = event as KeyboardEvent;
        if ((options.shortcuts ?? !isMacPlatform()) && shortcutCommand(key, true)) {
          // Not for the instance: the window's own listener has run the command already.
          event.stopPropagation();
          options.onshortcut({ ctrl: key.ctrlKey, alt: key.altKey, shift: key.shiftKey });
          return;
        }
        const chord = options.chord();
        if (!matchesChord(key, chord)) return;
        event.preventDefault();
        event.stopPropagation();
        this.wanted = false;
        options.onrelease(chord);
      },
      { capture: true },
    );
    return () => listeners.dispose();
  }
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
