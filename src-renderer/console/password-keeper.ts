// Which VNC password to offer, per console, across reconnects: one that worked (or the user typed)
// first, then the console URL's `password` hint once, then nobody knows — ask the user. Kept in
// memory only, for as long as the console is open.
export class PasswordKeeper {
  private remembered: string | undefined;
  private readonly refused = new Set<string>();

  /** The password to send without asking, or undefined to ask the user. */
  choose(hint: string | undefined): string | undefined {
    if (this.remembered !== undefined && !this.refused.has(this.remembered)) return this.remembered;
    if (hint && !this.refused.has(hint)) return hint;
    return undefined;
  }

  /** The user typed it: offer it from now on, even if an earlier attempt with it failed. */
  setUserPassword(password: string): void {
    this.refused.delete(password);
    this.remembered = password;
  }

  worked(password: string): void {
    this.remembered = password;
  }

  failed(password: string): void {
    this.refused.add(password);
    if (this.remembered === password) this.remembered = undefined;
  }
}
