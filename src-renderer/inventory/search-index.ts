// Search, filter chips and sorting over the inventory, fast enough for every keystroke at
// 10,000 rows. Each row's searchable text is lower-cased once when the row arrives; each sort
// column's keys are computed once per change of the rows, and the sorted order is kept, so a
// keystroke is one pass of substring tests over rows already in order (and a narrowing keystroke
// only re-tests the rows that matched before). Any input string is safe: no regular expression
// is built from it, and its length is bounded.
import type { InventoryInstance } from '../../src-main/contract';
import { naturalKey } from '../../src-main/common/natural-key';

export { naturalKey };

/** A row of the inventory: an instance and the profile it was listed with. */
export interface InventoryRow extends InventoryInstance {
  profileId: string;
  /** `profileId/instanceId`: unique across profiles (two profiles may see one account). */
  key: string;
}

export const SORT_COLUMNS = [
  'name',
  'instanceId',
  'state',
  'zone',
  'osName',
  'privateIp',
  'publicIp',
  'type',
  'tags',
  'profile',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export interface SortOrder {
  column: SortColumn;
  descending: boolean;
}

export interface Filters {
  regions: ReadonlySet<string>;
  states: ReadonlySet<string>;
  /** `key:value`, exact. */
  tags: ReadonlySet<string>;
  profiles: ReadonlySet<string>;
}

export const NO_FILTERS: Filters = {
  regions: new Set(),
  states: new Set(),
  tags: new Set(),
  profiles: new Set(),
};

/** Longer queries are cut: nobody types more, and a pasted book must not cost a second per key. */
export const MAX_QUERY_LENGTH = 256;
export const MAX_TOKENS = 16;

export function rowKey(profileId: string, instanceId: string): string {
  return `${profileId}/${instanceId}`;
}

export function tagText(tag: { key: string; value: string }): string {
  return `${tag.key}:${tag.value}`;
}

function sortText(row: InventoryRow, column: SortColumn): string {
  switch (column) {
    case 'name':
      return row.name || row.instanceId;
    case 'instanceId':
      return row.instanceId;
    case 'state':
      return row.state;
    case 'zone':
      return row.zone || row.region;
    case 'osName':
      return row.osName;
    case 'privateIp':
      return row.privateIps[0] ?? '\uffff';
    case 'publicIp':
      return row.publicIps[0] ?? '\uffff';
    case 'type':
      return row.type;
    case 'tags':
      return row.tags.map(tagText).join(' ') || '\uffff';
    case 'profile':
      return row.profileId;
  }
}

interface Token {
  text: string;
  /** `key:value` tokens match tags: exact key, value starting with `value`. */
  tagKey?: string;
  tagValue?: string;
}

/** Splits a query into lower-case words; `key:value` words search tags. */
export function parseQuery(query: string): Token[] {
  const words = String(query).slice(0, MAX_QUERY_LENGTH).toLowerCase().split(/\s+/).filter(Boolean);
  return [...new Set(words)].slice(0, MAX_TOKENS).map((text) => {
    const colon = text.indexOf(':');
    return colon > 0 ? { text, tagKey: text.slice(0, colon), tagValue: text.slice(colon + 1) } : { text };
  });
}

interface Query {
  tokens: Token[];
  filters: Filters;
  sort: SortOrder | null;
  version: number;
  result: number[];
}

export class SearchIndex {
  private rows: InventoryRow[] = [];
  private readonly position = new Map<string, number>();
  /** Lower-cased text each plain word is looked for in. */
  private hay: string[] = [];
  private version = 0;
  /** Sorted orders kept per column and direction, brought up to date as rows come and change. */
  private readonly orders = new Map<string, SortedOrder>();
  private last: Query | undefined;
  /** Rows whose key is here sort first (favourites pinned to the top). */
  private pinned: ReadonlySet<string> = new Set();
  /** How many rows have each state and each `key:value` tag, kept as rows come and go (the chips). */
  private readonly stateCounts = new Map<string, number>();
  private readonly tagCounts = new Map<string, number>();

  get size(): number {
    return this.rows.length;
  }

  get(key: string): InventoryRow | undefined {
    const i = this.position.get(key);
    return i === undefined ? undefined : this.rows[i];
  }

  all(): readonly InventoryRow[] {
    return this.rows;
  }

  /** Adds rows, or replaces the rows with the same key in place. */
  upsert(rows: readonly InventoryRow[]): void {
    if (rows.length === 0) return;
    for (const row of rows) {
      const at = this.position.get(row.key);
      const i = at ?? this.rows.length;
      if (at === undefined) this.position.set(row.key, i);
      else this.count(this.rows[i]!, -1);
      this.count(row, 1);
      this.rows[i] = row;
      this.hay[i] = haystack(row);
      for (const order of this.orders.values()) order.touch(i, row);
    }
    this.version += 1;
  }

  /** Removes the rows with these keys. */
  remove(keys: Iterable<string>): void {
    const gone = new Set<string>();
    for (const key of keys) if (this.position.has(key)) gone.add(key);
    if (gone.size === 0) return;
    for (const row of this.rows) if (gone.has(row.key)) this.count(row, -1);
    const mask = this.rows.map((row) => !gone.has(row.key));
    const keep = (_: unknown, i: number) => mask[i]!;
    this.rows = this.rows.filter(keep);
    this.hay = this.hay.filter(keep);
    this.position.clear();
    this.rows.forEach((row, i) => this.position.set(row.key, i));
    this.orders.clear(); // indices moved
    this.version += 1;
  }

  /** The states and tags among the rows with how many rows have each, most common first. */
  facets(): { states: [string, number][]; tags: [string, number][] } {
    const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
    return { states: [...this.stateCounts].sort(byCount), tags: [...this.tagCounts].sort(byCount) };
  }

  private count(row: InventoryRow, delta: 1 | -1): void {
    bump(this.stateCounts, row.state, delta);
    for (const tag of row.tags) bump(this.tagCounts, tagText(tag), delta);
  }

  setPinned(keys: ReadonlySet<string>): void {
    this.pinned = keys;
    this.orders.clear();
    this.version += 1;
  }

  /** The rows matching the query and the chips, in the given order. */
  search(query: string, filters: Filters, sort: SortOrder): InventoryRow[] {
    return this.matchPositions(query, filters, sort).map((i) => this.rows[i]!);
  }

  /**
   * Where the matching rows are, in the given order (null: the order rows were first added, the
   * cheapest): positions in that order, which the quick-connect palette reads back as its own.
   */
  matchPositions(query: string, filters: Filters, sort: SortOrder | null): readonly number[] {
    const tokens = parseQuery(query);
    const last = this.last;
    // Narrowing: same rows, chips and order, and every earlier word is inside a word of the new
    // query, so only the rows that matched before can match now.
    const candidates: readonly number[] =
      last &&
      last.version === this.version &&
      last.filters === filters &&
      last.sort?.column === sort?.column &&
      last.sort?.descending === sort?.descending &&
      last.tokens.every((old) => tokens.some((t) => t.text.includes(old.text) && !old.tagKey && !t.tagKey))
        ? last.result
        : sort
          ? this.order(sort)
          : this.rows.map((_, i) => i);
    const chips = compileFilters(filters);
    let result: number[];
    // Nothing typed, no chip: every row, in order (a listing's every update asks for this).
    if (tokens.length === 0 && !chips) result = candidates.slice();
    else {
      result = [];
      for (const i of candidates) {
        const row = this.rows[i]!;
        if (chips && !chips(row)) continue;
        if (this.matches(i, tokens)) result.push(i);
      }
    }
    this.last = { tokens, filters, sort: sort ? { ...sort } : null, version: this.version, result };
    return result;
  }

  private matches(i: number, tokens: Token[]): boolean {
    const hay = this.hay[i]!;
    for (const token of tokens) {
      if (token.tagKey !== undefined) {
        const { tagKey, tagValue = '' } = token;
        const tags = this.rows[i]!.tags;
        if (!tags.some((t) => t.key.toLowerCase() === tagKey && t.value.toLowerCase().startsWith(tagValue)))
          return false;
      } else if (!hay.includes(token.text)) {
        return false;
      }
    }
    return true;
  }

  /** Every row index in the given order (pinned rows first). */
  private order(sort: SortOrder): readonly number[] {
    const id = `${sort.column}:${sort.descending}`;
    let order = this.orders.get(id);
    if (!order) {
      order = new SortedOrder(sort, this.pinned);
      this.orders.set(id, order);
      this.rows.forEach((row, i) => order!.touch(i, row));
    }
    return order.sorted();
  }
}

/**
 * One sort order over the rows, kept current cheaply: new rows are sorted among themselves and
 * merged in (a page of 100 into 10,000 is one linear pass), and a changed row whose sort key is
 * unchanged (a state update, sorted by name) costs nothing. Only a changed key re-sorts.
 */
class SortedOrder {
  private keys: string[] = [];
  private ties: string[] = [];
  private pins: boolean[] = [];
  private order: number[] = [];
  private added: number[] = [];
  private resort = false;

  constructor(
    private readonly sort: SortOrder,
    private readonly pinned: ReadonlySet<string>,
  ) {}

  touch(i: number, row: InventoryRow): void {
    const text = sortText(row, this.sort.column);
    // IDs are random letters and digits: padding their digits would only scramble them.
    const key = this.sort.column === 'instanceId' ? text : naturalKey(text);
    const pin = this.pinned.has(row.key);
    if (i >= this.keys.length) this.added.push(i);
    else if (this.keys[i] !== key || this.pins[i] !== pin) this.resort = true;
    this.keys[i] = key;
    this.ties[i] = `${row.instanceId}/${row.profileId}`;
    this.pins[i] = pin;
  }

  sorted(): readonly number[] {
    const compare = this.compare;
    if (this.resort) {
      this.order = this.keys.map((_, i) => i).sort(compare);
    } else if (this.added.length > 0) {
      // A page of 100 into 10,000: each new row's place is found by binary search (about 14
      // comparisons, not a comparison per row kept), and the rows between are copied as they are.
      const fresh = this.added.sort(compare);
      const order = this.order;
      const merged: number[] = new Array(order.length + fresh.length);
      let from = 0;
      let k = 0;
      for (const row of fresh) {
        let lo = from;
        let hi = order.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (compare(order[mid]!, row) <= 0) lo = mid + 1;
          else hi = mid;
        }
        while (from < lo) merged[k++] = order[from++]!;
        merged[k++] = row;
      }
      while (from < order.length) merged[k++] = order[from++]!;
      this.order = merged;
    }
    this.added = [];
    this.resort = false;
    return this.order;
  }

  private readonly compare = (a: number, b: number): number => {
    const { pins, keys, ties } = this;
    if (pins[a] !== pins[b]) return pins[a] ? -1 : 1;
    const ka = keys[a]!;
    const kb = keys[b]!;
    if (ka !== kb) return (ka < kb ? -1 : 1) * (this.sort.descending ? -1 : 1);
    return ties[a]! < ties[b]! ? -1 : ties[a]! > ties[b]! ? 1 : 0;
  };
}

function bump(counts: Map<string, number>, key: string, delta: number): void {
  const n = (counts.get(key) ?? 0) + delta;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}

function haystack(row: InventoryRow): string {
  // Plain concatenation: the cheapest way to build 10,000 of these when a listing arrives.
  let text = `${row.name}\n${row.instanceId}\n${row.osName}\n${row.zone}\n${row.region}\n${row.type}\n${row.state}`;
  for (const ip of row.privateIps) text += `\n${ip}`;
  for (const ip of row.publicIps) text += `\n${ip}`;
  for (const tag of row.tags) text += `\n${tag.key}:${tag.value}`;
  return text.toLowerCase();
}

function compileFilters(filters: Filters): ((row: InventoryRow) => boolean) | undefined {
  const { regions, states, tags, profiles } = filters;
  if (regions.size + states.size + tags.size + profiles.size === 0) return undefined;
  return (row) =>
    (regions.size === 0 || regions.has(row.region)) &&
    (states.size === 0 || states.has(row.state)) &&
    (profiles.size === 0 || profiles.has(row.profileId)) &&
    (tags.size === 0 || row.tags.some((t) => tags.has(tagText(t))));
}
