// What the quick-connect palette searches: the inventory's last known cache of every profile and
// region (main's inventory:cached), with the favourites and recents, shown at once when it opens.
// In the background a profile whose cache is missing or older than STALE_AFTER_MS is listed again
// (inventory:list), and any listing that ends in this window (the palette's own or the list's)
// re-reads that profile's cache, so the results follow while the palette is open. A profile that
// fails keeps its cached rows. An ID no cache has is looked up in every region of one profile
// (main's instances:find).
import type {
  CachedInventory,
  InstanceRef,
  InventoryListingEvent,
  ProfileMarks,
  ProfileSummary,
} from '../../src-main/contract';
import { paletteEntries, type PaletteEntry } from './palette-search';
import { errorText } from '../lib/error-text';
import { t } from '../lib/translate';

export interface QuickConnectSource {
  profiles(): Promise<ProfileSummary[]>;
  cached(profileId: string): Promise<CachedInventory | null>;
  marks(): Promise<Record<string, ProfileMarks>>;
  /** Starts listing a profile (main answers at once; `inventory:listing` events follow). */
  list(input: { profileId: string; listingId: string }): Promise<unknown>;
  onListing(listener: (event: InventoryListingEvent) => void): () => void;
  find(profileId: string, instanceId: string): Promise<InstanceRef>;
}

/** A cache younger than this is not listed again when the palette opens (the list keeps it fresh). */
export const STALE_AFTER_MS = 5 * 60_000;

export interface QuickConnectOptions {
  now?: () => number;
  newListingId?: () => string;
}

export class QuickConnectState {
  profiles = $state.raw<ProfileSummary[]>([]);
  entries = $state.raw<PaletteEntry[]>([]);
  refreshing = $state(false);
  message = $state('');
  // Bookkeeping no view reads (views read `entries`, replaced whole).
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private byProfile = new Map<string, PaletteEntry[]>();
  private marks: Record<string, ProfileMarks> = {};
  /** The palette's own listings under way, per profile: how to tell one ended (ok or not). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly waiting = new Map<string, ((ok: boolean) => void)[]>();
  /** Listings seen under way in this window (the list's too), per profile: not started again. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly busy = new Map<string, Set<string>>();
  private running: Promise<void> | undefined;
  private offListing: (() => void) | undefined;
  private readonly now: () => number;
  private readonly newListingId: () => string;

  constructor(
    private readonly source: QuickConnectSource,
    options: QuickConnectOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    let n = 0;
    this.newListingId = options.newListingId ?? (() => `q${Date.now().toString(36)}${(n++).toString(36)}`);
  }

  /**
   * Shows every profile's cache, then refreshes stale ones in the background; one refresh at a
   * time (a second call joins the running one). Resolves when the background listings ended.
   */
  refresh(): Promise<void> {
    this.follow();
    return (this.running ??= this.load().finally(() => (this.running = undefined)));
  }

  /** Where an ID no listing has lives in `profileId`, or null (the message says why). */
  async lookup(instanceId: string, profileId: string): Promise<InstanceRef | null> {
    this.message = '';
    try {
      return await this.source.find(profileId, instanceId);
    } catch (error) {
      this.message = errorText(error, t('palette.lookupFailed', { id: instanceId }));
      return null;
    }
  }

  /** Stops following listings (the palette's window or overlay went away). */
  dispose(): void {
    this.offListing?.();
    this.offListing = undefined;
    for (const list of this.waiting.values()) for (const done of list) done(false);
    this.waiting.clear();
  }

  /** Every listing that ends in this window refreshes that profile's entries. */
  private follow(): void {
    if (this.offListing) return;
    try {
      this.offListing = this.source.onListing((event) => {
        // Bookkeeping no view reads.
        // eslint-disable-next-line svelte/prefer-svelte-reactivity
        const busy = this.busy.get(event.profileId) ?? new Set<string>();
        this.busy.set(event.profileId, busy);
        if (event.type !== 'done') return void busy.add(event.listingId);
        busy.delete(event.listingId);
        // Any listing of the profile that ends will do: one may have superseded the other.
        for (const done of this.waiting.get(event.profileId) ?? []) done(event.error === undefined);
        this.waiting.delete(event.profileId);
        if (this.profiles.some((p) => p.id === event.profileId))
          void this.reread(event.profileId).catch(() => {});
      });
    } catch {
      // No bridge (a test page): the palette still shows the cache.
    }
  }

  private async reread(profileId: string): Promise<CachedInventory | null> {
    const profile = this.profiles.find((p) => p.id === profileId);
    if (!profile) return null;
    const cached = await this.source.cached(profileId);
    this.byProfile.set(profileId, paletteEntries(profile, cached, this.marks[profileId]));
    this.publish();
    return cached;
  }

  private publish(): void {
    this.entries = this.profiles.flatMap((p) => this.byProfile.get(p.id) ?? []);
  }

  private async load(): Promise<void> {
    this.refreshing = true;
    try {
      const [profiles, marks] = await Promise.all([
        this.source.profiles(),
        this.source.marks().catch(() => ({})),
      ]);
      this.profiles = profiles;
      this.marks = marks;
      for (const id of [...this.byProfile.keys()]) {
        if (!profiles.some((p) => p.id === id)) this.byProfile.delete(id);
      }
      const caches = await Promise.all(profiles.map((p) => this.reread(p.id).catch(() => null)));
      // Without events nothing would tell a listing ended: the cache alone is shown then.
      const stale = !this.offListing
        ? []
        : profiles.filter((p, i) => {
            const cached = caches[i];
            if ((this.busy.get(p.id)?.size ?? 0) > 0) return false;
            return !cached || this.now() - cached.savedAt > STALE_AFTER_MS;
          });
      const failed: string[] = [];
      await Promise.all(
        stale.map(async (profile) => {
          if (!(await this.listAgain(profile.id))) failed.push(profile.name);
        }),
      );
      this.message = failed.length ? t('palette.refreshFailed', { profiles: failed.join(', ') }) : '';
    } catch (error) {
      this.message = errorText(error, t('palette.profilesFailed'));
    } finally {
      this.refreshing = false;
    }
  }

  /** Lists a profile again and waits for its end (its entries follow through `follow`). */
  private async listAgain(profileId: string): Promise<boolean> {
    const listingId = this.newListingId();
    let settle: (ok: boolean) => void = () => {};
    const ended = new Promise<boolean>((resolve) => (settle = resolve));
    this.waiting.set(profileId, [...(this.waiting.get(profileId) ?? []), settle]);
    try {
      await this.source.list({ profileId, listingId });
    } catch {
      this.waiting.set(
        profileId,
        (this.waiting.get(profileId) ?? []).filter((s) => s !== settle),
      );
      return false;
    }
    return ended;
  }
}
