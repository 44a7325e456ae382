import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import TypeTextDialog from '../../../src-renderer/console/TypeTextDialog.svelte';

afterEach(cleanup);

function setup(
  props: Partial<{
    canSend: () => boolean;
    initialText: string;
    initialDelayMs: number;
    targetName: string;
  }> = {},
) {
  const sent: [number, boolean][] = [];
  const send = vi.fn((k: number, d: boolean) => void sent.push([k, d]));
  const onclose = vi.fn();
  render(TypeTextDialog, { send, canSend: () => true, initialDelayMs: 0, onclose, ...props });
  const input = screen.getByTestId('type-text-input') as HTMLTextAreaElement;
  return { send, sent, onclose, input };
}

describe('Type text dialog', () => {
  it('refuses characters it cannot type, naming them, and sends nothing', async () => {
    const { send, input } = setup();
    await fireEvent.input(input, { target: { value: 'echo café 中' } });
    await fireEvent.click(screen.getByTestId('type-text-send'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('"é" (U+00E9)');
    expect(alert.textContent).toContain('"中" (U+4E2D)');
    expect(alert.textContent).toContain('Nothing was typed');
    expect(send).not.toHaveBeenCalled();
    expect(screen.queryByTestId('type-text-progress')).toBeNull();
  });

  it('types US key presses (Shift for capitals and symbols), Enter at the end if asked, with progress', async () => {
    const { sent, input } = setup();
    await fireEvent.input(input, { target: { value: 'a!' } });
    await fireEvent.click(screen.getByTestId('type-text-enter'));
    await fireEvent.click(screen.getByTestId('type-text-send'));
    await waitFor(() => expect(screen.getByTestId('type-text-status').textContent).toContain('Typed 3 keys'));
    expect(sent).toEqual([
      [0x61, true],
      [0x61, false],
      [0xffe1, true],
      [0x21, true],
      [0x21, false],
      [0xffe1, false],
      [0xff0d, true],
      [0xff0d, false],
    ]);
    const progress = screen.getByTestId('type-text-progress') as HTMLProgressElement;
    expect(progress.max).toBe(3);
    expect(progress.value).toBe(3);
  });

  it('stops on Cancel part-way and says how far it got', async () => {
    vi.useFakeTimers();
    try {
      const delayMs = 40;
      const { send, input } = setup({ initialDelayMs: delayMs });
      await fireEvent.input(input, { target: { value: 'abcdefghij' } });
      await fireEvent.click(screen.getByTestId('type-text-send'));
      await vi.advanceTimersByTimeAsync(delayMs); // the second key is on its way
      expect(send.mock.calls.length).toBeGreaterThan(0);
      await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      await vi.advanceTimersByTimeAsync(delayMs); // the pause between keys ends, and typing stops
      expect(screen.getByTestId('type-text-status').textContent).toMatch(/Cancelled after \d+ of 10/);
      const calls = send.mock.calls.length;
      expect(calls).toBeLessThan(20);
      // Long enough for all ten keys to have gone out had typing gone on.
      await vi.advanceTimersByTimeAsync(delayMs * 20);
      expect(send.mock.calls.length).toBe(calls);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops when the console goes away mid-way instead of typing into nothing', async () => {
    let connected = true;
    const { send, input } = setup({ canSend: () => connected, initialDelayMs: 10 });
    await fireEvent.input(input, { target: { value: 'abcdef' } });
    await fireEvent.click(screen.getByTestId('type-text-send'));
    await waitFor(() => expect(send.mock.calls.length).toBeGreaterThanOrEqual(2));
    connected = false;
    await waitFor(() =>
      expect(screen.getByTestId('type-text-status').textContent).toContain('not connected'),
    );
    expect(send.mock.calls.length).toBeLessThan(12);
  });

  it('closes on Close and on Escape when idle', async () => {
    const { onclose } = setup();
    await fireEvent.keyDown(screen.getByTestId('type-text-dialog'), { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onclose).toHaveBeenCalledTimes(2);
  });

  it('names its target, keeps Tab and Shift+Tab inside, and focuses Type again when done', async () => {
    const { input } = setup({ targetName: 'web-prod-01' });
    expect(screen.getByRole('dialog').getAttribute('aria-labelledby')).toBe('type-text-title');
    expect(screen.getByTestId('type-text-title').textContent).toBe('Type text into web-prod-01');
    await waitFor(() => expect(document.activeElement).toBe(input));
    await fireEvent.input(input, { target: { value: 'ls' } });
    const dialog = screen.getByTestId('type-text-dialog');
    const send = screen.getByTestId('type-text-send');
    // Shift+Tab from the first control wraps to the last; Tab from the last wraps to the first.
    await fireEvent.keyDown(input, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(send);
    await fireEvent.keyDown(send, { key: 'Tab' });
    expect(document.activeElement).toBe(input);
    // Focus that escaped somehow is pulled back in on the next Tab.
    (document.activeElement as HTMLElement).blur();
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(dialog.contains(document.activeElement)).toBe(true);

    await fireEvent.click(send);
    await waitFor(() => expect(screen.getByTestId('type-text-status').textContent).toContain('Typed 2 keys'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('type-text-send')));
    expect(screen.getByTestId('type-text-send').textContent).toBe('Type again');
  });

  it('Esc closes at any time: after typing, and while typing (which stops)', async () => {
    const { onclose, input } = setup();
    await fireEvent.input(input, { target: { value: 'ab' } });
    await fireEvent.click(screen.getByTestId('type-text-send'));
    await waitFor(() => expect(screen.getByTestId('type-text-status').textContent).toContain('Typed'));
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(1);
    cleanup();

    vi.useFakeTimers();
    try {
      const running = setup({ initialDelayMs: 50 });
      await fireEvent.input(running.input, { target: { value: 'abcdefghij' } });
      await fireEvent.click(screen.getByTestId('type-text-send'));
      await vi.advanceTimersByTimeAsync(50);
      await fireEvent.keyDown(screen.getByTestId('type-text-dialog'), { key: 'Escape' });
      expect(running.onclose).toHaveBeenCalledTimes(1);
      const sent = running.send.mock.calls.length;
      await vi.advanceTimersByTimeAsync(50 * 30);
      expect(running.send.mock.calls.length).toBe(sent);
      expect(sent).toBeLessThan(20);
    } finally {
      vi.useRealTimers();
    }
  });
});
