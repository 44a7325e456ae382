// Which cloud client serves a profile id: the fixed sources (the demo cloud) and the key
// profiles kept in the OS keychain (a catalog that changes as the user adds and removes keys).
import type { ProfileSummary } from '../contract';
import type { CvmClient } from '../cloud';
import { profileNotFound } from './errors';

export interface ProfileSource {
  readonly summary: ProfileSummary;
  client(): Promise<CvmClient>;
}

/** Profiles that come and go while the app runs (KeyProfiles). */
export interface ProfileCatalog {
  summaries(): ProfileSummary[];
  source(profileId: string): ProfileSource | undefined;
}

export class Profiles {
  private readonly byId: Map<string, ProfileSource>;

  constructor(
    sources: readonly ProfileSource[],
    private readonly catalog?: ProfileCatalog,
  ) {
    this.byId = new Map(sources.map((s) => [s.summary.id, s]));
  }

  list(): ProfileSummary[] {
    return [...[...this.byId.values()].map((s) => s.summary), ...(this.catalog?.summaries() ?? [])];
  }

  get(profileId: string): ProfileSource {
    const source = this.byId.get(profileId) ?? this.catalog?.source(profileId);
    if (!source) throw profileNotFound(profileId);
    return source;
  }

  client(profileId: string): Promise<CvmClient> {
    return this.get(profileId).client();
  }
}
