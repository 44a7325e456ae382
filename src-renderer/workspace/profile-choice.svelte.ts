// Which profile the main window's inventory shows. A first run (nothing chosen, no default key)
// offers the demo cloud, Add a key and Import; later runs go straight to the profile chosen before.
import { safeStorage } from '../lib/safe-storage';

const REMEMBER_KEY = 'cvm.workspace.profile';
/** The choice "All profiles": every profile's instances together. No profile id can be this. */
export const ALL_PROFILES = '*';

export class ProfileChoice {
  profileId = $state<string | null>(null);

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeStorage()) {}

  /**
   * The profile chosen on an earlier run (or All profiles) if it still exists, else `fallback`
   * (the default key profile), else null; that is now the current one.
   */
  restore(
    exists: (profileId: string) => boolean = () => true,
    fallback: string | null = null,
  ): string | null {
    const remembered = this.read();
    this.profileId = remembered !== null && exists(remembered) ? remembered : fallback;
    return this.profileId;
  }

  /** The profile chosen on an earlier run, not checked yet (restore() checks that it exists). */
  remembered(): string | null {
    return this.read();
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
      return value !== null && (value === ALL_PROFILES || /^[a-z0-9][a-z0-9-]{0,63}$/.test(value))
        ? value
        : null;
    } catch {
      return null;
    }
  }
}
