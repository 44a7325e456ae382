// A scripted stand-in for main's inventory channels: records calls, lets the test push events.
import type {
  CachedInventory,
  InventoryInstance,
  InventoryListingEvent,
  PowerOutcome,
  ProfileMarks,
} from '../../../src-main/contract';
import type { InventorySource } from '../../../src-renderer/inventory/inventory-store.svelte';

export function fakeSource(init: { cached?: Record<string, CachedInventory> } = {}) {
  const listingListeners = new Set<(e: InventoryListingEvent) => void>();
  const instanceListeners = new Set<(p: { profileId: string; instances: InventoryInstance[] }) => void>();
  const lists: { profileId: string; listingId: string; regions?: string[] }[] = [];
  const powers: Parameters<InventorySource['power']>[0][] = [];
  const cachedParts: { profileId: string; offset: number; limit: number }[] = [];
  let marks: Record<string, ProfileMarks> = {};
  let powerAnswer: (input: Parameters<InventorySource['power']>[0]) => PowerOutcome[] = (input) =>
    input.targets.map((t) => ({ ...t, outcome: 'accepted' }));
  const source: InventorySource = {
    list: async (input) => {
      lists.push(input);
      return { listingId: input.listingId };
    },
    cached: async (profileId) => init.cached?.[profileId] ?? null,
    cachedPart: async (profileId, offset, limit) => {
      cachedParts.push({ profileId, offset, limit });
      const cached = init.cached?.[profileId] ?? null;
      const total = cached?.instances.length ?? 0;
      return {
        cached: cached && { ...cached, instances: cached.instances.slice(offset, offset + limit) },
        total,
      };
    },
    power: async (input) => {
      powers.push(input);
      return powerAnswer(input);
    },
    marks: async () => marks,
    mark: async (input) => {
      const m = marks[input.profileId] ?? { favourites: [], recents: [] };
      const mark = { region: input.region, instanceId: input.instanceId };
      const favourites =
        input.favourite === true
          ? [...m.favourites, mark]
          : input.favourite === false
            ? m.favourites.filter((f) => f.instanceId !== input.instanceId)
            : m.favourites;
      const recents = input.opened ? [{ ...mark, openedAt: Date.now() }, ...m.recents] : m.recents;
      marks = { ...marks, [input.profileId]: { favourites, recents } };
      return marks[input.profileId]!;
    },
    onListing: (l) => (listingListeners.add(l), () => listingListeners.delete(l)),
    onInstances: (l) => (instanceListeners.add(l), () => instanceListeners.delete(l)),
  };
  return {
    source,
    lists,
    powers,
    /** The parts of the cache the store asked for, in order. */
    cachedParts,
    setPowerAnswer: (fn: typeof powerAnswer) => (powerAnswer = fn),
    /** The listing id of the last `inventory:list` call. */
    lastListing: () => lists.at(-1)!,
    emit: (event: InventoryListingEvent) => listingListeners.forEach((l) => l(event)),
    emitInstances: (profileId: string, instances: InventoryInstance[]) =>
      instanceListeners.forEach((l) => l({ profileId, instances })),
    /** Streams a whole listing of `rows` grouped by region, then done. */
    streamAll(rows: InventoryInstance[], opts: { failRegions?: Record<string, string> } = {}) {
      const { profileId, listingId } = lists.at(-1)!;
      const regions = [...new Set(rows.map((r) => r.region)), ...Object.keys(opts.failRegions ?? {})];
      const tag = { listingId, profileId };
      this.emit({
        ...tag,
        type: 'regions',
        regions: regions.map((region) => ({ region, name: `Name of ${region}` })),
      });
      for (const region of regions) {
        const code = opts.failRegions?.[region];
        if (code) {
          this.emit({
            ...tag,
            type: 'region',
            region,
            ok: false,
            count: 0,
            error: { kind: 'auth', code, message: `${code}!` },
          });
          continue;
        }
        const inRegion = rows.filter((r) => r.region === region);
        for (let i = 0; i < inRegion.length; i += 100) {
          this.emit({ ...tag, type: 'rows', region, instances: inRegion.slice(i, i + 100) });
        }
        this.emit({ ...tag, type: 'region', region, ok: true, count: inRegion.length });
      }
      this.emit({ ...tag, type: 'done' });
    },
  };
}
