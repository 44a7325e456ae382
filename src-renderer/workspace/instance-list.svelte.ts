// The sidebar's list of a profile's instances: which profile, loading, errors and the filter.
// A first run (no profile chosen, no default key) offers the demo cloud, Add a key and Import.
import type { ErrorKind, InstanceSummary } from '../../src-main/contract';

const REMEMBER_KEY = 'cvm.workspace.profile';

/** The demo cloud's well-known instances (each shows a feature) go first. */
function demoFirst(a: InstanceSummary, b: InstanceSummary): number {
  const wa = /^ins-demo\d{4}$/.test(a.instanceId);
  const wb = /^ins-demo\d{4}$/.test(b.instanceId);
  if (wa !== wb) return wa ? -1 : 1;
  return a.name.localeCompare(b.name) || a.instanceId.localeCompare(b.instanceId);
}

export function matchesFilter(instance: InstanceSummary, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    instance.name,
    instance.instanceId,
    instance.region,
    instance.zone,
    instance.state,
    instance.osName,
    ...instance.privateIps,
    ...instance.publicIps,
    ...instance.tags.map((t) => `${t.key}:${t.value}`),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

export class InstanceListState {
  profileId = $state<string | null>(null);
  instances = $state.raw<InstanceSummary[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  /** What kind of error (auth: the key was refused, so the list offers the profile's editor). */
  errorKind = $state<ErrorKind | null>(null);
  filter = $state('');
  readonly visible = $derived(this.instances.filter((i) => matchesFilter(i, this.filter)));

  constructor(
    private readonly load: (profileId: string) => Promise<InstanceSummary[]>,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeStorage(),
  ) {}

  /**
   * Later runs go straight to the profile the user chose before, if it still exists; else to the
   * default key profile, if there is one; else the first-run offer stays.
   */
  restore(exists: (profileId: string) => boolean = () => true, fallback: string | null = null): void {
    const remembered = this.read();
    const chosen = remembered && exists(remembered) ? remembered : fallback;
    if (chosen) void this.choose(chosen);
  }

  async choose(profileId: string): Promise<void> {
    this.profileId = profileId;
    this.write(profileId);
    await this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.profileId) return;
    this.loading = true;
    this.error = null;
    this.errorKind = null;
    try {
      this.instances = [...(await this.load(this.profileId))].sort(demoFirst);
    } catch (error) {
      this.error =
        error instanceof Error && error.message ? error.message : 'The instances could not be listed.';
      this.errorKind = (error as { kind?: ErrorKind }).kind ?? null;
    } finally {
      this.loading = false;
    }
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(REMEMBER_KEY) ?? null;
    } catch {
      return null;
    }
  }

  private write(profileId: string): void {
    try {
      this.storage?.setItem(REMEMBER_KEY, profileId);
    } catch {
      // Not remembering is fine: the next run offers the demo again.
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
