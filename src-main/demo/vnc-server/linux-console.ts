// A Linux text console: six ttys with a getty login, a pretend shell, Ctrl+Alt+Del reboots,
// Ctrl+Alt+F1..F6 (or Alt+Fn, as on a real VT) switches tty.
import { TextScreen, VGA_GREEN, VGA_GREY, VGA_WHITE } from './text-screen';
import { XK } from '../../common/keysyms';
import { functionKeyNumber, isDelete, isEnter, keysymText } from './keysyms';
import type { Modifiers } from './keysyms';
import type { ConsoleModel, ConsoleOptions, TypedText } from './text-console';
import { bootLog, BOOT_LOG_LINES_PER_TICK, BOOT_LOG_TICK_MS } from './boot-log';

type Mode = 'login' | 'password' | 'shell';

interface Tty {
  screen: TextScreen;
  mode: Mode;
  line: string;
  user: string;
}

const TTY_COUNT = 6;

export class LinuxConsole implements ConsoleModel {
  private ttys: Tty[] = [];
  private active = 0;
  private rebootTimer: ReturnType<typeof setTimeout> | undefined;
  // `dmesg` printing its log on one tty, a few lines a tick; meanwhile that tty takes only Ctrl+C
  // and Alt combinations (tty switch, Ctrl+Alt+Del); other keys there are dropped.
  private printing: { tty: Tty; timer: ReturnType<typeof setInterval> } | undefined;

  constructor(
    private readonly opts: ConsoleOptions,
    private readonly typed: TypedText,
    private readonly changed: () => void,
  ) {
    this.boot();
  }

  get screen(): TextScreen {
    return this.tty.screen;
  }

  keyDown(keysym: number, mods: Modifiers): void {
    if (this.rebootTimer) return; // the machine is rebooting: keys go nowhere
    const fn = functionKeyNumber(keysym);
    const interrupt = mods.alt || (mods.ctrl && (keysym | 0x20) === 0x63);
    if (this.printing?.tty === this.tty && !interrupt) return;
    if (mods.ctrl && mods.alt && isDelete(keysym)) this.reboot();
    else if (mods.alt && fn !== undefined) this.active = fn - 1;
    else if (mods.ctrl && !mods.alt) this.control(keysym);
    else if (isEnter(keysym)) this.enter();
    else if (keysym === XK.BackSpace) this.erase();
    else if (!mods.alt) this.type(keysymText(keysym));
    this.changed();
  }

  dispose(): void {
    clearTimeout(this.rebootTimer);
    this.rebootTimer = undefined;
    this.stopPrinting();
  }

  private get tty(): Tty {
    return this.ttys[this.active]!;
  }

  private get osName(): string {
    const name = this.opts.title.replace(/\s*\btty\d+\s*$/, '').trim();
    const host = this.opts.hostname;
    return name.endsWith(` ${host}`) ? name.slice(0, -host.length - 1) : name;
  }

  private banner(n: number): string {
    const t = this.opts.title;
    return /\btty\d+\b/.test(t) ? t.replace(/\btty\d+\b/, `tty${n}`) : `${t} tty${n}`;
  }

  private boot(): void {
    this.active = 0;
    this.ttys = Array.from({ length: TTY_COUNT }, (_, i) => {
      const tty: Tty = {
        screen: new TextScreen(this.opts.cols, this.opts.rows),
        mode: 'login',
        line: '',
        user: '',
      };
      if (i === 0) this.bootMessages(tty.screen);
      tty.screen.write(`${this.banner(i + 1)}\n\n`);
      this.loginPrompt(tty);
      return tty;
    });
  }

  private bootMessages(s: TextScreen): void {
    s.write('[    0.000000] Linux version 5.15.0-demo (CVM Console demo cloud)\n');
    for (const msg of [
      'Reached target Network.',
      'Started OpenSSH server daemon.',
      'Reached target Multi-User System.',
    ]) {
      s.write('[  ');
      s.pen = VGA_GREEN;
      s.write('OK');
      s.pen = VGA_GREY;
      s.write(`  ] ${msg}\n`);
    }
    s.write('\n');
  }

  private reboot(): void {
    this.stopPrinting();
    const s = this.screen;
    s.write('\n');
    s.pen = VGA_WHITE;
    s.write('Ctrl-Alt-Del pressed: rebooting...');
    s.pen = VGA_GREY;
    s.cursorVisible = false;
    this.rebootTimer = setTimeout(() => {
      this.rebootTimer = undefined;
      this.boot();
      this.changed();
    }, this.opts.rebootDelayMs);
    this.rebootTimer.unref?.();
  }

  private loginPrompt(tty: Tty): void {
    tty.mode = 'login';
    tty.user = '';
    tty.line = '';
    tty.screen.write(`${this.opts.hostname} login: `);
  }

  private shellPrompt(tty: Tty): void {
    tty.mode = 'shell';
    tty.line = '';
    const sigil = tty.user === 'root' ? '#' : '$';
    tty.screen.write(`${tty.user}@${this.opts.hostname}:~${sigil} `);
  }

  private type(text: string | undefined): void {
    if (text === undefined) return;
    const tty = this.tty;
    tty.line += text;
    this.typed.add(text);
    if (tty.mode !== 'password') tty.screen.write(text);
  }

  private erase(): void {
    const tty = this.tty;
    if (tty.line.length === 0) return;
    tty.line = tty.line.slice(0, -1);
    this.typed.backspace();
    if (tty.mode !== 'password') tty.screen.backspace();
  }

  private control(keysym: number): void {
    const tty = this.tty;
    const key = String.fromCharCode(keysym).toLowerCase();
    if (key === 'c') {
      if (this.printing?.tty === tty) this.stopPrinting();
      tty.screen.write('^C\n');
      this.typed.add('\n');
      if (tty.mode === 'shell') this.shellPrompt(tty);
      else this.loginPrompt(tty);
    } else if (key === 'd' && tty.mode === 'shell' && tty.line === '') {
      this.logout(tty);
    } else if (key === 'u') {
      while (tty.line.length > 0) this.erase();
    }
  }

  private enter(): void {
    const tty = this.tty;
    const line = tty.line;
    this.typed.add('\n');
    tty.screen.write('\n');
    tty.line = '';
    if (tty.mode === 'login') {
      if (line.trim() === '') return this.loginPrompt(tty);
      tty.user = line.trim();
      tty.mode = 'password';
      tty.screen.write('Password: ');
    } else if (tty.mode === 'password') {
      tty.screen.write(`Welcome to ${this.osName} (demo console)\n\n`);
      this.shellPrompt(tty);
    } else {
      this.run(tty, line.trim());
    }
  }

  /** Prints the boot log at its pace on `tty`, then the prompt. */
  private printBootLog(tty: Tty): void {
    const lines = bootLog();
    let next = 0;
    const timer = setInterval(() => {
      for (const end = Math.min(lines.length, next + BOOT_LOG_LINES_PER_TICK); next < end; next++) {
        tty.screen.write(`${lines[next]}\n`);
      }
      if (next === lines.length) {
        this.stopPrinting();
        this.shellPrompt(tty);
      }
      this.changed();
    }, BOOT_LOG_TICK_MS);
    timer.unref?.();
    this.printing = { tty, timer };
  }

  private stopPrinting(): void {
    clearInterval(this.printing?.timer);
    this.printing = undefined;
  }

  private logout(tty: Tty): void {
    tty.screen.clear();
    tty.screen.write(`${this.banner(this.active + 1)}\n\n`);
    this.loginPrompt(tty);
  }

  private run(tty: Tty, command: string): void {
    const [name = '', ...args] = command.split(/\s+/);
    const out = (text: string) => tty.screen.write(`${text}\n`);
    switch (name) {
      case '':
        break;
      case 'exit':
      case 'logout':
        return this.logout(tty);
      case 'clear':
        tty.screen.clear();
        break;
      case 'echo':
        out(args.join(' '));
        break;
      case 'whoami':
        out(tty.user);
        break;
      case 'hostname':
        out(this.opts.hostname);
        break;
      case 'tty':
        out(`/dev/tty${this.active + 1}`);
        break;
      case 'dmesg':
        return this.printBootLog(tty);
      case 'uname':
        out(args.includes('-a') ? `Linux ${this.opts.hostname} 5.15.0-demo x86_64 GNU/Linux` : 'Linux');
        break;
      default:
        out(`-bash: ${name}: command not found`);
    }
    this.shellPrompt(tty);
  }
}
