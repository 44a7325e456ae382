// The inventory the table shows: the rows of every open profile, merged in place as listings
// stream in (a refresh keeps rows, selection and scroll; rows that vanished are removed only when
// their region answered), each region's status, the last known list at start, favourites and
// recents, and power actions with per-instance progress. Talks to main through `InventorySource`
// (api.ts in the app, a fake in tests).
//
// The plain Maps and Sets below are local working values, snapshots replaced whole (the chips) or
// bookkeeping no view reads; what views read is $state, SvelteSet or SvelteMap, declared as such.
/* eslint-disable svelte/prefer-svelte-reactivity */
import { afterPaint, nextFrame } from '../lib/after-paint';
import { INTERNAL_ERROR, toErrorEnvelope } from '../../src-main/common/errors';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { t } from '../lib/i18n.svelte';
import type {
  CachedInventory,
  ErrorEnvelope,
  InventoryInstance,
  InventoryListingEvent,
  PowerAction,
  PowerOutcome,
  ProfileMarks,
} from '../../src-main/contract';
import { followState, type PowerProgress } from './power-plan';
import {
  NO_FILTERS,
  SearchIndex,
  rowKey,
  type Filters,
  type InventoryRow,
  type SortOrder,
} from './search-index';

export interface InventorySource {
  list(input: { profileId: string; listingId: string; regions?: string[] }): Promise<unknown>;
  cached(profileId: string): Promise<CachedInventory | null>;
  /** `limit` of the cache's instances from `offset`, and how many it holds in all. */
  cachedPart(
    profileId: string,
    offset: number,
    limit: number,
  ): Promise<{ cached: CachedInventory | null; total: number }>;
  power(input: {
    profileId: string;
    action: PowerAction;
    targets: { region: string; instanceId: string }[];
    stopType?: 'SOFT' | 'HARD' | 'SOFT_FIRST';
    stoppedMode?: 'KEEP_CHARGING' | 'STOP_CHARGING';
  }): Promise<PowerOutcome[]>;
  marks(): Promise<Record<string, ProfileMarks>>;
  mark(input: {
    profileId: string;
    region: string;
    instanceId: string;
    favourite?: boolean;
    opened?: true;
  }): Promise<ProfileMarks>;
  onListing(listener: (event: InventoryListingEvent) => void): () => void;
  onInstances(listener: (payload: { profileId: string; instances: InventoryInstance[] }) => void): () => void;
}

export type RegionStatus = { region: string; name: string; count: number } & (
  | { status: 'cached'; listedAt: number }
  | { status: 'loading'; listedAt: number | null }
  | { status: 'ok'; listedAt: number }
  /** `listedAt`: when the rows still shown for it were listed (null: none). */
  | { status: 'error'; error: ErrorEnvelope; listedAt: number | null }
);

export interface ProfileView {
  profileId: string;
  name: string;
  regions: RegionStatus[];
  /** The listing under way, if any. */
  listingId: string | null;
  /** The last listing failed as a whole (its rows are the earlier ones): the banner's cause. */
  failure: ErrorEnvelope | null;
  /** The key was refused: every row of the profile says so, with a link to fix it. */
  keyRefused: ErrorEnvelope | null;
}

/** Codes that mean the profile's key itself is refused, not one region. */
const KEY_REFUSED =
  /^(AuthFailure\.(SecretIdNotFound|SignatureFailure|InvalidSecretId|TokenFailure|InvalidAuthorization)|Credentials|ProfileNotFound)/;

export function isKeyRefusal(error: ErrorEnvelope): boolean {
  return error.kind === 'auth' && KEY_REFUSED.test(error.code);
}

/** Tags offered as chips (the most common; any tag can still be searched as key:value). */
export const MAX_TAG_CHIPS = 12;

/** Cached rows indexed before the first paint: more than any screen shows (30 px rows). */
const FIRST_SCREEN = 200;

/**
 * While a listing streams, the table is updated at most this often (ms); its first rows and its
 * end are shown at the next frame. A listing's 111 pages come 25 ms apart, and each update costs
 * the page about as much as a scroll frame (40 rows rewritten and laid out): on the two cores
 * main shares with the page, that CPU was the listing's own. Four updates a second (was ten) took
 * about 12% off the page's CPU while listing 10,000 rows (docs/benchmarks.md, s28).
 */
export const STREAM_UPDATE_MS = 250;

export interface StoreOptions {
  now?: () => number;
  /** Coalesces bursts of streamed pages into one update (default: the next animation frame). */
  schedule?: (flush: () => void) => void;
  newListingId?: () => string;
  /** The longest the rest of the cache waits for the first paint (a hidden window has none). */
  paintWaitMs?: number;
}

/**
 * Per listing: the keys each region had before it and the keys it has sent so far; as its events
 * arrive, whether any (and any of its rows) was applied yet, whether the cache it starts from is in (its events wait
 * until then), and how many regions have still to end (null: not known).
 */
interface Listing {
  before: Map<string, Set<string>>;
  seen: Map<string, Set<string>>;
  started: boolean;
  rowsStarted: boolean;
  ready: boolean;
  regionsLeft: number | null;
}

export class InventoryStore {
  readonly profiles = $state<ProfileView[]>([]);
  query = $state('');
  filters = $state.raw<Filters>(NO_FILTERS);
  sort = $state<SortOrder>({ column: 'name', descending: false });
  readonly selection = new SvelteSet<string>();
  /** The row the keyboard is on. */
  cursor = $state<string | null>(null);
  marks = $state.raw<Record<string, ProfileMarks>>({});
  readonly progress = new SvelteMap<string, PowerProgress>();
  /** Bumped whenever the rows change; everything derived from the rows reads it. */
  private rowsVersion = $state(0);

  private readonly index = new SearchIndex();
  private readonly now: () => number;
  private readonly schedule: (flush: () => void) => void;
  private readonly newListingId: () => string;
  private readonly paintWaitMs: number;
  private pending: InventoryRow[] = [];
  private prefetched: {
    profileId: string;
    part: Promise<{ cached: CachedInventory | null; total: number } | null>;
  } | null = null;
  /** Listing events not applied yet (see onListing). */
  private events: InventoryListingEvent[] = [];
  /** Cached rows beyond the first screen, indexed after the first paint (see open()). */
  private deferred: InventoryRow[] = [];
  private deferredCount = $state(0);
  private flushQueued = false;
  private readonly listings = new Map<string, Listing>();
  /** When the last update was applied (performance.now), and the wait for the next, if any. */
  private lastFlushAt = -Infinity;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: (() => void)[] = [];

  readonly visible: InventoryRow[] = $derived.by(() => {
    void this.rowsVersion;
    return this.index.search(this.query, this.filters, this.sort);
  });

  readonly total: number = $derived.by(() => {
    void this.rowsVersion;
    return this.index.size + this.deferredCount;
  });

  /** "12 of 10,000 · 17 of 18 regions" */
  readonly countText: string = $derived.by(() => {
    const regions = this.profiles.flatMap((p) => p.regions);
    const listed = regions.filter((r) => r.status === 'ok' || r.status === 'cached').length;
    const rows = t('inventory.count', { shown: this.visible.length, total: this.total });
    return regions.length ? t('inventory.countRegions', { rows, listed, regions: regions.length }) : rows;
  });

  /** What the chips offer: the states, the most common tags and the profiles among the rows. */
  readonly facets: { states: [string, number][]; tags: [string, number][]; profiles: string[] } = $derived.by(
    () => {
      void this.rowsVersion;
      const { states, tags } = this.index.facets();
      return { states, tags: tags.slice(0, MAX_TAG_CHIPS), profiles: this.profiles.map((p) => p.profileId) };
    },
  );

  /** When the rows shown are from the last run (not refreshed yet, or their refresh failed). */
  readonly staleSince: number | null = $derived.by(() => {
    const times = this.profiles.flatMap((p) =>
      p.regions.filter((r) => r.status !== 'ok' && r.listedAt !== null).map((r) => r.listedAt as number),
    );
    return times.length ? Math.min(...times) : null;
  });

  /** The language main last asked Tencent in (see tencentLanguageChanged). */
  private tencentLanguage: string | undefined;

  constructor(
    private readonly source: InventorySource,
    options: StoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.paintWaitMs = options.paintWaitMs ?? 250;
    this.schedule = options.schedule ?? nextFrame;
    let n = 0;
    this.newListingId = options.newListingId ?? (() => `l${Date.now().toString(36)}${(n++).toString(36)}`);
  }

  /** Main's events are listened to from the first profile shown: a first run asks main for nothing. */
  private subscribe(): void {
    if (this.unsubscribe.length > 0) return;
    this.unsubscribe.push(
      this.source.onListing((event) => this.onListing(event)),
      this.source.onInstances(({ profileId, instances }) => this.onInstances(profileId, instances)),
    );
  }

  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    clearTimeout(this.flushTimer);
  }

  profile(profileId: string): ProfileView | undefined {
    return this.profiles.find((p) => p.profileId === profileId);
  }

  row(key: string): InventoryRow | undefined {
    void this.rowsVersion;
    return this.index.get(key);
  }

  /**
   * Shows a profile: its last known list at once (from the cache), then a fresh listing. With
   * `confirmed`, the profile is not known to exist yet (the window's remembered choice, shown
   * while the profiles are read): its cached rows are shown, and it is listed only if that
   * resolves true.
   */
  async open(profileId: string, name = profileId, confirmed?: Promise<boolean>): Promise<void> {
    this.subscribe();
    if (!this.profile(profileId)) {
      this.profiles.push({ profileId, name, regions: [], listingId: null, failure: null, keyRefused: null });
    }
    void this.loadMarks();
    // The first screen first: main saves the cache in the default order (by name), so its first
    // rows are the top of the table. Carrying and indexing 10,000 rows (search text, sort keys)
    // would delay the first paint; the rest is asked for, and indexed, once the page has painted.
    const cacheIn = this.takeCache(profileId);
    // A profile known to exist is listed at once, beside the cache's question: on a first run
    // (an empty cache) its rows no longer wait for that answer and the table's first render.
    // The listing's events are applied only once the cache is in (see startListing).
    if (!confirmed) return this.startListing(profileId, undefined, cacheIn);
    await cacheIn;
    if (!(await confirmed)) return;
    await this.refresh(profileId);
  }

  /** The profile's cached list: its first screen now, the rest after the paint. */
  private async takeCache(profileId: string): Promise<void> {
    const first = await this.firstScreen(profileId);
    const view = this.profile(profileId);
    if (first?.cached && view && view.regions.length === 0) {
      view.regions = first.cached.regions.map((r) => ({ ...r, status: 'cached' as const }));
      this.index.upsert(first.cached.instances.map((i) => toRow(profileId, i)));
      // The count says at once how many rows the cache holds.
      this.deferredCount = Math.max(0, first.total - first.cached.instances.length);
      this.rowsVersion += 1;
      if (this.deferredCount > 0) await this.loadRest(profileId, first.cached.savedAt, first.total);
    }
  }

  /**
   * Asks main for a profile's first cached screen now, before the window knows it will show that
   * profile (the one remembered from the last run): its answer then travels while the window
   * reads its profiles, and open() takes it.
   */
  prefetch(profileId: string): void {
    this.prefetched = {
      profileId,
      part: this.source.cachedPart(profileId, 0, FIRST_SCREEN).catch(() => null),
    };
    // Meanwhile the page is idle: the count's first number format, which costs tens of ms the
    // first time a page formats a number (Intl's locale data), is made now instead of in the paint.
    setTimeout(() => void t('inventory.count', { shown: 0, total: 0 }), 0);
  }

  private firstScreen(profileId: string): Promise<{ cached: CachedInventory | null; total: number } | null> {
    const ahead = this.prefetched;
    this.prefetched = null;
    return ahead?.profileId === profileId
      ? ahead.part
      : this.source.cachedPart(profileId, 0, FIRST_SCREEN).catch(() => null);
  }

  /**
   * The cached rows beyond the first screen, asked for after the first paint; they are indexed
   * before the listing's first event applies (a listing's rows are newer), and the listing starts
   * after them so that it knows every row it may have to remove.
   */
  private async loadRest(profileId: string, savedAt: number, total: number): Promise<void> {
    // After the paint; a hidden window paints nothing, so the listing does not wait for it long.
    await afterPaint(this.paintWaitMs, this.schedule);
    let rest = await this.source.cachedPart(profileId, FIRST_SCREEN, total).catch(() => null);
    // Saved again meanwhile (another window's listing): the new list, whole, replaces the first screen's rows.
    if (rest?.cached && rest.cached.savedAt !== savedAt)
      rest = await this.source.cachedPart(profileId, 0, rest.total).catch(() => null);
    if (!this.profile(profileId)) return;
    this.deferred.push(...(rest?.cached?.instances ?? []).map((i) => toRow(profileId, i)));
    this.deferredCount = this.deferred.length;
    this.schedule(() => setTimeout(() => this.applyDeferred(), 0));
  }

  /**
   * Shows exactly these profiles (one chosen profile, or all of them): the others are closed, and
   * those not shown yet are opened (their cached list at once, then a listing).
   */
  async show(profiles: readonly { profileId: string; name: string }[]): Promise<void> {
    const keep = new Set(profiles.map((p) => p.profileId));
    for (const view of [...this.profiles]) if (!keep.has(view.profileId)) this.close(view.profileId);
    // A profile opened before its name was known (see open) takes it now.
    for (const p of profiles) {
      const view = this.profile(p.profileId);
      if (view && view.name !== p.name) view.name = p.name;
    }
    await Promise.all(
      profiles.filter((p) => !this.profile(p.profileId)).map((p) => this.open(p.profileId, p.name)),
    );
  }

  /** Stops showing a profile: its rows, regions and listings go; its late events are ignored. */
  close(profileId: string): void {
    const at = this.profiles.findIndex((p) => p.profileId === profileId);
    if (at < 0) return;
    this.profiles.splice(at, 1);
    // Listings still running for it: their events find no profile and are dropped (onListing).
    this.pending = this.pending.filter((r) => r.profileId !== profileId);
    this.deferred = this.deferred.filter((r) => r.profileId !== profileId);
    this.deferredCount = this.deferred.length;
    this.removeRows(
      this.index
        .all()
        .filter((r) => r.profileId === profileId)
        .map((r) => r.key),
    );
    for (const key of [...this.progress.keys()])
      if (key.startsWith(`${profileId}/`)) this.progress.delete(key);
    if (this.filters.profiles.has(profileId)) this.toggleFilter('profiles', profileId);
  }

  /** Indexes the cached rows held back from the first paint. */
  private applyDeferred(): void {
    if (this.deferred.length === 0) return;
    const rows = this.deferred;
    this.deferred = [];
    this.deferredCount = 0;
    this.index.upsert(rows);
    this.rowsVersion += 1;
  }

  /** Lists the profile again (every region, or only `regions`: a Retry). Rows stay meanwhile. */
  refresh(profileId: string, regions?: string[]): Promise<void> {
    return this.startListing(profileId, regions);
  }

  /**
   * Asks main for a listing now. With `ready` (the cache still on its way), its events wait in
   * the queue until `ready` settles: only then are the rows it may remove known.
   */
  private async startListing(profileId: string, regions?: string[], ready?: Promise<void>): Promise<void> {
    const view = this.profile(profileId);
    if (!view) return;
    const listingId = this.newListingId();
    const listing: Listing = {
      before: new Map(),
      seen: new Map(),
      started: false,
      rowsStarted: false,
      ready: !ready,
      regionsLeft: regions ? new Set(regions).size : null,
    };
    this.listings.set(listingId, listing);
    if (!regions) view.listingId = listingId;
    const prepare = (): void => {
      for (const row of [...this.index.all(), ...this.deferred]) {
        if (row.profileId !== profileId || (regions && !regions.includes(row.region))) continue;
        const keys = listing.before.get(row.region) ?? new Set<string>();
        keys.add(row.key);
        listing.before.set(row.region, keys);
      }
      view.regions = view.regions.map((r) =>
        !regions || regions.includes(r.region)
          ? { region: r.region, name: r.name, count: r.count, status: 'loading', listedAt: r.listedAt }
          : r,
      );
    };
    if (!ready) prepare();
    const asked = this.source.list({ profileId, listingId, ...(regions ? { regions } : {}) });
    if (ready) {
      await ready.catch(() => {});
      prepare();
      listing.ready = true;
      if (this.events.length > 0) this.queueFlush();
    }
    try {
      await asked;
    } catch (err) {
      this.onListing({ listingId, profileId, type: 'done', error: toEnvelope(err) });
    }
  }

  /**
   * The language Tencent answers in (X-TC-Language: zh-CN or en-US) is now `language`. The first
   * call only notes it; a change lists every shown profile again, so the region names
   * (DescribeRegions' RegionName, which Tencent translates) come in the new language at once.
   */
  async tencentLanguageChanged(language: string): Promise<void> {
    const before = this.tencentLanguage;
    this.tencentLanguage = language;
    if (before === undefined || before === language) return;
    await Promise.all(this.profiles.map((p) => this.refresh(p.profileId)));
  }

  retryRegion(profileId: string, region: string): Promise<void> {
    return this.refresh(profileId, [region]);
  }

  /**
   * Main's events are applied together once a frame: a listing sends 100+ of them, each its own
   * task, and applying each at once made Svelte update the table, the count and the region strip
   * once per event.
   */
  private onListing(event: InventoryListingEvent): void {
    this.events.push(event);
    this.queueFlush(this.shownAtOnce(event));
  }

  /**
   * A listing's first event and its end are shown at the next frame; the pages between wait for
   * the next update (STREAM_UPDATE_MS), so that a listing costs the page a few updates, not one a page.
   */
  private shownAtOnce(event: InventoryListingEvent): boolean {
    const listing = this.listings.get(event.listingId);
    if (!listing || event.type === 'done') return true;
    // Its first event, and its first rows: DescribeRegions' answer comes just before the first
    // pages, and the first rows are what the user waits for (not the next update, 100 ms later).
    const first = !listing.started || (event.type === 'rows' && !listing.rowsStarted);
    listing.started = true;
    if (event.type === 'rows') listing.rowsStarted = true;
    if (event.type === 'regions') listing.regionsLeft = event.regions.length;
    if (event.type === 'region' && listing.regionsLeft !== null) listing.regionsLeft -= 1;
    return first || listing.regionsLeft === 0;
  }

  private applyListing(event: InventoryListingEvent): void {
    this.applyDeferred(); // a listing's rows and removals apply to every cached row
    const listing = this.listings.get(event.listingId);
    const view = this.profile(event.profileId);
    // A listing of a profile closed meanwhile: nothing to show, and its end frees it.
    if (listing && !view && event.type === 'done') this.listings.delete(event.listingId);
    if (!listing || !view) return;
    switch (event.type) {
      case 'regions': {
        const old = new Map(view.regions.map((r) => [r.region, r]));
        view.regions = event.regions.map(({ region, name }) => {
          const prev = old.get(region);
          return {
            region,
            name,
            count: prev?.count ?? 0,
            status: 'loading',
            listedAt: prev?.listedAt ?? null,
          };
        });
        return;
      }
      case 'rows': {
        const seen = listing.seen.get(event.region) ?? new Set<string>();
        listing.seen.set(event.region, seen);
        for (const inst of event.instances) {
          const row = toRow(event.profileId, inst);
          seen.add(row.key);
          this.pending.push(row);
        }
        this.updateRegion(view, event.region, (r) => ({ ...r, count: seen.size }));
        return;
      }
      case 'region': {
        this.applyPending();
        if (event.ok) {
          const seen = listing.seen.get(event.region) ?? new Set<string>();
          const gone = [...(listing.before.get(event.region) ?? [])].filter((k) => !seen.has(k));
          this.removeRows(gone);
          const listedAt = this.now();
          this.updateRegion(view, event.region, (r) => ({
            region: r.region,
            name: r.name,
            count: event.count,
            status: 'ok',
            listedAt,
          }));
        } else {
          const kept = listing.before.get(event.region)?.size ?? 0;
          this.updateRegion(view, event.region, (r) => ({
            region: r.region,
            name: r.name,
            count: Math.max(kept, event.count),
            status: 'error',
            error: event.error,
            listedAt: r.listedAt,
          }));
        }
        return;
      }
      case 'done': {
        this.applyPending();
        this.listings.delete(event.listingId);
        if (view.listingId === event.listingId) view.listingId = null;
        // Regions the listing never reported on keep what they had before it.
        view.regions = view.regions.map((r) =>
          r.status !== 'loading'
            ? r
            : r.listedAt !== null
              ? { region: r.region, name: r.name, count: r.count, status: 'cached', listedAt: r.listedAt }
              : { ...r, status: 'error', error: event.error ?? interrupted(), listedAt: null },
        );
        if (event.error) {
          view.failure = event.error;
          view.keyRefused = isKeyRefusal(event.error) ? event.error : null;
        } else {
          view.failure = null;
          const errors = view.regions.filter((r) => r.status === 'error');
          const refused =
            errors.length > 0 &&
            errors.length === view.regions.length &&
            errors.every((r) => r.status === 'error' && isKeyRefusal(r.error));
          view.keyRefused = refused ? (errors[0] as { error: ErrorEnvelope }).error : null;
        }
      }
    }
  }

  private onInstances(profileId: string, instances: InventoryInstance[]): void {
    if (!this.profile(profileId)) return;
    this.applyDeferred();
    for (const inst of instances) this.pending.push(toRow(profileId, inst));
    this.queueFlush();
  }

  private updateRegion(view: ProfileView, region: string, update: (r: RegionStatus) => RegionStatus): void {
    const at = view.regions.findIndex((r) => r.region === region);
    if (at >= 0) view.regions[at] = update(view.regions[at]!);
    else view.regions.push(update({ region, name: region, count: 0, status: 'loading', listedAt: null }));
  }

  /** Asks for an update at the next frame, or (`soon` false) once STREAM_UPDATE_MS have passed since the last. */
  private queueFlush(soon = true): void {
    if (this.flushQueued) return;
    const wait = this.lastFlushAt + STREAM_UPDATE_MS - performance.now();
    if (!soon && wait > 0) {
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        this.queueFlush();
      }, wait);
      return;
    }
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushQueued = true;
    this.schedule(() => this.flush());
  }

  /** Applies the events and rows received since the last flush, in one update of the table. */
  private flush(): void {
    this.flushQueued = false;
    this.lastFlushAt = performance.now();
    // In order, up to the first event of a listing still waiting for the cache (startListing).
    const waiting = this.events.findIndex((e) => this.listings.get(e.listingId)?.ready === false);
    const events = waiting < 0 ? this.events : this.events.slice(0, waiting);
    this.events = waiting < 0 ? [] : this.events.slice(waiting);
    for (const event of events) this.applyListing(event);
    this.applyPending();
  }

  /** Indexes the rows received so far (before a region's removals and a listing's end). */
  private applyPending(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.index.upsert(rows);
    for (const row of rows) {
      const progress = this.progress.get(row.key);
      if (progress) {
        const next = followState(progress, row.state);
        if (next !== progress) this.progress.set(row.key, next);
      }
    }
    this.rowsVersion += 1;
  }

  private removeRows(keys: string[]): void {
    if (keys.length === 0) return;
    this.index.remove(keys);
    for (const key of keys) this.selection.delete(key);
    this.rowsVersion += 1;
  }

  // ---- chips, selection ----

  toggleFilter(kind: keyof Filters, value: string): void {
    const next = new Set(this.filters[kind]);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    this.filters = { ...this.filters, [kind]: next };
  }

  clearFilters(): void {
    this.filters = NO_FILTERS;
  }

  sortBy(column: SortOrder['column']): void {
    this.sort =
      this.sort.column === column
        ? { column, descending: !this.sort.descending }
        : { column, descending: false };
  }

  toggleSelected(key: string): void {
    if (this.selection.has(key)) this.selection.delete(key);
    else this.selection.add(key);
  }

  selectedRows(): InventoryRow[] {
    return [...this.selection]
      .map((k) => this.index.get(k))
      .filter((r): r is InventoryRow => r !== undefined);
  }

  // ---- favourites and recents ----

  private async loadMarks(): Promise<void> {
    const marks = await this.source.marks().catch(() => undefined);
    if (marks) this.applyMarks(marks);
  }

  private applyMarks(marks: Record<string, ProfileMarks>): void {
    this.marks = marks;
    const pinned = new Set<string>();
    for (const [profileId, m] of Object.entries(marks)) {
      for (const f of m.favourites) pinned.add(rowKey(profileId, f.instanceId));
    }
    this.index.setPinned(pinned);
    this.rowsVersion += 1;
  }

  isFavourite(row: InventoryRow): boolean {
    return (this.marks[row.profileId]?.favourites ?? []).some((f) => f.instanceId === row.instanceId);
  }

  async toggleFavourite(row: InventoryRow): Promise<void> {
    const updated = await this.source.mark({
      profileId: row.profileId,
      region: row.region,
      instanceId: row.instanceId,
      favourite: !this.isFavourite(row),
    });
    this.applyMarks({ ...this.marks, [row.profileId]: updated });
  }

  /** Recently opened instances of the open profiles, newest first, as rows. */
  readonly recents: InventoryRow[] = $derived.by(() => {
    void this.rowsVersion;
    return Object.entries(this.marks)
      .flatMap(([profileId, m]) => m.recents.map((r) => ({ ...r, profileId })))
      .sort((a, b) => b.openedAt - a.openedAt)
      .map((r) => this.index.get(rowKey(r.profileId, r.instanceId)))
      .filter((r): r is InventoryRow => r !== undefined)
      .slice(0, 8);
  });

  async recordOpened(row: InventoryRow): Promise<void> {
    const updated = await this.source
      .mark({ profileId: row.profileId, region: row.region, instanceId: row.instanceId, opened: true })
      .catch(() => undefined);
    if (updated) this.marks = { ...this.marks, [row.profileId]: updated };
  }

  // ---- power actions ----

  /** Sends the action for these rows (one call per profile); progress follows per row. */
  async power(
    action: PowerAction,
    rows: readonly InventoryRow[],
    options: {
      stopType?: 'SOFT' | 'HARD' | 'SOFT_FIRST';
      stoppedMode?: 'KEEP_CHARGING' | 'STOP_CHARGING';
    } = {},
  ): Promise<void> {
    const byProfile = new Map<string, InventoryRow[]>();
    for (const row of rows) {
      byProfile.set(row.profileId, [...(byProfile.get(row.profileId) ?? []), row]);
      this.progress.set(row.key, { action, phase: 'sending', moved: false });
    }
    await Promise.all(
      [...byProfile].map(async ([profileId, group]) => {
        let outcomes: PowerOutcome[];
        try {
          outcomes = await this.source.power({
            profileId,
            action,
            targets: group.map((r) => ({ region: r.region, instanceId: r.instanceId })),
            ...options,
          });
        } catch (err) {
          const error = toEnvelope(err);
          for (const r of group) this.progress.set(r.key, { action, phase: 'refused', error, moved: false });
          return;
        }
        for (const o of outcomes) {
          const key = rowKey(profileId, o.instanceId);
          const phase = o.outcome === 'accepted' ? 'accepted' : o.outcome;
          this.progress.set(key, { action, phase, moved: false, ...(o.error ? { error: o.error } : {}) });
        }
      }),
    );
  }

  dismissProgress(key: string): void {
    this.progress.delete(key);
  }
}

function toRow(profileId: string, inst: InventoryInstance): InventoryRow {
  return { ...inst, profileId, key: rowKey(profileId, inst.instanceId) };
}

function interrupted(): ErrorEnvelope {
  return {
    kind: 'network',
    code: 'ListingInterrupted',
    message: 'The listing ended before this region answered.',
    messageKey: 'inventory.listingInterrupted',
  };
}

/** A thrown EnvelopeError (api.ts) carries the envelope's fields; anything else is an internal error. */
function toEnvelope(err: unknown): ErrorEnvelope {
  return toErrorEnvelope(err, () => ({
    ...INTERNAL_ERROR,
    message: 'The inventory could not be listed.',
    messageKey: 'inventory.listFailed',
  }));
}
