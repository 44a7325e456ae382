// A Windows-flavoured console: the lock screen asks for Ctrl+Alt+Del, then a password box, then a
// command prompt. Enough to prove that Ctrl+Alt+Del and typed text really reach the machine.
import { TextScreen, VGA_WHITE } from './text-screen';
import { XK } from '../../common/keysyms';
import { isDelete, isEnter, keysymText } from './keysyms';
import type { Modifiers } from './keysyms';
import type { ConsoleModel, ConsoleOptions, TypedText } from './text-console';

type Mode = 'locked' | 'password' | 'desktop';

const LOCK_BLUE = 0x0063b1;
const CONSOLE_BLACK = 0x0c0c0c;
const CONSOLE_GREY = 0xcccccc;
const USER = 'Administrator';

export class WindowsConsole implements ConsoleModel {
  readonly screen: TextScreen;
  private mode: Mode = 'locked';
  private line = '';

  constructor(
    private readonly opts: ConsoleOptions,
    private readonly typed: TypedText,
    private readonly changed: () => void,
  ) {
    this.screen = new TextScreen(opts.cols, opts.rows);
    this.lock();
  }

  keyDown(keysym: number, mods: Modifiers): void {
    if (mods.ctrl && mods.alt && isDelete(keysym)) {
      // On the lock screen it opens sign-in; when signed in it locks again, as the secure attention key does.
      if (this.mode === 'desktop') this.lock();
      else this.askPassword();
    } else if (this.mode === 'password') {
      this.passwordKey(keysym, mods);
    } else if (this.mode === 'desktop') {
      this.promptKey(keysym, mods);
    }
    this.changed();
  }

  dispose(): void {}

  private get midRow(): number {
    return Math.max(0, Math.floor(this.opts.rows / 2) - 4);
  }

  private lock(): void {
    this.mode = 'locked';
    this.line = '';
    const s = this.screen;
    s.clear(LOCK_BLUE, VGA_WHITE);
    s.cursorVisible = false;
    s.writeCentered(this.midRow, this.opts.title);
    s.writeCentered(this.midRow + 5, 'Press Ctrl+Alt+Del to unlock.');
  }

  private askPassword(): void {
    this.mode = 'password';
    this.line = '';
    this.drawPassword();
  }

  private drawPassword(): void {
    const s = this.screen;
    s.clear(LOCK_BLUE, VGA_WHITE);
    s.cursorVisible = true;
    s.writeCentered(this.midRow, USER);
    s.writeCentered(this.midRow + 5, 'Enter signs in, Esc cancels.');
    const field = `Password: ${'*'.repeat(Math.min(this.line.length, 30))}`;
    const x = Math.max(0, Math.floor((this.opts.cols - 40) / 2));
    s.moveTo(x, this.midRow + 2);
    s.write(field);
  }

  private passwordKey(keysym: number, mods: Modifiers): void {
    if (keysym === XK.Escape) return this.lock();
    if (isEnter(keysym)) {
      this.typed.add('\n');
      return this.signIn();
    }
    if (keysym === XK.BackSpace) {
      if (this.line.length === 0) return;
      this.line = this.line.slice(0, -1);
      this.typed.backspace();
    } else {
      const text = mods.ctrl || mods.alt ? undefined : keysymText(keysym);
      if (text === undefined) return;
      this.line += text;
      this.typed.add(text);
    }
    this.drawPassword();
  }

  private signIn(): void {
    this.mode = 'desktop';
    this.line = '';
    const s = this.screen;
    s.clear(CONSOLE_BLACK, CONSOLE_GREY);
    s.cursorVisible = true;
    s.write(`${this.opts.title} (demo console)\nSigned in as ${USER}. Ctrl+Alt+Del locks.\n\n`);
    this.prompt();
  }

  private prompt(): void {
    this.line = '';
    this.screen.write(`C:\\Users\\${USER}>`);
  }

  private promptKey(keysym: number, mods: Modifiers): void {
    const s = this.screen;
    if (isEnter(keysym)) {
      this.typed.add('\n');
      s.write('\n');
      return this.run(this.line.trim());
    }
    if (keysym === XK.BackSpace) {
      if (this.line.length === 0) return;
      this.line = this.line.slice(0, -1);
      this.typed.backspace();
      s.backspace();
      return;
    }
    const text = mods.ctrl || mods.alt ? undefined : keysymText(keysym);
    if (text === undefined) return;
    this.line += text;
    this.typed.add(text);
    s.write(text);
  }

  private run(command: string): void {
    const s = this.screen;
    const [name = '', ...args] = command.split(/\s+/);
    switch (name.toLowerCase()) {
      case '':
        break;
      case 'exit':
        return this.lock();
      case 'cls':
        s.clear();
        break;
      case 'echo':
        s.write(`${args.join(' ')}\n`);
        break;
      case 'hostname':
        s.write(`${this.opts.hostname}\n`);
        break;
      case 'whoami':
        s.write(`${this.opts.hostname.toLowerCase()}\\${USER.toLowerCase()}\n`);
        break;
      default:
        s.write(
          `'${name}' is not recognized as an internal or external command,\noperable program or batch file.\n`,
        );
    }
    s.write('\n');
    this.prompt();
  }
}
