// Search, filter chips and sorting over the inventory, fast enough for every keystroke at
// 10,000 rows. Each row's searchable text is lower-cased once when the row arrives; each sort
// column's keys are computed once per change of the rows, and the sorted order is kept, so a
// keystroke is one pass of substring tests over rows already in order (and a narrowing keystroke
// only re-tests the rows that matched before). Any input string is safe: no regular expression
// is built from it, and its length is bounded.
import type { InventoryInstance } from '../../src-main/contract';

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

/** Sorts "web-2" before "web-10" with plain string comparison: runs of digits are zero-padded. */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(12, '0'));
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
  sort: SortOrder;
  version: number;
  result: number[];
}

export class SearchIndex {
  private rows: InventoryRow[] = [];
  private readonly position = new Map<string, number>();
  /** Lower-cased text each plain word is looked for in. */
  private hay: string[] = [];
  /** Lower-cased tags per row, for `key:value` words. */
  private tagLists: { key: string; value: string }[][] = [];
  private version = 0;
  private readonly orders = new Map<string, { version: number; order: number[] }>();
  private last: Query | undefined;
  /** Rows whose key is here sort first (favourites pinned to the top). */
  private pinned: ReadonlySet<string> = new Set();

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
      this.rows[i] = row;
      this.hay[i] = haystack(row);
      this.tagLists[i] = row.tags.map((t) => ({ key: t.key.toLowerCase(), value: t.value.toLowerCase() }));
    }
    this.version += 1;
  }

  /** Removes the rows with these keys. */
  remove(keys: Iterable<string>): void {
    const gone = new Set<string>();
    for (const key of keys) if (this.position.has(key)) gone.add(key);
    if (gone.size === 0) return;
    const mask = this.rows.map((row) => !gone.has(row.key));
    const keep = (_: unknown, i: number) => mask[i]!;
    this.rows = this.rows.filter(keep);
    this.hay = this.hay.filter(keep);
    this.tagLists = this.tagLists.filter(keep);
    this.position.clear();
    this.rows.forEach((row, i) => this.position.set(row.key, i));
    this.version += 1;
  }

  setPinned(keys: ReadonlySet<string>): void {
    this.pinned = keys;
    this.version += 1;
  }

  /** The rows matching the query and the chips, in the given order. */
  search(query: string, filters: Filters, sort: SortOrder): InventoryRow[] {
    const tokens = parseQuery(query);
    const last = this.last;
    // Narrowing: same rows, chips and order, and every earlier word is inside a word of the new
    // query, so only the rows that matched before can match now.
    const candidates =
      last &&
      last.version === this.version &&
      last.filters === filters &&
      last.sort.column === sort.column &&
      last.sort.descending === sort.descending &&
      last.tokens.every((old) => tokens.some((t) => t.text.includes(old.text) && !old.tagKey && !t.tagKey))
        ? last.result
        : this.order(sort);
    const chips = compileFilters(filters);
    const result: number[] = [];
    for (const i of candidates) {
      const row = this.rows[i]!;
      if (chips && !chips(row)) continue;
      if (this.matches(i, tokens)) result.push(i);
    }
    this.last = { tokens, filters, sort: { ...sort }, version: this.version, result };
    return result.map((i) => this.rows[i]!);
  }

  private matches(i: number, tokens: Token[]): boolean {
    const hay = this.hay[i]!;
    for (const token of tokens) {
      if (token.tagKey !== undefined) {
        const { tagKey, tagValue = '' } = token;
        if (!this.tagLists[i]!.some((t) => t.key === tagKey && t.value.startsWith(tagValue))) return false;
      } else if (!hay.includes(token.text)) {
        return false;
      }
    }
    return true;
  }

  /** Every row index in the given order (pinned rows first), cached until the rows change. */
  private order(sort: SortOrder): number[] {
    const id = `${sort.column}:${sort.descending}`;
    const cached = this.orders.get(id);
    if (cached && cached.version === this.version) return cached.order;
    const keys = this.rows.map((row) => naturalKey(sortText(row, sort.column)));
    const ties = this.rows.map((row) => `${row.instanceId}/${row.profileId}`);
    const pin = this.rows.map((row) => this.pinned.has(row.key));
    const sign = sort.descending ? -1 : 1;
    const order = this.rows.map((_, i) => i);
    order.sort((a, b) => {
      if (pin[a] !== pin[b]) return pin[a] ? -1 : 1;
      const ka = keys[a]!;
      const kb = keys[b]!;
      if (ka !== kb) return ka < kb ? -sign : sign;
      return ties[a]! < ties[b]! ? -1 : ties[a]! > ties[b]! ? 1 : 0;
    });
    this.orders.set(id, { version: this.version, order });
    return order;
  }
}

function haystack(row: InventoryRow): string {
  return [
    row.name,
    row.instanceId,
    ...row.privateIps,
    ...row.publicIps,
    ...row.tags.map(tagText),
    row.osName,
    row.zone,
    row.region,
    row.type,
    row.state,
  ]
    .join('\n')
    .toLowerCase();
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
