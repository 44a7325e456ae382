// The quick-connect palette's search: instances of every profile and region from the inventory
// cache, found by name, instance ID, IP or tag as the user types, best matches first, fast enough
// for every keystroke at 10,000 instances (test/bench/palette.bench.ts).
//
// Finding the matches and ranking them are separate: a PaletteMatcher says which entries contain
// every word of the query (by default the inventory's own SearchIndex, so the palette and the
// list find the same instances for the same words), and PaletteSearch ranks them: an exact ID or
// IP first, then names that start with the query, then any other match; favourites before
// recents before the rest; natural name order.
import type { CachedInventory, InstanceRef, ProfileMarks } from '../../src-main/contract';
import { NO_FILTERS, SearchIndex, naturalKey, rowKey, type InventoryRow } from '../inventory/search-index';

/** A cached instance as the palette lists it: an inventory row, its profile's name, its marks. */
export interface PaletteEntry extends InventoryRow {
  profileName: string;
  favourite?: boolean;
  /** Epoch ms its console was last opened. */
  openedAt?: number;
}

/** Which entries contain every word of a query (indexes into the entries it was given). */
export interface PaletteMatcher {
  setEntries(entries: readonly PaletteEntry[]): void;
  match(words: readonly string[]): readonly number[];
}

/** Longer queries are cut: nobody types more, and a pasted page must not cost a second per key. */
export const MAX_QUERY_LENGTH = 256;
export const MAX_WORDS = 16;
export const DEFAULT_LIMIT = 50;

const INSTANCE_ID = /^ins-[a-z0-9]{8}$/;

/** A profile's cached instances as palette entries, with its marks. */
export function paletteEntries(
  profile: { id: string; name: string },
  cached: CachedInventory | null,
  marks: ProfileMarks | undefined,
): PaletteEntry[] {
  const mark = (region: string, instanceId: string) => `${region}/${instanceId}`;
  const favourites = new Set((marks?.favourites ?? []).map((m) => mark(m.region, m.instanceId)));
  const opened = new Map((marks?.recents ?? []).map((m) => [mark(m.region, m.instanceId), m.openedAt]));
  return (cached?.instances ?? []).map((i) => {
    const at = opened.get(mark(i.region, i.instanceId));
    return {
      ...i,
      profileId: profile.id,
      key: rowKey(profile.id, i.instanceId),
      profileName: profile.name,
      ...(favourites.has(mark(i.region, i.instanceId)) ? { favourite: true } : {}),
      ...(at !== undefined ? { openedAt: at } : {}),
    };
  });
}

/** Lower-case words of a query, without duplicates, bounded. */
export function queryWords(query: string): string[] {
  const words = String(query).slice(0, MAX_QUERY_LENGTH).toLowerCase().split(/\s+/).filter(Boolean);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

export function entryKey(e: Pick<PaletteEntry, 'profileId' | 'region' | 'instanceId'>): string {
  return `${e.profileId}/${e.region}/${e.instanceId}`;
}

export function entryRef(e: PaletteEntry): InstanceRef {
  return { profileId: e.profileId, region: e.region, instanceId: e.instanceId };
}

/**
 * The inventory's SearchIndex as the palette's matcher: the same words find the same instances
 * in the list and in the palette (name, ID, IPs, zone, type, OS, `key:value` tags), and a
 * narrowing keystroke re-tests only the previous matches.
 */
export class SearchIndexMatcher implements PaletteMatcher {
  private index = new SearchIndex();
  /** The entry each index row came from (an entry whose key repeats an earlier one has no row). */
  private entryOf: number[] = [];

  setEntries(entries: readonly PaletteEntry[]): void {
    this.index = new SearchIndex();
    const first = new Map<string, number>();
    entries.forEach((e, i) => {
      if (!first.has(e.key)) first.set(e.key, i);
    });
    this.entryOf = [...first.values()];
    this.index.upsert(this.entryOf.map((i) => entries[i]!));
  }

  match(words: readonly string[]): readonly number[] {
    const positions = this.index.matchPositions(words.join(' '), NO_FILTERS, null);
    const result = new Array<number>(positions.length);
    for (let i = 0; i < positions.length; i++) result[i] = this.entryOf[positions[i]!]!;
    return result;
  }
}

export interface PaletteResult {
  /** The best matches, at most `limit`. */
  hits: PaletteEntry[];
  /** How many entries matched in all. */
  total: number;
  /** A complete instance ID that no cached entry has: offer to look it up in a profile. */
  lookupId?: string;
}

/** Space, dash, underscore, dot, slash, colon: where a word of a name starts. */
function isSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 95 || code === 46 || code === 47 || code === 58;
}

/** Ranking buckets: 4 tiers of match × 3 marks (favourite, recent, other). */
const BUCKETS = 12;
const NONE = 255;

export class PaletteSearch {
  private readonly names: string[];
  /** Instance IDs and IPs (lower-case) → the entries that have them: an exact hit ranks first. */
  private readonly exact = new Map<string, number[]>();
  /** Entry indexes in natural name order, and each entry's place in it (the tie-breaker). */
  private readonly order: number[];
  private readonly rank: Int32Array;
  /** 0 favourite, 1 recent, 2 other. */
  private readonly mark: Uint8Array;
  private readonly idSet: Set<string>;
  private readonly opening: PaletteEntry[];
  /** Per keystroke: each name-order place's bucket (NONE when that entry did not match). */
  private readonly bucketAt: Uint8Array;

  constructor(
    private readonly entries: readonly PaletteEntry[],
    private readonly matcher: PaletteMatcher = new SearchIndexMatcher(),
  ) {
    matcher.setEntries(entries);
    const n = entries.length;
    this.names = entries.map((e) => (e.name || e.instanceId).toLowerCase());
    this.mark = new Uint8Array(n);
    const remember = (key: string, i: number) => {
      const list = this.exact.get(key);
      if (list) list.push(i);
      else this.exact.set(key, [i]);
    };
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      this.mark[i] = e.favourite ? 0 : e.openedAt !== undefined ? 1 : 2;
      remember(e.instanceId.toLowerCase(), i);
      for (const ip of e.privateIps) remember(ip.toLowerCase(), i);
      for (const ip of e.publicIps) remember(ip.toLowerCase(), i);
    }
    this.idSet = new Set(entries.map((e) => e.instanceId));
    // Natural name order, by the engine's own string sort (much faster than a comparator): each
    // key carries its entry's index after a NUL, which sorts before every other character.
    const keyed = entries.map(
      (e, i) => `${naturalKey(e.name || e.instanceId)}\u0000${e.instanceId}\u0000${e.profileId}\u0000${i}`,
    );
    keyed.sort();
    this.order = keyed.map((k) => Number(k.slice(k.lastIndexOf('\u0000') + 1)));
    this.rank = new Int32Array(n);
    this.order.forEach((entry, place) => (this.rank[entry] = place));
    this.bucketAt = new Uint8Array(n);
    // With nothing typed: favourites, then recents (newest first), then everything by name.
    const byName = this.order.map((i) => entries[i]!);
    const recents = entries.filter((e) => !e.favourite && e.openedAt !== undefined);
    recents.sort((a, b) => b.openedAt! - a.openedAt!);
    this.opening = [
      ...byName.filter((e) => e.favourite),
      ...recents,
      ...byName.filter((e) => !e.favourite && e.openedAt === undefined),
    ];
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: string, limit = DEFAULT_LIMIT): PaletteResult {
    const words = queryWords(query);
    if (words.length === 0) return { hits: this.opening.slice(0, limit), total: this.entries.length };
    const matched = this.matcher.match(words);
    const first = words[0]!;
    const whole = words.join(' ');
    const counts = new Array<number>(BUCKETS).fill(0);
    const bucketAt = this.bucketAt;
    bucketAt.fill(NONE);
    // Tier 1: the name starts with the query; 2: a word of the name starts with the first word;
    // 3: any other match. One indexOf per match: this loop runs for every match on every key.
    for (const i of matched) {
      const name = this.names[i]!;
      const at = name.indexOf(first);
      const tier =
        at === 0
          ? words.length === 1 || name.startsWith(whole)
            ? 1
            : 2
          : at > 0 && isSeparator(name.charCodeAt(at - 1))
            ? 2
            : 3;
      const bucket = tier * 3 + this.mark[i]!;
      bucketAt[this.rank[i]!] = bucket;
      counts[bucket]! += 1;
    }
    // Tier 0: the first word is exactly an instance ID or an IP.
    for (const i of this.exact.get(first) ?? []) {
      const place = this.rank[i]!;
      const bucket = bucketAt[place]!;
      if (bucket === NONE || bucket < 3) continue;
      counts[bucket]! -= 1;
      bucketAt[place] = this.mark[i]!;
      counts[this.mark[i]!]! += 1;
    }
    let left = Math.min(limit, matched.length);
    // The last bucket that contributes, and how many of its entries fit.
    let last = 0;
    let roomInLast = 0;
    for (let need = left; last < BUCKETS; last++) {
      if (counts[last]! >= need) {
        roomInLast = need;
        break;
      }
      need -= counts[last]!;
    }
    const lists: number[][] = Array.from({ length: BUCKETS }, () => []);
    for (let place = 0; place < bucketAt.length && left > 0; place++) {
      const bucket = bucketAt[place]!;
      if (bucket > last) continue;
      if (bucket === last) {
        if (roomInLast === 0) continue;
        roomInLast -= 1;
      }
      lists[bucket]!.push(this.order[place]!);
      left -= 1;
    }
    const hits = lists
      .flat()
      .slice(0, limit)
      .map((i) => this.entries[i]!);
    const result: PaletteResult = { hits, total: matched.length };
    if (words.length === 1 && INSTANCE_ID.test(first) && !this.idSet.has(first)) result.lookupId = first;
    return result;
  }
}
