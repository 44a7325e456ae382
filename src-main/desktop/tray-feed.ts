// What the tray lists, from the inventory's last known cache and the marks: every favourite and
// recent instance of the profiles listed (named and stated from the cache when it knows them), and
// every running instance in the cache. One entry per instance, so a favourite that is running is
// not listed twice in a profile's submenu; the template (tray-menu.ts) orders and caps them.
import type { CachedInventory, InventoryInstance, ProfileMarks } from '../contract';
import type { TrayInstance, TrayMenuInput, TrayProfile } from './tray-menu';

export interface TraySources {
  profiles(): readonly TrayProfile[];
  /** The profile whose running instances lead the menu. */
  defaultProfileId(): string | undefined;
  cached(profileId: string): CachedInventory | undefined | null;
  marks(): Record<string, ProfileMarks>;
  consoles(): TrayMenuInput['consoles'];
  maxRunning(): number;
}

const keyOf = (region: string, instanceId: string) => `${region}/${instanceId}`;

/** An instance the cache no longer (or not yet) knows: its id stands for its name. */
function unknownInstance(profileId: string, region: string, instanceId: string): TrayInstance {
  return { profileId, region, instanceId, name: instanceId, state: 'UNKNOWN' };
}

function fromCache(profileId: string, i: InventoryInstance): TrayInstance {
  return { profileId, region: i.region, instanceId: i.instanceId, name: i.name, state: i.state };
}

export function trayInstances(
  profiles: readonly TrayProfile[],
  cached: (profileId: string) => CachedInventory | undefined | null,
  marks: Record<string, ProfileMarks>,
): TrayInstance[] {
  const out: TrayInstance[] = [];
  for (const { id: profileId } of profiles) {
    const rows = cached(profileId)?.instances ?? [];
    const own = marks[profileId] ?? { favourites: [], recents: [] };
    const entries = new Map<string, TrayInstance>();
    const known = new Map<string, InventoryInstance>();
    if (own.favourites.length + own.recents.length > 0) {
      for (const r of rows) known.set(keyOf(r.region, r.instanceId), r);
    }
    const entryOf = (region: string, instanceId: string): TrayInstance => {
      const key = keyOf(region, instanceId);
      let entry = entries.get(key);
      if (!entry) {
        const row = known.get(key);
        entry = row ? fromCache(profileId, row) : unknownInstance(profileId, region, instanceId);
        entries.set(key, entry);
      }
      return entry;
    };
    for (const f of own.favourites) entryOf(f.region, f.instanceId).favourite = true;
    for (const r of own.recents) entryOf(r.region, r.instanceId).openedAt = r.openedAt;
    for (const row of rows) {
      if (row.state === 'RUNNING' && !entries.has(keyOf(row.region, row.instanceId))) {
        entries.set(keyOf(row.region, row.instanceId), fromCache(profileId, row));
      }
    }
    out.push(...entries.values());
  }
  return out;
}

/** The tray menu's whole input (but the platform), read from the sources now. */
export function trayInput(sources: TraySources): Omit<TrayMenuInput, 'platform'> {
  const profiles = sources.profiles();
  const defaultProfileId = sources.defaultProfileId();
  return {
    instances: trayInstances(profiles, (id) => sources.cached(id), sources.marks()),
    profiles,
    ...(defaultProfileId !== undefined ? { defaultProfileId } : {}),
    consoles: sources.consoles(),
    maxRunning: sources.maxRunning(),
  };
}

/** Subscribes a listener to one source of change; returns the unsubscribe. */
export type Subscribe = (listener: () => void) => () => void;

/**
 * Keeps the tray fed: whenever a source changes, the input is read again and handed to `update`
 * (TrayMenu re-sets the menu only when it would look different). Changes arriving together (a
 * listing saved and its marks) are read once, in the next microtask. Returns the unsubscribe.
 */
export function feedTray(
  sources: TraySources,
  changes: readonly Subscribe[],
  update: (input: Omit<TrayMenuInput, 'platform'>) => void,
  defer: (fn: () => void) => void = queueMicrotask,
): () => void {
  let queued = false;
  const changed = () => {
    if (queued) return;
    queued = true;
    defer(() => {
      queued = false;
      update(trayInput(sources));
    });
  };
  const offs = changes.map((subscribe) => subscribe(changed));
  return () => offs.forEach((off) => off());
}
