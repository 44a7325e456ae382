// The palette's search: what matches, in which order, the ID lookup offer, any query safe.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_QUERY_LENGTH,
  PaletteSearch,
  type PaletteEntry,
  type PaletteMatcher,
} from '../../../../src-renderer/palette/palette-search';

let serial = 0;
function entry(over: Partial<PaletteEntry> = {}): PaletteEntry {
  serial += 1;
  const base = {
    profileId: 'work',
    profileName: 'Work account',
    region: 'ap-guangzhou',
    zone: '',
    osName: 'Linux',
    type: 'S5.SMALL2',
    chargeType: 'POSTPAID_BY_HOUR',
    instanceId: `ins-${serial.toString(36).padStart(8, '0')}`,
    name: `node-${serial}`,
    state: 'RUNNING',
    privateIps: [`10.0.0.${serial % 250}`],
    publicIps: [],
    tags: [],
    ...over,
  };
  return { key: `${base.profileId}/${base.instanceId}`, ...base };
}

const names = (result: { hits: PaletteEntry[] }) => result.hits.map((h) => h.name);

describe('PaletteSearch', () => {
  it('finds by name, instance ID, private or public IP, tag and region, across profiles (the inventory index)', () => {
    const web = entry({ name: 'web-prod-01', tags: [{ key: 'env', value: 'production' }] });
    const db = entry({
      name: 'db-01',
      profileId: 'home',
      profileName: 'Home',
      region: 'ap-seoul',
      instanceId: 'ins-abcdefgh',
      privateIps: ['172.16.0.9'],
      publicIps: ['43.1.2.3'],
    });
    const search = new PaletteSearch([web, db]);
    expect(names(search.search('web'))).toEqual(['web-prod-01']);
    expect(names(search.search('INS-ABCD'))).toEqual(['db-01']);
    expect(names(search.search('172.16'))).toEqual(['db-01']);
    expect(names(search.search('43.1.2.3'))).toEqual(['db-01']);
    expect(names(search.search('env:prod'))).toEqual(['web-prod-01']);
    expect(names(search.search('seoul'))).toEqual(['db-01']);
    expect(names(search.search('seoul 01'))).toEqual(['db-01']);
    expect(search.search('nothing-like-it')).toEqual({ hits: [], total: 0 });
  });

  it('ranks an exact ID or IP first, then names starting with the query, then word starts, then the rest', () => {
    const target = entry({ name: 'zeta', instanceId: 'ins-web00001' });
    const starts = entry({ name: 'web-2' });
    const starts10 = entry({ name: 'web-10' });
    const word = entry({ name: 'old-web' });
    const inside = entry({ name: 'cobweb' });
    const search = new PaletteSearch([inside, word, starts10, starts, target]);
    expect(names(search.search('web'))).toEqual(['web-2', 'web-10', 'old-web', 'cobweb', 'zeta']);
    expect(names(search.search('ins-web00001'))).toEqual(['zeta']);
    const ip = entry({ name: 'zz-by-ip', privateIps: ['10.9.9.9'] });
    const named = entry({ name: '10.9.9.9-notes' });
    expect(names(new PaletteSearch([named, ip]).search('10.9.9.9'))).toEqual(['zz-by-ip', '10.9.9.9-notes']);
  });

  it('puts favourites, then recents, first within the same quality of match', () => {
    const plain = entry({ name: 'api-1' });
    const recent = entry({ name: 'api-2', openedAt: 5 });
    const fav = entry({ name: 'api-3', favourite: true });
    const search = new PaletteSearch([plain, recent, fav]);
    expect(names(search.search('api'))).toEqual(['api-3', 'api-2', 'api-1']);
    // With nothing typed: favourites, recents newest first, then the rest by name.
    const older = entry({ name: 'aaa', openedAt: 1 });
    expect(names(new PaletteSearch([plain, older, recent, fav]).search(''))).toEqual([
      'api-3',
      'api-2',
      'aaa',
      'api-1',
    ]);
  });

  it('returns at most the limit, the best ones, and the total', () => {
    const many = Array.from({ length: 500 }, (_, i) => entry({ name: `host-${i}` }));
    const search = new PaletteSearch(many);
    const result = search.search('host', 20);
    expect(result.total).toBe(500);
    expect(names(result)).toEqual(Array.from({ length: 20 }, (_, i) => `host-${i}`));
    // The selection without a full sort agrees with sorting every match.
    const fav = [...many];
    fav[250] = { ...fav[250]!, favourite: true };
    fav[499] = { ...fav[499]!, openedAt: 1 };
    expect(names(new PaletteSearch(fav).search('host-4', 5))).toEqual([
      'host-499',
      'host-4',
      'host-40',
      'host-41',
      'host-42',
    ]);
  });

  it('offers a lookup for a complete instance ID no cache has', () => {
    const search = new PaletteSearch([entry({ instanceId: 'ins-aaaaaaaa' })]);
    expect(search.search('ins-zzzzzzzz').lookupId).toBe('ins-zzzzzzzz');
    expect(search.search('  INS-ZZZZZZZZ ').lookupId).toBe('ins-zzzzzzzz');
    expect(search.search('ins-aaaaaaaa').lookupId).toBeUndefined();
    expect(search.search('ins-zzzz').lookupId).toBeUndefined();
    expect(search.search('ins-zzzzzzzz web').lookupId).toBeUndefined();
  });

  it('narrows as the user types and widens again on backspace, always like a fresh search', () => {
    const list = Array.from({ length: 300 }, (_, i) => entry({ name: `svc-${i % 7}-${i}` }));
    const typed = new PaletteSearch(list);
    for (const query of ['s', 'sv', 'svc-3', 'svc-3-1', 'svc-3', 'svc-3 10', 'svc', '3 svc-3-']) {
      expect(typed.search(query)).toEqual(new PaletteSearch(list).search(query));
    }
  });

  it('never throws, whatever is typed or pasted, and bounds the work', () => {
    const search = new PaletteSearch(Array.from({ length: 50 }, () => entry()));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (query) => {
        const result = search.search(query);
        expect(result.hits.length).toBeLessThanOrEqual(50);
        expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
      }),
    );
    expect(search.search(`${'node '.repeat(MAX_QUERY_LENGTH)}`).total).toBe(50);
  });

  it('takes another matcher (the inventory search index can stand in)', () => {
    const calls: string[][] = [];
    const onlySecond: PaletteMatcher = {
      setEntries: () => {},
      match: (words) => (calls.push([...words]), [1]),
    };
    const search = new PaletteSearch([entry({ name: 'a' }), entry({ name: 'b' })], onlySecond);
    expect(names(search.search('X y'))).toEqual(['b']);
    expect(calls).toEqual([['x', 'y']]);
  });
});
