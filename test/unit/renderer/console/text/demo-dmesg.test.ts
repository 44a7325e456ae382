// The demo Linux console's `dmesg`: the whole deterministic boot log, at its pace, then the prompt;
// Ctrl+C stops it, other keys wait, a reboot cancels it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LinuxConsole } from '../../../../../src-main/demo/vnc-server/linux-console';
import { TypedText } from '../../../../../src-main/demo/vnc-server/text-console';
import {
  bootLog,
  BOOT_LOG_LINES,
  BOOT_LOG_LINES_PER_TICK,
  BOOT_LOG_TICK_MS,
} from '../../../../../src-main/demo/vnc-server/boot-log';
import { XK } from '../../../../../src-main/common/keysyms';

const NO_MODS = { ctrl: false, alt: false };
const COLS = 80;
const ROWS = 25;

function loggedIn() {
  let changes = 0;
  const linux = new LinuxConsole(
    { title: 'Ubuntu 22.04 LTS web-01 tty1', hostname: 'web-01', cols: COLS, rows: ROWS, rebootDelayMs: 100 },
    new TypedText(),
    () => changes++,
  );
  const type = (text: string) => {
    for (const ch of text) linux.keyDown(ch === '\n' ? XK.Return : ch.charCodeAt(0), NO_MODS);
  };
  type('root\nsecret\n');
  const rows = () => Array.from({ length: ROWS }, (_, y) => linux.screen.rowText(y));
  return { linux, type, rows, changes: () => changes };
}

describe('bootLog', () => {
  it('is the same every time, 2,000 distinct lines that fit an 80-column console', () => {
    const log = bootLog();
    expect(log).toHaveLength(BOOT_LOG_LINES);
    expect(bootLog()).toEqual(log);
    expect(new Set(log).size).toBe(log.length);
    expect(Math.max(...log.map((l) => l.length))).toBeLessThan(COLS);
    expect(log[0]).toMatch(/^\[ {4}0\.\d{6}\] /);
  });
});

describe('dmesg on the demo Linux console', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('prints the log a tick at a time, then the prompt', () => {
    const { linux, type, rows, changes } = loggedIn();
    type('dmesg\n');
    const log = bootLog();
    expect(rows().join('\n')).not.toContain(log[0]);
    vi.advanceTimersByTime(BOOT_LOG_TICK_MS);
    expect(rows()).toContain(log[BOOT_LOG_LINES_PER_TICK - 1]);
    expect(rows()).not.toContain(log[BOOT_LOG_LINES_PER_TICK]);
    const before = changes();
    vi.advanceTimersByTime(BOOT_LOG_TICK_MS * (BOOT_LOG_LINES / BOOT_LOG_LINES_PER_TICK));
    expect(changes() - before).toBe(BOOT_LOG_LINES / BOOT_LOG_LINES_PER_TICK - 1);
    const screen = rows();
    expect(screen[ROWS - 2]).toBe(log.at(-1));
    expect(screen[ROWS - 1]).toBe('root@web-01:~#');
    linux.dispose();
  });

  it('drops other keys meanwhile, stops on Ctrl+C, and a reboot cancels it', () => {
    const { linux, type, rows } = loggedIn();
    type('dmesg\n');
    vi.advanceTimersByTime(BOOT_LOG_TICK_MS * 3);
    type('ls');
    linux.keyDown('c'.charCodeAt(0), { ...NO_MODS, ctrl: true });
    expect(rows().slice(-2)).toEqual(['^C', 'root@web-01:~#']);
    vi.advanceTimersByTime(BOOT_LOG_TICK_MS * 10);
    expect(rows().at(-1)).toBe('root@web-01:~#');

    type('dmesg\n');
    vi.advanceTimersByTime(BOOT_LOG_TICK_MS);
    linux.keyDown(XK.Delete, { ...NO_MODS, ctrl: true, alt: true });
    vi.advanceTimersByTime(100);
    const after = rows().join('\n');
    vi.advanceTimersByTime(BOOT_LOG_TICK_MS * 20);
    expect(rows().join('\n')).toBe(after);
    expect(after).toContain('web-01 login:');
    linux.dispose();
  });
});
