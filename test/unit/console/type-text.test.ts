import { describe, expect, it } from 'vitest';
import { describeChar, planKeystrokes, typeKeystrokes } from '../../../src-renderer/console/type-text';
import { KEY_COMBOS, findCombo, pressCombo } from '../../../src-renderer/console/key-combos';
import { XK, functionKey } from '../../../src-renderer/console/keysyms';

function record() {
  const events: [number, boolean][] = [];
  return { events, send: (k: number, d: boolean) => void events.push([k, d]) };
}

describe('planKeystrokes', () => {
  it('maps printable ASCII, Enter and Tab to US-layout keystrokes', () => {
    const plan = planKeystrokes('echo Hi!\tx\r\n');
    expect(plan).toEqual({
      ok: true,
      strokes: [
        ...'echo '.split('').map((c) => ({ keysym: c.charCodeAt(0), shift: false })),
        { keysym: 0x48, shift: true },
        { keysym: 0x69, shift: false },
        { keysym: 0x21, shift: true },
        { keysym: XK.Tab, shift: false },
        { keysym: 0x78, shift: false },
        { keysym: XK.Return, shift: false },
      ],
    });
  });

  it('types every printable ASCII character and shifts exactly the US shifted ones', () => {
    const all = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    const plan = planKeystrokes(all);
    if (!plan.ok) throw new Error('expected a plan');
    const shifted = plan.strokes.filter((s) => s.shift).map((s) => String.fromCharCode(s.keysym));
    expect(shifted.join('')).toBe('!"#$%&()*+:<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_{|}~');
  });

  it('refuses characters it cannot type, naming each once, and plans nothing', () => {
    expect(planKeystrokes('héllo 你好 😀 é\u0007')).toEqual({
      ok: false,
      unsupported: ['"é" (U+00E9)', '"你" (U+4F60)', '"好" (U+597D)', '"😀" (U+1F600)', 'U+0007'],
    });
    expect(describeChar('\u007f')).toBe('U+007F');
  });
});

describe('typeKeystrokes', () => {
  it('presses and releases each key, wrapping shifted ones in Shift, with progress', async () => {
    const { events, send } = record();
    const plan = planKeystrokes('aB\n');
    if (!plan.ok) throw new Error('plan');
    const progress: number[] = [];
    const slept: number[] = [];
    const result = await typeKeystrokes(send, plan.strokes, {
      delayMs: 20,
      onProgress: (d) => progress.push(d),
      sleep: async (ms) => void slept.push(ms),
    });
    expect(result).toBe('done');
    expect(events).toEqual([
      [0x61, true],
      [0x61, false],
      [XK.Shift_L, true],
      [0x42, true],
      [0x42, false],
      [XK.Shift_L, false],
      [XK.Return, true],
      [XK.Return, false],
    ]);
    expect(progress).toEqual([1, 2, 3]);
    expect(slept).toEqual([20, 20]);
  });

  it('stops at a key boundary when cancelled, never leaving Shift held', async () => {
    const { events, send } = record();
    const plan = planKeystrokes('ABCDEF');
    if (!plan.ok) throw new Error('plan');
    const controller = new AbortController();
    const result = await typeKeystrokes(send, plan.strokes, {
      delayMs: 1,
      signal: controller.signal,
      onProgress: (d) => d === 2 && controller.abort(),
      sleep: async () => {},
    });
    expect(result).toBe('cancelled');
    expect(events).toHaveLength(8);
    expect(events.at(-1)).toEqual([XK.Shift_L, false]);
  });
});

describe('key combos', () => {
  it('presses modifiers first and releases in reverse', () => {
    const { events, send } = record();
    pressCombo(send, findCombo('ctrl-alt-del')!.keysyms);
    expect(events).toEqual([
      [XK.Control_L, true],
      [XK.Alt_L, true],
      [XK.Delete, true],
      [XK.Delete, false],
      [XK.Alt_L, false],
      [XK.Control_L, false],
    ]);
  });

  it('offers Ctrl+Alt+F1–F12, Alt+Tab, Win, Esc, Tab, Ctrl+C, Ctrl+D, Ctrl+Z, grouped Windows, Linux, editing', () => {
    expect(KEY_COMBOS.map((c) => c.label)).toEqual([
      'Ctrl+Alt+Del',
      'Alt+Tab',
      'Win',
      ...Array.from({ length: 12 }, (_, i) => `Ctrl+Alt+F${i + 1}`),
      'Esc',
      'Tab',
      'Ctrl+C',
      'Ctrl+D',
      'Ctrl+Z',
    ]);
    expect([...new Set(KEY_COMBOS.map((c) => c.group))]).toEqual(['Windows', 'Linux consoles', 'Editing']);
    expect(findCombo('ctrl-alt-f12')!.keysyms).toEqual([XK.Control_L, XK.Alt_L, 0xffc9]);
    expect(() => functionKey(13)).toThrow(RangeError);
  });
});
