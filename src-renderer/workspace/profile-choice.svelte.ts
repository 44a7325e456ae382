// Which profile the main window's inventory shows. For now the one profile is the built-in demo
// cloud: a first run offers it; later runs go straight to the profile chosen before.
const REMEMBER_KEY = 'cvm.workspace.profile';

export class ProfileChoice {
  profileId = $state<string | null>(null);

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeStorage()) {}

  /** The profile chosen on an earlier run, if any (and now the current one). */
  restore(): string | null {
    this.profileId = this.read();
    return this.profileId;
  }

  choose(profileId: string): void {
    this.profileId = profileId;
    try {
      this.storage?.setItem(REMEMBER_KEY, profileId);
    } catch {
      // Not remembering is fine: the next run offers the demo again.
    }
  }

  private read(): string | null {
    try {
      const value = this.storage?.getItem(REMEMBER_KEY) ?? null;
      // Written by us, but storage is outside input: only a plausible profile id is taken.
      return value !== null && /^[a-z0-9][a-z0-9-]{0,63}$/.test(value) ? value : null;
    } catch {
      return null;
    }
  }
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
