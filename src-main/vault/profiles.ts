// Which cloud client serves a profile id. Today: the demo cloud; key profiles kept in the OS
// keychain join here when the vault lands.
import type { ProfileSummary } from '../contract';
import type { CvmClient } from '../cloud';
import { EnvelopeError } from '../ipc/errors';

export interface ProfileSource {
  readonly summary: ProfileSummary;
  client(): Promise<CvmClient>;
}

export class Profiles {
  private readonly byId: Map<string, ProfileSource>;

  constructor(sources: readonly ProfileSource[]) {
    this.byId = new Map(sources.map((s) => [s.summary.id, s]));
  }

  list(): ProfileSummary[] {
    return [...this.byId.values()].map((s) => s.summary);
  }

  get(profileId: string): ProfileSource {
    const source = this.byId.get(profileId);
    if (!source)
      throw new EnvelopeError('auth', 'ProfileNotFound', `There is no profile named "${profileId}".`);
    return source;
  }

  client(profileId: string): Promise<CvmClient> {
    return this.get(profileId).client();
  }
}
