// The inventory as main serves it: listings streamed region by region as events, the last known
// inventory of each profile, power actions, live state of moving instances, favourites and recents.
// Plain Node over injected pieces (a client per profile, the cache, the marks file, an emitter),
// so the handlers, the tests and the e2e bridge run exactly this.
import type { CvmClient, Instance } from '../cloud';
import type {
  CachedInventory,
  InventoryInstance,
  InventoryListingEvent,
  PowerAction,
  PowerOutcome,
  ProfileMarks,
} from '../contract';
import { toInstanceSummary } from '../handlers';
import { toErrorEnvelope } from '../common/errors';
import { mergeListing, type InventoryCache } from './inventory-cache';
import type { MarkChange, MarksStore } from './marks-store';
import { runPowerAction, type PowerRequest } from './power-actions';
import { FIRST_LISTING_REGIONS, listEverywhere } from './region-fanout';
import { StatePoller, isTransitional, type WatchedInstance } from './state-poller';
import type { Instance as CloudInstance } from '../cloud';

/** An instance as a power notice names it. */
export interface PowerTarget {
  region: string;
  instanceId: string;
  name: string;
}

/** A start, stop or reboot came to rest on every instance that accepted it. */
export interface PowerFinished {
  profileId: string;
  action: PowerAction;
  done: PowerTarget[];
  failed: PowerTarget[];
}

interface PowerBatch {
  profileId: string;
  action: PowerAction;
  /** `region/instanceId` of the instances still moving. */
  pending: Set<string>;
  done: PowerTarget[];
  failed: PowerTarget[];
}

export type InventoryClient = Pick<
  CvmClient,
  'describeRegions' | 'describeInstances' | 'startInstances' | 'stopInstances' | 'rebootInstances'
>;

export interface InventoryServiceDeps {
  /** The profile's client; throws (ProfileNotFound, …) for a profile that cannot be used. */
  clientFor(profileId: string): Promise<InventoryClient>;
  /** Throws for an unknown profile (marks are kept only for real profiles). */
  checkProfile(profileId: string): void;
  cache: InventoryCache;
  marks: MarksStore;
  emitListing(event: InventoryListingEvent): void;
  emitInstances(payload: { profileId: string; instances: InventoryInstance[] }): void;
  now?: () => number;
  warn?: (message: string) => void;
  /** Replaces the poller (tests drive one with fake timers). */
  poller?: StatePoller;
}

export function toInventoryInstance(i: Instance): InventoryInstance {
  return { ...toInstanceSummary(i), chargeType: i.chargeType };
}

export class InventoryService {
  private readonly listings = new Map<string, AbortController>();
  private readonly poller: StatePoller;
  private readonly now: () => number;
  /** Resolves when the listings started so far have ended (tests and close() wait on it). */
  private running = new Set<Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private readonly powerListeners = new Set<(finished: PowerFinished) => void>();
  private readonly batches = new Set<PowerBatch>();

  constructor(private readonly deps: InventoryServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.poller =
      deps.poller ??
      new StatePoller({
        describe: async (profileId, region, ids) =>
          (await deps.clientFor(profileId))
            .describeInstances({ region, ids, limit: ids.length })
            .then((page) => page.instances),
        emit: (profileId, instances) => this.fresh(profileId, instances.map(toInventoryInstance)),
        ended: (watch, end) => this.watchEnded(watch, end),
        listing: (profileId) => [...this.listings.keys()].some((k) => k.startsWith(`${profileId}\n`)),
      });
  }

  /** The last known inventory or the marks changed (the tray follows). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** A power action finished on every instance that accepted it (for a notification). */
  onPowerFinished(listener: (finished: PowerFinished) => void): () => void {
    this.powerListeners.add(listener);
    return () => void this.powerListeners.delete(listener);
  }

  private nameOf(profileId: string, region: string, instanceId: string, inst?: CloudInstance): string {
    if (inst?.name) return inst.name;
    const row = this.deps.cache
      .get(profileId)
      ?.instances.find((i) => i.region === region && i.instanceId === instanceId);
    return row?.name ?? '';
  }

  private watchEnded(
    watch: WatchedInstance,
    end: { inst?: CloudInstance; how: 'settled' | 'gone' | 'timeout' },
  ): void {
    const key = `${watch.region}/${watch.instanceId}`;
    // Every action still waiting on this instance ends here, not only the watch's own: a second
    // action sent before the first settled replaced the first's watch, and the first's notice would
    // never come. Each keeps its own notice, in the order they were sent.
    for (const batch of this.batches) {
      if (batch.profileId !== watch.profileId || !batch.pending.has(key)) continue;
      batch.pending.delete(key);
      const target = {
        region: watch.region,
        instanceId: watch.instanceId,
        name: this.nameOf(watch.profileId, watch.region, watch.instanceId, end.inst),
      };
      const ok = end.how === 'settled' && end.inst?.latestOperationState !== 'FAILED';
      (ok ? batch.done : batch.failed).push(target);
      if (batch.pending.size > 0) continue;
      this.batches.delete(batch);
      const { profileId, action, done, failed } = batch;
      for (const listener of this.powerListeners) listener({ profileId, action, done, failed });
    }
  }

  /** Fresh states of moving instances: to the windows, and into the cache held in memory. */
  private fresh(profileId: string, instances: InventoryInstance[]): void {
    this.deps.emitInstances({ profileId, instances });
    if (this.deps.cache.applyFresh(profileId, instances)) this.changed();
  }

  /**
   * Starts a listing and answers at once; its progress follows as events tagged `listingId`.
   * A new listing of the whole profile supersedes one still running; a Retry of some regions
   * supersedes an earlier Retry of the same regions.
   */
  async list(input: {
    profileId: string;
    listingId: string;
    regions?: string[];
  }): Promise<{ listingId: string }> {
    const { profileId, listingId, regions } = input;
    const client = await this.deps.clientFor(profileId);
    const scope = `${profileId}\n${regions ? [...regions].sort().join(',') : '*'}`;
    for (const [key, controller] of this.listings) {
      if (key === scope || (!regions && key.startsWith(`${profileId}\n`))) {
        controller.abort();
        this.listings.delete(key);
      }
    }
    const controller = new AbortController();
    this.listings.set(scope, controller);
    const run = this.runListing(
      client,
      { profileId, listingId, ...(regions ? { regions } : {}) },
      controller.signal,
    )
      .catch((err: unknown) => this.deps.warn?.(`inventory listing failed: ${String(err)}`))
      .finally(() => {
        if (this.listings.get(scope) === controller) this.listings.delete(scope);
        this.running.delete(run);
      });
    this.running.add(run);
    return { listingId };
  }

  private async runListing(
    client: InventoryClient,
    input: { profileId: string; listingId: string; regions?: string[] },
    signal: AbortSignal,
  ): Promise<void> {
    const { profileId, listingId } = input;
    const emit = (event: InventoryListingEvent): void => {
      if (!signal.aborted) this.deps.emitListing(event);
    };
    const tag = { listingId, profileId };
    const previous = this.deps.cache.get(profileId);
    const knownName = new Map((previous?.regions ?? []).map((r) => [r.region, r.name]));
    let names = (input.regions ?? []).map((region) => ({ region, name: knownName.get(region) ?? region }));
    const rows = new Map<string, InventoryInstance[]>();
    const ok = new Map<string, InventoryInstance[]>();
    // Moving instances are watched once the listing has ended: the poller's DescribeInstances
    // calls share the key's 40/s with the listing's pages, and would only delay its last ones.
    const moving: Instance[] = [];
    try {
      await listEverywhere(
        client,
        {
          regions: (regions) => {
            names = regions.map((r) => ({ region: r.region, name: r.name }));
            emit({ ...tag, type: 'regions', regions: names });
          },
          rows: (region, instances) => {
            const converted = instances.map(toInventoryInstance);
            const kept = rows.get(region);
            if (kept) kept.push(...converted);
            else rows.set(region, [...converted]);
            emit({ ...tag, type: 'rows', region, instances: converted });
            moving.push(...instances.filter((i) => isTransitional(i.rawState)));
          },
          region: (result) => {
            if (result.ok) {
              ok.set(result.region, rows.get(result.region) ?? []);
              emit({ ...tag, type: 'region', region: result.region, ok: true, count: result.count });
            } else {
              const error = toErrorEnvelope(result.error);
              emit({ ...tag, type: 'region', region: result.region, ok: false, count: result.count, error });
            }
          },
        },
        {
          ...(input.regions
            ? { regions: input.regions }
            : { early: previous ? previous.regions.map((r) => r.region) : FIRST_LISTING_REGIONS }),
          signal,
        },
      );
    } catch (err) {
      emit({ ...tag, type: 'done', error: toErrorEnvelope(err) });
      return;
    }
    if (signal.aborted) return;
    this.poller.watchMoving(profileId, moving);
    // The windows hear the end first: the cache's write (10,000 rows checked, sorted and written)
    // is main's own business and would hold the listing's end back by as long as it takes.
    emit({ ...tag, type: 'done' });
    if (ok.size > 0) {
      const next = mergeListing(
        previous,
        profileId,
        { regions: names, complete: !input.regions, ok },
        this.now(),
      );
      await this.deps.cache
        .save(next)
        .then(() => this.changed())
        .catch((err: unknown) => this.deps.warn?.(`inventory cache not saved: ${String(err)}`));
    }
  }

  cached(profileId: string): CachedInventory | null {
    return this.deps.cache.get(profileId) ?? null;
  }

  /**
   * What a window asks for (`inventory:cached`): as cached(), but once the save of a listing that
   * has just ended is through, since its end reaches the windows before that save.
   */
  async cachedForWindow(profileId: string): Promise<CachedInventory | null> {
    return (await this.deps.cache.afterSave(profileId)) ?? null;
  }

  /** Drops a profile's last known inventory (when the profile is removed). */
  async forget(profileId: string): Promise<void> {
    await this.deps.cache.remove(profileId);
    this.changed();
  }

  /** Sends the action; accepted (and unknown) instances are then watched until they settle. */
  async power(input: { profileId: string } & PowerRequest): Promise<PowerOutcome[]> {
    const { profileId, ...request } = input;
    const client = await this.deps.clientFor(profileId);
    const outcomes = await runPowerAction(client, request);
    const accepted = outcomes.filter((o) => o.outcome !== 'refused');
    // Refusals are answered at once (the dialog shows them); the notice counts them when it comes.
    if (accepted.length > 0) {
      this.batches.add({
        profileId,
        action: request.action,
        pending: new Set(accepted.map((o) => `${o.region}/${o.instanceId}`)),
        done: [],
        failed: outcomes
          .filter((o) => o.outcome === 'refused')
          .map((o) => ({
            region: o.region,
            instanceId: o.instanceId,
            name: this.nameOf(profileId, o.region, o.instanceId),
          })),
      });
    }
    for (const o of accepted) this.poller.watch(profileId, o.region, o.instanceId, request.action);
    return outcomes.map((o) => ({
      region: o.region,
      instanceId: o.instanceId,
      outcome: o.outcome,
      ...(o.error ? { error: toErrorEnvelope(o.error) } : {}),
    }));
  }

  /**
   * Follows an instance whose state was changed outside the inventory (a console's Start) until it
   * settles, so the inventory shows it without waiting for the next listing.
   */
  watch(profileId: string, region: string, instanceId: string, action?: PowerAction): void {
    this.poller.watch(profileId, region, instanceId, action);
  }

  marks(): Record<string, ProfileMarks> {
    return this.deps.marks.all();
  }

  async mark(change: MarkChange): Promise<ProfileMarks> {
    this.deps.checkProfile(change.profileId);
    const marks = await this.deps.marks.change(change);
    this.changed();
    return marks;
  }

  /** Waits for the listings under way (tests). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  close(): void {
    for (const controller of this.listings.values()) controller.abort();
    this.listings.clear();
    this.batches.clear();
    this.poller.stop();
  }
}
