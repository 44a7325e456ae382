// The transcript's de-duplication on generated screens: scrolls of any size, redraws, partial
// redraws, typing in place, clear-screen, reconnects (the same screen again, or a blank one first)
// and reboots.
import { describe, expect, it } from 'vitest';
import { Transcript } from '../../../../../src-renderer/console/text/transcript';

const ROWS = 6;

/** A terminal of ROWS rows: prints lines, scrolling; `screen()` is what a viewer would read. */
class Term {
  rows: string[] = Array(ROWS).fill('');
  private y = 0;
  print(line: string): void {
    if (this.y === ROWS) {
      this.rows.shift();
      this.rows.push('');
      this.y = ROWS - 1;
    }
    this.rows[this.y++] = line;
  }
  clear(): void {
    this.rows = Array(ROWS).fill('');
    this.y = 0;
  }
  screen(): string[] {
    return [...this.rows];
  }
}

const texts = (t: Transcript) => t.all().map((l) => l.text);

describe('Transcript', () => {
  it('appends lines as they scroll in, whatever the scroll between two reads (up to a screen)', () => {
    for (const step of [1, 2, 3, ROWS - 1, ROWS]) {
      const term = new Term();
      const t = new Transcript();
      const printed: string[] = [];
      for (let i = 0; i < 40; i++) {
        const line = `line ${i}`;
        printed.push(line);
        term.print(line);
        if (i % step === step - 1) t.update(term.screen(), i);
      }
      t.update(term.screen(), 99);
      expect(texts(t), `step ${step}`).toEqual(printed);
    }
  });

  it('adds nothing when the same screen is read again (redraw, reconnect)', () => {
    const t = new Transcript();
    const screen = ['a', 'b', 'c', '', '', ''];
    expect(t.update(screen, 1)).toEqual({ appended: 3, edited: 0 });
    expect(t.update(screen, 2)).toEqual({ appended: 0, edited: 0 });
    expect(texts(t)).toEqual(['a', 'b', 'c']);
  });

  it('keeps repeated and blank lines that really were printed', () => {
    const term = new Term();
    const t = new Transcript();
    const printed = ['$ ls', 'x', 'x', '', 'x', '$ ls', 'x', 'x', '', 'x', 'done'];
    for (const line of printed) {
      term.print(line);
      t.update(term.screen(), 0);
    }
    expect(texts(t)).toEqual(printed);
  });

  it('grows the line being typed in place and keeps its first time', () => {
    const term = new Term();
    const t = new Transcript();
    term.print('login: root');
    term.print('root@web-01:~# ');
    t.update(term.screen(), 10);
    for (let i = 1; i <= 'uname -a'.length; i++) {
      term.rows[1] = `root@web-01:~# ${'uname -a'.slice(0, i)}`;
      t.update(term.screen(), 11 + i);
    }
    term.print('Linux web-01');
    t.update(term.screen(), 30);
    expect(t.all()).toEqual([
      { text: 'login: root', time: 10 },
      { text: 'root@web-01:~# uname -a', time: 10 },
      { text: 'Linux web-01', time: 30 },
    ]);
  });

  it('handles a partial redraw: a read where only some rows have caught up with a scroll', () => {
    const t = new Transcript();
    t.update(['l0', 'l1', 'l2', 'l3', 'l4', 'l5'], 0);
    // Scrolled by two, but the bottom rows are still the old ones: they are corrected by the next read.
    t.update(['l2', 'l3', 'l4', 'l5', 'l4', 'l5'], 1);
    t.update(['l2', 'l3', 'l4', 'l5', 'l6', 'l7'], 2);
    expect(texts(t)).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7']);
  });

  it('starts afresh after clear-screen and after a reboot, keeping what was before', () => {
    const term = new Term();
    const t = new Transcript();
    for (const line of ['a1', 'a2', 'root@h:~# clear']) term.print(line);
    t.update(term.screen(), 1);
    term.clear();
    t.update(term.screen(), 2); // the blank screen adds nothing
    term.print('root@h:~# ');
    t.update(term.screen(), 3);
    term.clear();
    for (const line of ['[    0.000000] Linux version 5.15', 'a1', 'h login: ']) term.print(line);
    t.update(term.screen(), 4);
    expect(texts(t)).toEqual([
      'a1',
      'a2',
      'root@h:~# clear',
      'root@h:~#',
      '[    0.000000] Linux version 5.15',
      'a1',
      'h login:',
    ]);
  });

  it('does not repeat a screen that comes back after a blank read (a reconnect)', () => {
    const t = new Transcript();
    const screen = ['x1', 'x2', 'x3', '', '', ''];
    t.update(screen, 1);
    t.connected();
    t.update(Array(ROWS).fill(''), 2);
    t.update(screen, 3);
    t.update([...screen.slice(0, 3), 'x4', '', ''], 4);
    expect(texts(t)).toEqual(['x1', 'x2', 'x3', 'x4']);
  });

  it('adds a screen again when it comes back after a reboot that erased the one before', () => {
    // The demo's Ctrl+Alt+Del from the login screen: the rebooting message goes below it, then the
    // boot draws the very same login screen over it.
    const boot = ['Ubuntu 22.04 LTS web-01 tty1', '', 'web-01 login:', '', '', ''];
    const t = new Transcript();
    t.update(boot, 1);
    t.update(
      ['Ubuntu 22.04 LTS web-01 tty1', '', 'web-01 login:', 'Ctrl-Alt-Del pressed: rebooting...', '', ''],
      2,
    );
    t.update(boot, 3);
    t.update(boot, 4); // read again: nothing more
    expect(texts(t)).toEqual([
      'Ubuntu 22.04 LTS web-01 tty1',
      '',
      'web-01 login:',
      'Ctrl-Alt-Del pressed: rebooting...',
      'Ubuntu 22.04 LTS web-01 tty1',
      '',
      'web-01 login:',
    ]);
    expect(t.all()[4]!.time).toBe(3);
  });

  it('adds a screen again when it comes back after a clear on the same link, not after a reconnect', () => {
    const screen = ['$ make', 'error: x', '$', '', '', ''];
    const cleared = new Transcript();
    cleared.update(screen, 1);
    cleared.update(Array(ROWS).fill(''), 2);
    cleared.update(screen, 3);
    expect(texts(cleared)).toEqual(['$ make', 'error: x', '$', '$ make', 'error: x', '$']);
    const reconnected = new Transcript();
    reconnected.update(screen, 1);
    reconnected.connected();
    reconnected.update(Array(ROWS).fill(''), 2);
    reconnected.update(screen, 3);
    expect(texts(reconnected)).toEqual(['$ make', 'error: x', '$']);
  });

  it('searches case-insensitively (or not), exports text with times, and keeps a bound', () => {
    const t = new Transcript({ maxLines: 3 });
    t.update(['Error: disk', 'ok', 'ERROR again', 'fine'], 1000);
    expect(t.length).toBe(4);
    expect(t.search('error').map((m) => [m.index, m.text])).toEqual([[2, 'ERROR again']]);
    expect(t.search('ERROR', { caseSensitive: true })).toHaveLength(1);
    expect(t.search('')).toEqual([]);
    expect(t.toText()).toBe('ok\nERROR again\nfine\n');
    expect(t.toText((ms) => `${ms / 1000}s`)).toBe('1s  ok\n1s  ERROR again\n1s  fine\n');
    t.clear();
    expect(t.toText()).toBe('');
  });

  it('gives its last lines with their numbers, for the panel before a search', () => {
    const t = new Transcript({ maxLines: 4 });
    t.update(['a', 'b', 'c'], 1);
    t.update(['b', 'c', 'd', 'e', 'f'], 2);
    expect(t.tail(2)).toEqual([
      { index: 4, text: 'e', time: 2 },
      { index: 5, text: 'f', time: 2 },
    ]);
    expect(t.tail(99).map((l) => l.text)).toEqual(['c', 'd', 'e', 'f']);
    expect(t.tail(0)).toEqual([]);
  });
});
