// What the quick-connect palette searches: the instances of every profile, every region. The last
// listing is kept for the app's lifetime, so the palette opens on it at once; each opening
// refreshes it in the background (a profile that fails keeps its previous rows). An ID that no
// listing has is looked up in every region of one profile (main's instances:find).
import type { InstanceRef, InstanceSummary, ProfileSummary } from '../../src-main/contract';
import type { PaletteEntry } from './palette-search';

export interface QuickConnectSource {
  profiles(): Promise<ProfileSummary[]>;
  instances(profileId: string): Promise<InstanceSummary[]>;
  find(profileId: string, instanceId: string): Promise<InstanceRef>;
}

const reason = (error: unknown, fallback: string) =>
  error instanceof Error && error.message ? error.message : fallback;

export function paletteEntries(
  profile: ProfileSummary,
  instances: readonly InstanceSummary[],
): PaletteEntry[] {
  return instances.map((i) => ({
    profileId: profile.id,
    profileName: profile.name,
    region: i.region,
    instanceId: i.instanceId,
    name: i.name,
    state: i.state,
    privateIps: i.privateIps,
    publicIps: i.publicIps,
    tags: i.tags,
  }));
}

export class QuickConnectState {
  profiles = $state.raw<ProfileSummary[]>([]);
  entries = $state.raw<PaletteEntry[]>([]);
  refreshing = $state(false);
  message = $state('');
  // Bookkeeping no view reads (views read `entries`, replaced whole).
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private byProfile = new Map<string, PaletteEntry[]>();
  private running: Promise<void> | undefined;

  constructor(private readonly source: QuickConnectSource) {}

  /** Lists every profile again; one refresh at a time (a second call joins the running one). */
  refresh(): Promise<void> {
    return (this.running ??= this.load().finally(() => (this.running = undefined)));
  }

  /** Where an ID no listing has lives in `profileId`, or null (the message says why). */
  async lookup(instanceId: string, profileId: string): Promise<InstanceRef | null> {
    this.message = '';
    try {
      return await this.source.find(profileId, instanceId);
    } catch (error) {
      this.message = reason(error, `${instanceId} could not be looked up.`);
      return null;
    }
  }

  private async load(): Promise<void> {
    this.refreshing = true;
    try {
      const profiles = await this.source.profiles();
      this.profiles = profiles;
      const failed: string[] = [];
      await Promise.all(
        profiles.map(async (profile) => {
          try {
            this.byProfile.set(profile.id, paletteEntries(profile, await this.source.instances(profile.id)));
          } catch {
            failed.push(profile.name);
          }
        }),
      );
      for (const id of [...this.byProfile.keys()]) {
        if (!profiles.some((p) => p.id === id)) this.byProfile.delete(id);
      }
      this.entries = profiles.flatMap((p) => this.byProfile.get(p.id) ?? []);
      this.message = failed.length
        ? `Could not refresh ${failed.join(', ')}: showing what was listed before.`
        : '';
    } catch (error) {
      this.message = reason(error, 'The profiles could not be listed.');
    } finally {
      this.refreshing = false;
    }
  }
}
