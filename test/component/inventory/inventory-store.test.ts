import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { CachedInventory, InventoryInstance } from '../../../src-main/contract';
import { InventoryStore, STREAM_UPDATE_MS } from '../../../src-renderer/inventory/inventory-store.svelte';
import { naturalKey, rowKey } from '../../../src-renderer/inventory/search-index';
import { fleetInstances } from '../../support/inventory-rows';
import { fakeSource } from './fake-source';

const NOW = Date.UTC(2025, 5, 1, 12);
const sync = { schedule: (f: () => void) => f(), now: () => NOW };

function inst(id: string, region: string, more: Partial<InventoryInstance> = {}): InventoryInstance {
  return {
    instanceId: id,
    name: `name-${id}`,
    state: 'RUNNING',
    region,
    zone: `${region}-1`,
    osName: 'Linux',
    type: 'S5.SMALL2',
    privateIps: [],
    publicIps: [],
    tags: [],
    chargeType: 'POSTPAID_BY_HOUR',
    ...more,
  };
}

const GZ = 'ap-guangzhou';
const TK = 'ap-tokyo';
const A1 = inst('ins-aaaaaaa1', GZ);
const A2 = inst('ins-aaaaaaa2', GZ);
const B1 = inst('ins-bbbbbbb1', TK);

describe('InventoryStore', () => {
  it('opens with the cached list at once, marked as from its time, then refreshes', async () => {
    const cached: CachedInventory = {
      profileId: 'demo',
      savedAt: NOW - 3_600_000,
      regions: [
        { region: GZ, name: 'Guangzhou', listedAt: NOW - 3_600_000, count: 2 },
        { region: TK, name: 'Tokyo', listedAt: NOW - 7_200_000, count: 1 },
      ],
      instances: [A1, A2, B1],
    };
    const fake = fakeSource({ cached: { demo: cached } });
    const store = new InventoryStore(fake.source, sync);
    const opened = store.open('demo', 'Demo cloud');
    await opened;
    flushSync();
    expect(store.visible.map((r) => r.instanceId).sort()).toEqual(
      [A1, A2, B1].map((i) => i.instanceId).sort(),
    );
    expect(store.staleSince).toBe(NOW - 7_200_000);
    expect(fake.lists).toHaveLength(1); // and a refresh was asked for
    expect(store.profile('demo')!.regions.map((r) => r.status)).toEqual(['loading', 'loading']);
    fake.streamAll([A1, A2, B1]);
    flushSync();
    expect(store.staleSince).toBeNull();
    expect(store.countText).toBe('3 of 3 · 2 of 2 regions');
    expect(store.profile('demo')!.regions.map((r) => r.name)).toEqual([`Name of ${GZ}`, `Name of ${TK}`]);
  });

  it('shows all profiles together, each row naming its profile; showing one closes the others', async () => {
    const fake = fakeSource();
    const store = new InventoryStore(fake.source, sync);
    await store.show([
      { profileId: 'demo', name: 'Demo cloud' },
      { profileId: 'work', name: 'Work' },
    ]);
    const listing = (profileId: string) => fake.lists.findLast((l) => l.profileId === profileId)!;
    const stream = (profileId: string, rows: InventoryInstance[]) => {
      const { listingId } = listing(profileId);
      const tag = { listingId, profileId };
      fake.emit({ ...tag, type: 'rows', region: GZ, instances: rows });
      fake.emit({ ...tag, type: 'region', region: GZ, ok: true, count: rows.length });
      fake.emit({ ...tag, type: 'done' });
    };
    // One account seen by two profiles: the same instance is a row of each.
    stream('demo', [A1, A2]);
    stream('work', [A1, B1]);
    flushSync();
    expect(store.visible.map((r) => r.key).sort()).toEqual(
      [
        rowKey('demo', A1.instanceId),
        rowKey('demo', A2.instanceId),
        rowKey('work', A1.instanceId),
        rowKey('work', B1.instanceId),
      ].sort(),
    );
    expect(store.facets.profiles).toEqual(['demo', 'work']);
    store.toggleFilter('profiles', 'work');
    store.selection.add(rowKey('work', B1.instanceId));
    flushSync();
    expect(store.visible.map((r) => r.profileId)).toEqual(['work', 'work']);

    // A refresh of "work" still running when only "demo" is chosen: its late rows are dropped.
    await store.refresh('work');
    const late = listing('work');
    await store.show([{ profileId: 'demo', name: 'Demo cloud' }]);
    fake.emit({ listingId: late.listingId, profileId: 'work', type: 'rows', region: GZ, instances: [B1] });
    flushSync();
    expect(store.profiles.map((p) => p.profileId)).toEqual(['demo']);
    expect(store.filters.profiles.size).toBe(0);
    expect(store.selection.size).toBe(0);
    expect(store.visible.map((r) => r.profileId)).toEqual(['demo', 'demo']);
    expect(store.total).toBe(2);
  });

  it('a large cached list shows its first screen before indexing the rest, which follows after the paint', async () => {
    const rows = fleetInstances(1000, 3);
    const named = (i: InventoryInstance) => i.name || i.instanceId;
    // As main saves it: in the default order.
    const ordered = [...rows].sort((a, b) =>
      naturalKey(named(a)) === naturalKey(named(b))
        ? a.instanceId < b.instanceId
          ? -1
          : 1
        : naturalKey(named(a)) < naturalKey(named(b))
          ? -1
          : 1,
    );
    const regions = [...new Set(rows.map((r) => r.region))].map((region) => ({
      region,
      name: region,
      listedAt: NOW,
      count: 1,
    }));
    const fake = fakeSource({
      cached: { demo: { profileId: 'demo', savedAt: NOW, regions, instances: ordered } },
    });
    // Frames run when the test says: "after the paint" is then observable.
    const frames: (() => void)[] = [];
    const nextFrame = async () => {
      for (const f of frames.splice(0)) f();
      await new Promise((r) => setTimeout(r, 0));
    };
    const store = new InventoryStore(fake.source, {
      ...sync,
      schedule: (f) => void frames.push(f),
      paintWaitMs: 60_000, // here, only the frame the test runs lets the rest come
    });
    const opened = store.open('demo');
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    flushSync();
    // Only the first screen crossed from main, and it is on screen; the count already says 1,000.
    expect(fake.cachedParts).toEqual([{ profileId: 'demo', offset: 0, limit: 200 }]);
    expect(store.visible).toHaveLength(200);
    expect(store.total).toBe(1000);
    // The listing was asked for beside the cache, not after it.
    expect(fake.lists).toHaveLength(1);
    const top = store.visible.slice(0, 50).map((r) => r.instanceId);
    // It answers before the rest of the cache has come: its events wait for the rest.
    const kept = ordered.slice(0, 990);
    expect(new Set(kept.map((r) => r.region)).size).toBe(regions.length);
    fake.streamAll(kept);
    await nextFrame(); // painted: the rest is asked for
    flushSync();
    expect(fake.cachedParts.slice(1)).toEqual([{ profileId: 'demo', offset: 200, limit: 1000 }]);
    expect(store.visible).toHaveLength(200); // the listing's rows wait for the rest
    await opened;
    await nextFrame(); // the rest indexed
    await nextFrame(); // the listing's events applied
    flushSync();
    // The rest joined below: the first screen did not move. The listing then removed the rows
    // gone from it, among them rows that had been held back.
    expect(store.visible.slice(0, 50).map((r) => r.instanceId)).toEqual(top);
    expect(store.total).toBe(990);
    expect(store.visible).toHaveLength(990);
  });

  it('a first run (nothing cached) is listed at once: the listing does not wait for the empty cache', async () => {
    const fake = fakeSource();
    let answerCache: () => void = () => {};
    const source = {
      ...fake.source,
      cachedPart: () =>
        new Promise<{ cached: null; total: number }>(
          (r) => (answerCache = () => r({ cached: null, total: 0 })),
        ),
    };
    const store = new InventoryStore(source, sync);
    const opened = store.open('demo');
    // Asked in the same task as the cache, before its answer.
    expect(fake.lists).toHaveLength(1);
    fake.streamAll([A1, A2]);
    flushSync();
    expect(store.visible).toHaveLength(0); // held until the cache's answer says what was there
    answerCache();
    await opened;
    flushSync();
    expect(store.visible.map((r) => r.instanceId)).toEqual([A1.instanceId, A2.instanceId]);
    expect(store.countText).toBe('2 of 2 · 1 of 1 regions');
  });

  /** The demo profile's cache: A1 and A2 in Guangzhou. */
  const twoCached = (): CachedInventory => ({
    profileId: 'demo',
    savedAt: NOW,
    regions: [{ region: GZ, name: GZ, listedAt: NOW, count: 2 }],
    instances: [A1, A2],
  });

  it('a prefetched first screen is the one open() shows; another profile asks for its own', async () => {
    const cached = twoCached();
    const fake = fakeSource({ cached: { demo: cached, work: { ...cached, profileId: 'work' } } });
    const store = new InventoryStore(fake.source, sync);
    store.prefetch('demo');
    expect(fake.cachedParts).toEqual([{ profileId: 'demo', offset: 0, limit: 200 }]);
    await store.open('demo');
    flushSync();
    expect(fake.cachedParts).toHaveLength(1);
    expect(store.visible.map((r) => r.instanceId)).toEqual([A1.instanceId, A2.instanceId]);
    store.prefetch('demo');
    await store.open('work');
    expect(fake.cachedParts.map((p) => p.profileId)).toEqual(['demo', 'demo', 'work']);
  });

  it('a profile opened before it is known to exist is listed only once confirmed, and takes its name then', async () => {
    const cached = twoCached();
    const fake = fakeSource({ cached: { demo: cached } });
    const refused = new InventoryStore(fake.source, sync);
    await refused.open('demo', 'demo', Promise.resolve(false));
    flushSync();
    expect(refused.visible).toHaveLength(2);
    expect(fake.lists).toEqual([]);
    const store = new InventoryStore(fake.source, sync);
    await store.open('demo', 'demo', Promise.resolve(true));
    expect(fake.lists).toHaveLength(1);
    await store.show([{ profileId: 'demo', name: 'Demo cloud' }]);
    expect(store.profile('demo')?.name).toBe('Demo cloud');
    expect(fake.lists).toHaveLength(1);
  });

  it('a hidden window (no frame comes) still gets the rest of the cache, and lists', async () => {
    const rows = fleetInstances(300, 5);
    const fake = fakeSource({
      cached: { demo: { profileId: 'demo', savedAt: NOW, regions: [], instances: rows } },
    });
    const store = new InventoryStore(fake.source, { now: () => NOW, schedule: () => {}, paintWaitMs: 10 });
    await store.open('demo');
    expect(fake.cachedParts.map((p) => p.offset)).toEqual([0, 200]);
    expect(fake.lists).toHaveLength(1);
  });

  it('a cache saved again between the first screen and the rest is taken whole', async () => {
    const older: CachedInventory = {
      profileId: 'demo',
      savedAt: NOW - 1000,
      regions: [{ region: GZ, name: GZ, listedAt: NOW - 1000, count: 300 }],
      instances: Array.from({ length: 300 }, (_, i) => inst(`ins-old${String(i).padStart(5, '0')}`, GZ)),
    };
    const newer: CachedInventory = {
      ...older,
      savedAt: NOW,
      instances: Array.from({ length: 250 }, (_, i) => inst(`ins-new${String(i).padStart(5, '0')}`, GZ)),
    };
    const fake = fakeSource({ cached: { demo: older } });
    const source = { ...fake.source };
    let calls = 0;
    // Another window's listing saves the cache right after the first screen was read.
    source.cachedPart = async (profileId, offset, limit) => {
      calls += 1;
      const answer = await fake.source.cachedPart(profileId, offset, limit);
      if (calls === 1) Object.assign(older, newer);
      return answer;
    };
    const store = new InventoryStore(source, sync);
    await store.open('demo');
    flushSync();
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
    expect(fake.cachedParts.map((p) => [p.offset, p.limit])).toEqual([
      [0, 200],
      [200, 300],
      [0, 250],
    ]);
    // Every row of the newer list is there; the older list's first screen stays until the listing removes it.
    const ids = new Set(store.visible.map((r) => r.instanceId));
    expect(newer.instances.every((i) => ids.has(i.instanceId))).toBe(true);
    fake.streamAll(newer.instances);
    flushSync();
    expect(store.total).toBe(250);
  });

  it('a refresh updates rows in place, keeps the selection, and removes only rows gone from a region that answered', async () => {
    const fake = fakeSource();
    const store = new InventoryStore(fake.source, sync);
    await store.open('demo');
    fake.streamAll([A1, A2, B1]);
    store.toggleSelected(rowKey('demo', A1.instanceId));
    store.toggleSelected(rowKey('demo', A2.instanceId));
    const before = store.row(rowKey('demo', B1.instanceId));
    await store.refresh('demo');
    // During the refresh nothing disappears.
    expect(store.total).toBe(3);
    fake.streamAll([{ ...A1, state: 'STOPPED' }, B1]); // A2 was terminated
    flushSync();
    expect(store.row(rowKey('demo', A1.instanceId))?.state).toBe('STOPPED');
    expect(store.row(rowKey('demo', A2.instanceId))).toBeUndefined();
    expect([...store.selection]).toEqual([rowKey('demo', A1.instanceId)]);
    expect(store.row(rowKey('demo', B1.instanceId))).toEqual(before);
  });

  it('a failed refresh keeps the previous rows and says why; a refused key marks the profile', async () => {
    const fake = fakeSource();
    const store = new InventoryStore(fake.source, sync);
    await store.open('demo');
    fake.streamAll([A1, A2, B1]);
    await store.refresh('demo');
    const { listingId } = fake.lastListing();
    const error = { kind: 'network' as const, code: 'NetworkError', message: 'The network is down.' };
    fake.emit({ listingId, profileId: 'demo', type: 'done', error });
    flushSync();
    expect(store.total).toBe(3);
    expect(store.profile('demo')!.failure).toEqual(error);
    expect(store.profile('demo')!.keyRefused).toBeNull();
    expect(store.profile('demo')!.regions.map((r) => r.status)).toEqual(['cached', 'cached']);
    expect(store.staleSince).toBe(NOW);

    await store.refresh('demo');
    const refused = { kind: 'auth' as const, code: 'AuthFailure.SecretIdNotFound', message: 'No such key.' };
    fake.emit({ listingId: fake.lastListing().listingId, profileId: 'demo', type: 'done', error: refused });
    expect(store.profile('demo')!.keyRefused).toEqual(refused);
    expect(store.total).toBe(3);
  });

  it('a failing region shows its error, keeps its earlier rows, and Retry lists it alone', async () => {
    const fake = fakeSource();
    const store = new InventoryStore(fake.source, sync);
    await store.open('demo');
    fake.streamAll([A1, A2, B1]);
    await store.refresh('demo');
    fake.streamAll([A1, A2], { failRegions: { [TK]: 'UnauthorizedOperation' } });
    flushSync();
    expect(store.row(rowKey('demo', B1.instanceId))).toBeDefined();
    const tokyo = store.profile('demo')!.regions.find((r) => r.region === TK)!;
    expect(tokyo).toMatchObject({ status: 'error', count: 1, error: { code: 'UnauthorizedOperation' } });
    expect(store.countText).toBe('3 of 3 · 1 of 2 regions');
    await store.retryRegion('demo', TK);
    expect(fake.lastListing().regions).toEqual([TK]);
    const { listingId } = fake.lastListing();
    fake.emit({ listingId, profileId: 'demo', type: 'rows', region: TK, instances: [B1] });
    fake.emit({ listingId, profileId: 'demo', type: 'region', region: TK, ok: true, count: 1 });
    fake.emit({ listingId, profileId: 'demo', type: 'done' });
    expect(store.countText).toBe('3 of 3 · 2 of 2 regions');
  });

  it('events of an unknown or superseded listing change nothing', async () => {
    const fake = fakeSource();
    const store = new InventoryStore(fake.source, sync);
    await store.open('demo');
    fake.emit({ listingId: 'not-ours', profileId: 'demo', type: 'rows', region: GZ, instances: [A1] });
    fake.emit({
      listingId: fake.lastListing().listingId,
      profileId: 'other',
      type: 'rows',
      region: GZ,
      instances: [A1],
    });
    expect(store.total).toBe(0);
  });

  it(
    'streams 10,000 rows page by page, coalescing pages into few table updates',
    { timeout: 60_000 },
    async () => {
      const fake = fakeSource();
      const flushes: (() => void)[] = [];
      const store = new InventoryStore(fake.source, { schedule: (f) => flushes.push(f), now: () => NOW });
      await store.open('demo');
      const rows = fleetInstances(10_000, 2);
      fake.streamAll(rows);
      // 130 events (regions, 111 pages, 18 region ends, done) in one frame: one update, at the frame.
      expect(flushes).toHaveLength(1);
      expect(store.total).toBe(0);
      flushes.shift()!();
      expect(store.total).toBe(10_000);
      expect(store.countText).toBe('10,000 of 10,000 · 18 of 18 regions');
      // A refresh merged in one frame keeps the selection and the order (by name, then ID).
      const picked = [store.visible[3]!.key, store.visible[9_000]!.key];
      for (const key of picked) store.toggleSelected(key);
      await store.refresh('demo');
      fake.streamAll(rows.map((r, i) => (i % 7 ? r : { ...r, state: 'STOPPED' })));
      expect(flushes).toHaveLength(1);
      flushes.shift()!();
      expect([...store.selection]).toEqual(picked);
      const order = (r: { name: string; instanceId: string }) => [
        naturalKey(r.name || r.instanceId),
        r.instanceId,
      ];
      const keys = store.visible.map(order);
      const sorted = [...keys].sort((a, b) =>
        a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1,
      );
      expect(keys).toEqual(sorted);
      expect(store.visible.filter((r) => r.state === 'STOPPED').length).toBeGreaterThanOrEqual(
        Math.floor(10_000 / 7),
      );
      store.query = 'web-prod';
      expect(store.visible.length).toBeGreaterThan(10);
      expect(store.visible.every((r) => r.name.includes('web-prod'))).toBe(true);
      expect(store.countText).toBe(
        `${store.visible.length.toLocaleString('en-US')} of 10,000 · 18 of 18 regions`,
      );
    },
  );

  /** A store whose frames run when the test says (fake timers on), with the listing its open() started. */
  async function framedStore() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const fake = fakeSource();
    const frames: (() => void)[] = [];
    const store = new InventoryStore(fake.source, { schedule: (f) => frames.push(f), now: () => NOW });
    await store.open('demo');
    const { listingId, profileId } = fake.lastListing();
    const frame = () => frames.splice(0).forEach((f) => f());
    return { fake, frames, store, frame, tag: { listingId, profileId } };
  }

  it('while a listing streams, its first page and its end show at the next frame, the pages between at most every STREAM_UPDATE_MS', async () => {
    try {
      const { fake, frames, store, frame, tag } = await framedStore();
      const page = (region: string, n: number) =>
        Array.from({ length: 100 }, (_, i) =>
          inst(`ins-${region.slice(3, 5)}${n}${String(i).padStart(4, '0')}`, region),
        );
      fake.emit({ ...tag, type: 'regions', regions: [GZ, TK].map((region) => ({ region, name: region })) });
      // The first event is shown at the next frame, with what came before that frame.
      expect(frames).toHaveLength(1);
      fake.emit({ ...tag, type: 'rows', region: GZ, instances: page(GZ, 1) });
      frame();
      expect(store.total).toBe(100);
      // Pages 25 ms apart (40/s): one update for all that came within STREAM_UPDATE_MS of the last.
      const pages = STREAM_UPDATE_MS / 25;
      expect(pages).toBeGreaterThan(2);
      for (let n = 2; n <= pages; n++) {
        await vi.advanceTimersByTimeAsync(25);
        fake.emit({ ...tag, type: 'rows', region: GZ, instances: page(GZ, n) });
        expect(frames).toHaveLength(0);
      }
      await vi.advanceTimersByTimeAsync(25);
      expect(frames).toHaveLength(1);
      frame();
      expect(store.total).toBe(pages * 100);
      fake.emit({ ...tag, type: 'region', region: GZ, ok: true, count: pages * 100 });
      fake.emit({ ...tag, type: 'rows', region: TK, instances: page(TK, 1) });
      expect(frames).toHaveLength(0);
      // The last region's end is shown at the next frame, with every row before it.
      fake.emit({ ...tag, type: 'region', region: TK, ok: true, count: 100 });
      expect(frames).toHaveLength(1);
      frame();
      const all = ((pages + 1) * 100).toLocaleString('en');
      expect(store.countText).toBe(`${all} of ${all} · 2 of 2 regions`);
      await vi.advanceTimersByTimeAsync(2 * STREAM_UPDATE_MS);
      expect(frames).toHaveLength(0); // no update left waiting
    } finally {
      vi.useRealTimers();
    }
  });

  it("a listing's first rows show at the next frame, even right after its regions were shown", async () => {
    try {
      const { fake, frames, store, frame, tag } = await framedStore();
      fake.emit({ ...tag, type: 'regions', regions: [{ region: GZ, name: GZ }] });
      frame();
      expect(store.total).toBe(0);
      await vi.advanceTimersByTimeAsync(5);
      // DescribeRegions' answer was shown a moment ago; the first rows do not wait 100 ms behind it.
      fake.emit({ ...tag, type: 'rows', region: GZ, instances: [A1] });
      expect(frames).toHaveLength(1);
      frame();
      expect(store.total).toBe(1);
      // The pages after it do wait for the next update.
      fake.emit({ ...tag, type: 'rows', region: GZ, instances: [A2] });
      expect(frames).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('live state updates move a power action from accepted to done', async () => {
    const fake = fakeSource();
    const store = new InventoryStore(fake.source, sync);
    await store.open('demo');
    fake.streamAll([A1, A2]);
    fake.setPowerAnswer((input) =>
      input.targets.map((t) =>
        t.instanceId === A2.instanceId
          ? {
              ...t,
              outcome: 'refused',
              error: {
                kind: 'instance-transitional',
                code: 'UnsupportedOperation.InstanceStateRunning',
                message: 'running',
              },
            }
          : { ...t, outcome: 'accepted' },
      ),
    );
    const rows = [store.row(rowKey('demo', A1.instanceId))!, store.row(rowKey('demo', A2.instanceId))!];
    await store.power('reboot', rows, { stopType: 'HARD' });
    expect(fake.powers).toEqual([
      {
        profileId: 'demo',
        action: 'reboot',
        targets: [
          { region: GZ, instanceId: A1.instanceId },
          { region: GZ, instanceId: A2.instanceId },
        ],
        stopType: 'HARD',
      },
    ]);
    const k1 = rowKey('demo', A1.instanceId);
    expect(store.progress.get(k1)?.phase).toBe('accepted');
    expect(store.progress.get(rowKey('demo', A2.instanceId))).toMatchObject({
      phase: 'refused',
      error: { code: 'UnsupportedOperation.InstanceStateRunning' },
    });
    fake.emitInstances('demo', [{ ...A1, state: 'RUNNING' }]); // not yet rebooting
    expect(store.progress.get(k1)?.phase).toBe('accepted');
    fake.emitInstances('demo', [{ ...A1, state: 'REBOOTING' }]);
    expect(store.row(k1)?.state).toBe('REBOOTING');
    fake.emitInstances('demo', [{ ...A1, state: 'RUNNING' }]);
    expect(store.progress.get(k1)?.phase).toBe('settled');
  });

  it('favourites are pinned to the top; opened instances become recents', async () => {
    const fake = fakeSource();
    const store = new InventoryStore(fake.source, sync);
    await store.open('demo');
    fake.streamAll([A1, A2, B1]);
    const b1 = store.row(rowKey('demo', B1.instanceId))!;
    expect(store.visible[0]?.instanceId).toBe(A1.instanceId);
    await store.toggleFavourite(b1);
    expect(store.isFavourite(b1)).toBe(true);
    expect(store.visible[0]?.instanceId).toBe(B1.instanceId);
    await store.recordOpened(store.row(rowKey('demo', A2.instanceId))!);
    expect(store.recents.map((r) => r.instanceId)).toEqual([A2.instanceId]);
    await store.toggleFavourite(b1);
    expect(store.visible[0]?.instanceId).toBe(A1.instanceId);
  });

  it('a change of the language Tencent answers in lists again, so region names come in it', async () => {
    const fake = fakeSource();
    const store = new InventoryStore(fake.source, sync);
    await store.tencentLanguageChanged('en-US'); // the window's first language: noted only
    await store.open('demo');
    fake.streamAll([A1, B1]);
    flushSync();
    expect(fake.lists).toHaveLength(1);
    await store.tencentLanguageChanged('en-US'); // English to Korean: Tencent still answers in en-US
    expect(fake.lists).toHaveLength(1);
    await store.tencentLanguageChanged('zh-CN');
    expect(fake.lists).toHaveLength(2);
    expect(fake.lastListing().regions).toBeUndefined(); // every region, DescribeRegions included
    // Main answers in the new language (a stand-in for DescribeRegions with X-TC-Language: zh-CN).
    const { listingId, profileId } = fake.lastListing();
    fake.emit({
      listingId,
      profileId,
      type: 'regions',
      regions: [
        { region: GZ, name: '华南地区(广州)' },
        { region: TK, name: '亚太东北(东京)' },
      ],
    });
    flushSync();
    expect(store.profile('demo')!.regions.map((r) => r.name)).toEqual(['华南地区(广州)', '亚太东北(东京)']);
  });
});
