import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS,
  SearchIndex,
  naturalKey,
  parseQuery,
  rowKey,
  type Filters,
  type InventoryRow,
  type SortOrder,
} from '../../../src-renderer/inventory/search-index';
import { fleetRows } from '../../support/inventory-rows';

function row(id: string, more: Partial<InventoryRow> = {}): InventoryRow {
  const profileId = more.profileId ?? 'demo';
  return {
    instanceId: id,
    name: '',
    state: 'RUNNING',
    region: 'ap-guangzhou',
    zone: 'ap-guangzhou-3',
    osName: 'TencentOS Server 3.1',
    type: 'S5.MEDIUM4',
    privateIps: [],
    publicIps: [],
    tags: [],
    chargeType: 'POSTPAID_BY_HOUR',
    profileId,
    key: rowKey(profileId, id),
    ...more,
  };
}

const BY_NAME: SortOrder = { column: 'name', descending: false };
const ids = (rows: InventoryRow[]) => rows.map((r) => r.instanceId);

function indexOf(rows: InventoryRow[]): SearchIndex {
  const index = new SearchIndex();
  index.upsert(rows);
  return index;
}

const ROWS = [
  row('ins-aaaaaaa1', {
    name: 'web-prod-2',
    privateIps: ['10.0.1.5'],
    publicIps: ['43.128.9.7'],
    tags: [{ key: 'env', value: 'prod' }],
  }),
  row('ins-aaaaaaa2', {
    name: 'web-prod-10',
    state: 'STOPPED',
    tags: [
      { key: 'env', value: 'production' },
      { key: 'team', value: 'Web' },
    ],
  }),
  row('ins-bbbbbbb1', {
    name: 'db-staging-1',
    region: 'ap-tokyo',
    zone: 'ap-tokyo-1',
    osName: 'Windows Server 2022',
    tags: [{ key: 'env', value: 'staging' }],
  }),
  row('ins-ccccccc1', { name: '', profileId: 'work', privateIps: ['172.16.0.9'] }),
];

describe('SearchIndex.search', () => {
  const index = indexOf(ROWS);
  const search = (q: string, f: Filters = NO_FILTERS, s: SortOrder = BY_NAME) => ids(index.search(q, f, s));

  it('finds by name, ID, private and public IP, OS and zone, case-insensitively, all words required', () => {
    expect(search('WEB-PROD')).toEqual(['ins-aaaaaaa1', 'ins-aaaaaaa2']);
    expect(search('bbbbbbb1')).toEqual(['ins-bbbbbbb1']);
    expect(search('10.0.1')).toEqual(['ins-aaaaaaa1']);
    expect(search('43.128')).toEqual(['ins-aaaaaaa1']);
    expect(search('windows')).toEqual(['ins-bbbbbbb1']);
    expect(search('tokyo-1')).toEqual(['ins-bbbbbbb1']);
    expect(search('web prod-10')).toEqual(['ins-aaaaaaa2']);
    expect(search('web 10')).toEqual(['ins-aaaaaaa1', 'ins-aaaaaaa2']); // 10.0.1.5 and web-prod-10
    expect(search('web nothing')).toEqual([]);
  });

  it('key:value searches tags: exact key, value prefix; key: alone means "has the tag"', () => {
    expect(search('env:prod')).toEqual(['ins-aaaaaaa1', 'ins-aaaaaaa2']);
    expect(search('env:production')).toEqual(['ins-aaaaaaa2']);
    expect(search('ENV:STAG')).toEqual(['ins-bbbbbbb1']);
    expect(search('team:')).toEqual(['ins-aaaaaaa2']);
    expect(search('nv:prod')).toEqual([]);
  });

  it('filter chips: OR within a kind, AND across kinds', () => {
    const f = (over: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...over });
    expect(search('', f({ states: new Set(['STOPPED']) }))).toEqual(['ins-aaaaaaa2']);
    expect(
      search('', f({ regions: new Set(['ap-tokyo', 'ap-guangzhou']), states: new Set(['RUNNING']) })),
    ).toEqual(['ins-bbbbbbb1', 'ins-ccccccc1', 'ins-aaaaaaa1']);
    expect(search('', f({ tags: new Set(['env:prod', 'env:staging']) }))).toEqual([
      'ins-bbbbbbb1',
      'ins-aaaaaaa1',
    ]);
    expect(search('', f({ profiles: new Set(['work']) }))).toEqual(['ins-ccccccc1']);
  });

  it('sorts by any column, naturally (web-prod-2 before web-prod-10), both ways, unnamed by ID', () => {
    expect(search('')).toEqual(['ins-bbbbbbb1', 'ins-ccccccc1', 'ins-aaaaaaa1', 'ins-aaaaaaa2']);
    expect(search('', NO_FILTERS, { column: 'name', descending: true })).toEqual([
      'ins-aaaaaaa2',
      'ins-aaaaaaa1',
      'ins-ccccccc1',
      'ins-bbbbbbb1',
    ]);
    expect(search('', NO_FILTERS, { column: 'state', descending: false })[3]).toBe('ins-aaaaaaa2');
    expect(search('', NO_FILTERS, { column: 'privateIp', descending: false }).slice(0, 2)).toEqual([
      'ins-aaaaaaa1',
      'ins-ccccccc1',
    ]);
    expect(search('', NO_FILTERS, { column: 'profile', descending: true })[0]).toBe('ins-ccccccc1');
    for (const column of ['instanceId', 'zone', 'osName', 'publicIp', 'type', 'tags'] as const) {
      expect(search('', NO_FILTERS, { column, descending: false })).toHaveLength(4);
    }
  });

  it('pinned rows (favourites) come first in any order', () => {
    const pinned = indexOf(ROWS);
    pinned.setPinned(new Set([rowKey('demo', 'ins-aaaaaaa2')]));
    expect(ids(pinned.search('', NO_FILTERS, BY_NAME))[0]).toBe('ins-aaaaaaa2');
    expect(ids(pinned.search('', NO_FILTERS, { column: 'name', descending: true }))[0]).toBe('ins-aaaaaaa2');
  });

  it('replaces a row in place and removes rows', () => {
    const idx = indexOf(ROWS);
    idx.upsert([{ ...ROWS[0]!, state: 'STOPPING' }]);
    expect(idx.size).toBe(4);
    expect(idx.get(rowKey('demo', 'ins-aaaaaaa1'))?.state).toBe('STOPPING');
    expect(ids(idx.search('stopping', NO_FILTERS, BY_NAME))).toEqual(['ins-aaaaaaa1']);
    expect(idx.facets().states).toEqual([
      ['RUNNING', 2],
      ['STOPPED', 1],
      ['STOPPING', 1],
    ]);
    idx.remove([rowKey('demo', 'ins-aaaaaaa1'), 'demo/ins-unknown0']);
    expect(idx.size).toBe(3);
    expect(idx.facets()).toEqual({
      states: [
        ['RUNNING', 2],
        ['STOPPED', 1],
      ],
      tags: [
        ['env:production', 1],
        ['env:staging', 1],
        ['team:Web', 1],
      ],
    });
    expect(idx.get(rowKey('demo', 'ins-aaaaaaa2'))?.name).toBe('web-prod-10');
    expect(ids(idx.search('web', NO_FILTERS, BY_NAME))).toEqual(['ins-aaaaaaa2']);
  });
});

describe('narrowing and widening give exactly what a fresh search gives', { timeout: 60_000 }, () => {
  const rows = fleetRows(2000, 5);
  const index = indexOf(rows);
  // A new chips object each time: never the same query as before, so always a full scan.
  const oracle = indexOf(rows);
  const fresh = (q: string) => ids(oracle.search(q, { ...NO_FILTERS }, BY_NAME));

  it('typing and deleting a query, keystroke by keystroke', () => {
    const typed = 'web-prod-0 10.';
    for (let n = 0; n <= typed.length; n++) {
      expect(ids(index.search(typed.slice(0, n), NO_FILTERS, BY_NAME))).toEqual(fresh(typed.slice(0, n)));
    }
    for (let n = typed.length; n >= 0; n--) {
      expect(ids(index.search(typed.slice(0, n), NO_FILTERS, BY_NAME))).toEqual(fresh(typed.slice(0, n)));
    }
  });

  it('rows merged in pages keep the order a full sort gives, ties included (property)', () => {
    const names = fc.constantFrom('', 'web-1', 'web-2', 'web-10', 'db', 'db', 'Web-2');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(names, fc.integer({ min: 1, max: 60 })), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        (specs, pageSize, descending) => {
          const rows = specs.map(([name, n], i) => row(`ins-${String(n).padStart(3, '0')}${i}`, { name }));
          const sort: SortOrder = { column: 'name', descending };
          const paged = new SearchIndex();
          paged.search('', NO_FILTERS, sort); // the order exists before the pages come
          for (let i = 0; i < rows.length; i += pageSize) {
            paged.upsert(rows.slice(i, i + pageSize));
            const whole = new SearchIndex();
            whole.upsert(rows.slice(0, i + pageSize));
            expect(ids(paged.search('', NO_FILTERS, sort))).toEqual(ids(whole.search('', NO_FILTERS, sort)));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any sequence of queries (property)', () => {
    const alphabet = fc.constantFrom(
      'w',
      'e',
      'b',
      '-',
      '0',
      '1',
      '.',
      ' ',
      'p',
      'r',
      'o',
      'd',
      ':',
      'v',
      'n',
    );
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: alphabet, maxLength: 12 }), { minLength: 1, maxLength: 6 }),
        (queries) => {
          for (const q of queries) expect(ids(index.search(q, NO_FILTERS, BY_NAME))).toEqual(fresh(q));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('bad input', () => {
  it('a query of any length or content never throws and is bounded', () => {
    const index = indexOf(ROWS);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (q) => {
        expect(() => index.search(q, NO_FILTERS, BY_NAME)).not.toThrow();
      }),
    );
    for (const q of ['(', '[a-', '.*', '\\', '$^', '\u0000', 'a'.repeat(1_000_000), 'x '.repeat(5000)]) {
      expect(() => index.search(q, NO_FILTERS, BY_NAME)).not.toThrow();
    }
    expect(parseQuery('a '.repeat(100))).toHaveLength(1);
    expect(parseQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))).toHaveLength(16);
  });

  it('naturalKey orders numbers by value', () => {
    expect(naturalKey('web-2') < naturalKey('web-10')).toBe(true);
    expect(naturalKey('10.0.0.9') < naturalKey('10.0.0.10')).toBe(true);
  });
});
