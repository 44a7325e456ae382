// A modal dialog's focus, as a Svelte action: Tab and Shift+Tab go round the dialog's own
// controls (what is behind never gets the focus), the focus starts inside, and when the dialog
// closes it goes back to what had it before (the button that opened it), if that is still there.
const FOCUSABLE = 'button, textarea, input, select, [href], [tabindex]:not([tabindex="-1"])';

function focusables(dialog: HTMLElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !(el as HTMLButtonElement).disabled && !el.closest('[hidden], [inert]'),
  );
}

/** Keeps a Tab press inside `dialog`; true when it moved the focus itself. */
export function trapTab(dialog: HTMLElement, event: KeyboardEvent): boolean {
  if (event.key !== 'Tab') return false;
  const list = focusables(dialog);
  if (list.length === 0) return false;
  const first = list[0]!;
  const last = list[list.length - 1]!;
  const at = document.activeElement;
  if (event.shiftKey && (at === first || at === dialog || !dialog.contains(at))) {
    event.preventDefault();
    last.focus();
    return true;
  }
  if (!event.shiftKey && (at === last || !dialog.contains(at))) {
    event.preventDefault();
    first.focus();
    return true;
  }
  return false;
}

/** `returnFocus: false` where the dialog's owner puts the focus back itself (the console's Type text). */
export function modal(dialog: HTMLElement, options: { returnFocus?: boolean } = {}): { destroy(): void } {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const onkeydown = (event: KeyboardEvent): void => void trapTab(dialog, event);
  dialog.addEventListener('keydown', onkeydown);
  // After the dialog's own autofocus (if any) ran: only when nothing inside has the focus yet.
  queueMicrotask(() => {
    if (!dialog.contains(document.activeElement)) (focusables(dialog)[0] ?? dialog).focus();
  });
  return {
    destroy() {
      dialog.removeEventListener('keydown', onkeydown);
      if (options.returnFocus !== false && opener?.isConnected) queueMicrotask(() => opener.focus());
    },
  };
}
