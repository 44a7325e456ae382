// The last known inventory of each profile, kept in the user-data folder so the app opens with
// the list at once (marked as from its time) and the tray and quick-connect can name instances
// without a network call. Instance metadata only: nothing secret is in a listing.
//
// One file per profile (`<dir>/<profileId>.json`), written atomically (temp file + rename), read
// with a versioned schema. A file that is unreadable, not JSON, of another version or malformed is
// ignored with a warning and replaced by the next listing: a bad cache never stops the app.
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file';
import { naturalKey } from '../common/natural-key';
import {
  instanceIdSchema,
  profileIdSchema,
  regionSchema,
  type CachedInventory,
  type InventoryInstance,
} from '../contract';

/** Bump when the shape changes: files of another version are ignored and rewritten. */
export const CACHE_VERSION = 1;
/** A file larger than this is not a listing we wrote (10,000 instances take about 4 MB). */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;
export const MAX_CACHED_INSTANCES = 200_000;

const text = (max: number) => z.string().max(max);
const ipList = z.array(text(64)).max(64);

const instanceSchema = z.strictObject({
  instanceId: instanceIdSchema,
  name: text(256),
  state: text(64),
  region: regionSchema,
  zone: text(64),
  osName: text(256),
  type: text(64),
  privateIps: ipList,
  publicIps: ipList,
  tags: z.array(z.strictObject({ key: text(256), value: text(512) })).max(128),
  chargeType: text(64),
}) satisfies z.ZodType<InventoryInstance>;

const fileSchema = z.strictObject({
  version: z.literal(CACHE_VERSION),
  profileId: profileIdSchema,
  savedAt: z.number().int().nonnegative(),
  regions: z
    .array(
      z.strictObject({
        region: regionSchema,
        name: text(256),
        listedAt: z.number().int().nonnegative(),
        count: z.number().int().nonnegative(),
      }),
    )
    .max(64),
  instances: z.array(instanceSchema).max(MAX_CACHED_INSTANCES),
});

const instanceListSchema = z.array(instanceSchema);
const fileHeadSchema = fileSchema.omit({ instances: true });

/**
 * Rows checked, keyed or written out between two turns of main's event loop when a listing is
 * saved. Done in one piece, 10,000 rows held main's event loop for about 100 ms of CPU (200 ms on
 * a busy machine), delaying every call and event behind them; a slice of 500 takes a few ms.
 */
export const SAVE_SLICE_ROWS = 500;

/** Lets the event loop run what is waiting (I/O, timers, other calls) before the save goes on. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Hands `rows` to `each` SAVE_SLICE_ROWS at a time, main's event loop running between two slices. */
async function bySlices<T>(rows: readonly T[], each: (slice: T[]) => void): Promise<void> {
  for (let at = 0; at < rows.length; at += SAVE_SLICE_ROWS) {
    if (at > 0) await nextTurn();
    each(rows.slice(at, at + SAVE_SLICE_ROWS));
  }
}

export class InventoryCache {
  private readonly entries = new Map<string, CachedInventory>();
  /** Each profile's save under way: the next waits for it, so the last listing's is the one kept. */
  private readonly saving = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  /** Reads every profile's file (at start, before the window asks). Bad files are skipped. */
  async load(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return; // no folder yet: nothing was ever listed
    }
    await Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (name) => {
          const profileId = name.slice(0, -'.json'.length);
          if (!profileIdSchema.safeParse(profileId).success) return;
          const entry = await this.readFile(profileId);
          if (entry) this.entries.set(profileId, entry);
        }),
    );
  }

  /** The profile's last known inventory, or undefined. Synchronous: everything was read at load(). */
  get(profileId: string): CachedInventory | undefined {
    return this.entries.get(profileId);
  }

  /**
   * The profile's last known inventory once a save of it already under way has ended (or failed):
   * a window that has heard a listing's end, which is sent before the save, reads that listing.
   */
  async afterSave(profileId: string): Promise<CachedInventory | undefined> {
    await this.saving.get(profileId)?.catch(() => {});
    return this.get(profileId);
  }

  /**
   * Replaces the profile's inventory, on disk (atomically) and in memory. What could not be read
   * back is refused (the previous entry stays). The rows are checked, sorted and written out a
   * slice at a time, main's event loop running in between.
   */
  async save(inventory: CachedInventory): Promise<void> {
    const { profileId } = inventory;
    const before = this.saving.get(profileId);
    const run = (before ?? Promise.resolve()).catch(() => {}).then(() => this.write(inventory));
    this.saving.set(profileId, run);
    try {
      await run;
    } finally {
      if (this.saving.get(profileId) === run) this.saving.delete(profileId);
    }
  }

  private async write(inventory: CachedInventory): Promise<void> {
    const { instances, ...head } = inventory;
    const parsedHead = fileHeadSchema.parse({ version: CACHE_VERSION, ...head });
    if (instances.length > MAX_CACHED_INSTANCES)
      throw new Error(`more than ${MAX_CACHED_INSTANCES} instances`);
    const checked: InventoryInstance[] = [];
    await bySlices(instances, (slice) => checked.push(...instanceListSchema.parse(slice)));
    const sorted = await inNameOrder(checked);
    // The same text as JSON.stringify of the whole file, its instances joined slice by slice.
    const parts: string[] = [];
    await bySlices(sorted, (slice) => parts.push(JSON.stringify(slice).slice(1, -1)));
    const text = `${JSON.stringify(parsedHead).slice(0, -1)},"instances":[${parts.join(',')}]}`;
    await writeFileAtomic(this.fileOf(parsedHead.profileId), text);
    const { version: _version, ...entry } = { ...parsedHead, instances: sorted };
    this.entries.set(entry.profileId, entry);
  }

  /**
   * Fresher descriptions of some instances (the state poller's), in memory only: the next listing
   * writes the file. Rows the cache does not hold are ignored. Tells whether any row changed.
   */
  applyFresh(profileId: string, fresh: readonly InventoryInstance[]): boolean {
    const entry = this.entries.get(profileId);
    if (!entry || fresh.length === 0) return false;
    const byKey = new Map(fresh.map((i) => [`${i.region}/${i.instanceId}`, i]));
    let changed = false;
    const instances = entry.instances.map((row) => {
      const next = byKey.get(`${row.region}/${row.instanceId}`);
      if (!next || JSON.stringify(next) === JSON.stringify(row)) return row;
      changed = true;
      return next;
    });
    if (changed) this.entries.set(profileId, { ...entry, instances });
    return changed;
  }

  /** Forgets a profile's inventory (the profile was removed), on disk and in memory. */
  async remove(profileId: string): Promise<void> {
    this.entries.delete(profileId);
    await rm(this.fileOf(profileId), { force: true });
  }

  private fileOf(profileId: string): string {
    return join(this.dir, `${profileId}.json`);
  }

  private async readFile(profileId: string): Promise<CachedInventory | undefined> {
    const file = this.fileOf(profileId);
    const ignored = (why: string): undefined => {
      this.warn(`inventory cache of ${profileId} ignored: ${why}`);
      return undefined;
    };
    let raw: string;
    try {
      if ((await stat(file)).size > MAX_CACHE_BYTES) return ignored('too large');
      raw = await readFile(file, 'utf8');
    } catch {
      return ignored('unreadable');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return ignored('not JSON');
    }
    const version = (json as { version?: unknown } | null)?.version;
    if (version !== CACHE_VERSION) return ignored(`version ${String(version).slice(0, 20)}`);
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return ignored(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    if (parsed.data.profileId !== profileId) return ignored('belongs to another profile');
    const { version: _version, ...entry } = parsed.data;
    return entry;
  }
}

/** One listing's outcome, region by region, as the service collected it. */
export interface ListedRegions {
  /** Every region this listing covered (all of them, or the ones retried). */
  regions: { region: string; name: string }[];
  /** Whether the listing covered the whole account (then regions it did not name are gone). */
  complete: boolean;
  /** The rows of each region that answered in full; a region missing here failed. */
  ok: Map<string, InventoryInstance[]>;
}

/**
 * What the cache holds after a listing: regions that answered are replaced by their new rows;
 * a region that failed keeps its previous rows and time (the list shows them as from then);
 * regions the listing did not cover keep theirs, unless a complete listing no longer names them.
 */
export function mergeListing(
  previous: CachedInventory | undefined,
  profileId: string,
  listed: ListedRegions,
  now: number,
): CachedInventory {
  const prevRegions = new Map((previous?.regions ?? []).map((r) => [r.region, r]));
  const prevRows = new Map<string, InventoryInstance[]>();
  for (const inst of previous?.instances ?? []) {
    const list = prevRows.get(inst.region) ?? [];
    list.push(inst);
    prevRows.set(inst.region, list);
  }
  const covered = new Map(listed.regions.map((r) => [r.region, r.name]));
  const order = listed.complete
    ? listed.regions.map((r) => r.region)
    : [...new Set([...prevRegions.keys(), ...covered.keys()])];
  const regions: CachedInventory['regions'] = [];
  const instances: InventoryInstance[] = [];
  for (const region of order) {
    const rows = listed.ok.get(region);
    const prev = prevRegions.get(region);
    const name = covered.get(region) ?? prev?.name ?? region;
    if (rows) {
      regions.push({ region, name, listedAt: now, count: rows.length });
      instances.push(...rows);
    } else if (prev) {
      regions.push({ ...prev, name });
      instances.push(...(prevRows.get(region) ?? []));
    }
  }
  return { profileId, savedAt: now, regions, instances };
}

/**
 * In the table's default order (by name, numbers by value, then ID): the window shows the first
 * rows of the cache before it has indexed the rest.
 */
async function inNameOrder(instances: readonly InventoryInstance[]): Promise<InventoryInstance[]> {
  const keyed: { i: InventoryInstance; key: string }[] = [];
  await bySlices(instances, (slice) => {
    for (const i of slice) keyed.push({ i, key: naturalKey(i.name || i.instanceId) });
  });
  keyed.sort((a, b) =>
    a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.i.instanceId < b.i.instanceId ? -1 : 1,
  );
  return keyed.map((k) => k.i);
}
