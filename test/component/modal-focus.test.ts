import { afterEach, describe, expect, it } from 'vitest';
import { modal, trapTab } from '../../src-renderer/lib/modal-focus';

afterEach(() => document.body.replaceChildren());

function tab(dialog: HTMLElement, shiftKey = false): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, cancelable: true });
  dialog.dispatchEvent(event);
  return event;
}

describe('modal focus', () => {
  it('starts inside, keeps Tab and Shift+Tab inside, and gives the focus back to the opener', async () => {
    document.body.innerHTML = `<button id="opener">Open</button>
      <div id="dialog" role="dialog"><button id="a">A</button><button id="off" disabled>Off</button><input id="b" /></div>`;
    const opener = document.getElementById('opener')!;
    const dialog = document.getElementById('dialog')!;
    opener.focus();
    const action = modal(dialog);
    await Promise.resolve();
    expect(document.activeElement?.id).toBe('a');
    document.getElementById('b')!.focus();
    expect(tab(dialog).defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe('a');
    expect(tab(dialog, true).defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe('b');
    action.destroy();
    await Promise.resolve();
    expect(document.activeElement).toBe(opener);
  });

  it('leaves the focus where its owner puts it when asked to', async () => {
    document.body.innerHTML = `<button id="opener">Open</button><div id="dialog"><button>A</button></div>`;
    const opener = document.getElementById('opener')!;
    opener.focus();
    const action = modal(document.getElementById('dialog')!, { returnFocus: false });
    await Promise.resolve();
    action.destroy();
    await Promise.resolve();
    expect(document.activeElement).not.toBe(opener);
  });

  it('lets a Tab between two inner controls go its own way', () => {
    document.body.innerHTML = `<div id="dialog"><button id="a">A</button><button id="b">B</button></div>`;
    const dialog = document.getElementById('dialog')!;
    document.getElementById('a')!.focus();
    const event = new KeyboardEvent('keydown', { key: 'Tab', cancelable: true });
    expect(trapTab(dialog, event)).toBe(false);
    expect(event.defaultPrevented).toBe(false);
  });
});
