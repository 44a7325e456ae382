// The palette's data: every profile's cached inventory with its marks at once, stale caches listed
// again in the background, any listing that ends re-read, a failing profile kept on its cache.
import { describe, expect, it, vi } from 'vitest';
import type {
  CachedInventory,
  InventoryInstance,
  InventoryListingEvent,
  ProfileSummary,
} from '../../../src-main/contract';
import {
  QuickConnectState,
  STALE_AFTER_MS,
  type QuickConnectSource,
} from '../../../src-renderer/palette/quick-connect.svelte';

const NOW = 1_800_000_000_000;

const profile = (id: string, name: string): ProfileSummary => ({
  id,
  name,
  kind: 'keys',
  site: 'intl',
  defaultRegion: 'ap-guangzhou',
});
const instance = (instanceId: string, name: string): InventoryInstance => ({
  instanceId,
  name,
  state: 'RUNNING',
  region: 'ap-guangzhou',
  zone: 'ap-guangzhou-3',
  osName: 'Linux',
  type: 'S5.SMALL2',
  privateIps: ['10.0.0.1'],
  publicIps: [],
  tags: [],
  chargeType: 'POSTPAID_BY_HOUR',
});
const cache = (profileId: string, savedAt: number, instances: InventoryInstance[]): CachedInventory => ({
  profileId,
  savedAt,
  regions: [],
  instances,
});

function fakeSource(caches: Record<string, CachedInventory | null>) {
  const listeners = new Set<(e: InventoryListingEvent) => void>();
  const emit = (e: InventoryListingEvent) => listeners.forEach((l) => l(e));
  const source = {
    profiles: vi.fn(async () => [profile('work', 'Work'), profile('home', 'Home')]),
    cached: vi.fn(async (id: string) => caches[id] ?? null),
    marks: vi.fn(async () => ({
      work: { favourites: [{ region: 'ap-guangzhou', instanceId: 'ins-work0002' }], recents: [] },
    })),
    list: vi.fn(async (_input: { profileId: string; listingId: string }) => ({})),
    onListing: (l: (e: InventoryListingEvent) => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    find: vi.fn(),
  } satisfies QuickConnectSource;
  return { source, emit, listeners };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('QuickConnectState', () => {
  it('shows every cache with its marks at once, lists a stale one again, and follows its end', async () => {
    const caches = {
      work: cache('work', NOW - 1000, [
        instance('ins-work0001', 'work-01'),
        instance('ins-work0002', 'work-02'),
      ]),
      home: cache('home', NOW - STALE_AFTER_MS - 1, [instance('ins-home0001', 'home-01')]),
    };
    const { source, emit } = fakeSource(caches);
    const state = new QuickConnectState(source, { now: () => NOW, newListingId: () => 'q1' });
    // Two openings at once share one refresh.
    const done = Promise.all([state.refresh(), state.refresh()]);
    await flush();
    expect(source.profiles).toHaveBeenCalledTimes(1);
    expect(state.entries.map((e) => [e.profileName, e.instanceId, e.favourite ?? false])).toEqual([
      ['Work', 'ins-work0001', false],
      ['Work', 'ins-work0002', true],
      ['Home', 'ins-home0001', false],
    ]);
    // Only the stale profile is listed again; the palette waits for its end.
    expect(source.list).toHaveBeenCalledExactlyOnceWith({ profileId: 'home', listingId: 'q1' });
    expect(state.refreshing).toBe(true);
    caches.home = cache('home', NOW, [
      instance('ins-home0001', 'home-01'),
      instance('ins-home0002', 'home-02'),
    ]);
    emit({ listingId: 'q1', profileId: 'home', type: 'done' });
    await done;
    await flush();
    expect(state.entries.map((e) => e.instanceId)).toEqual([
      'ins-work0001',
      'ins-work0002',
      'ins-home0001',
      'ins-home0002',
    ]);
    expect(state.refreshing).toBe(false);
    expect(state.message).toBe('');
  });

  it('keeps a profile whose listing failed on its cache, and says so', async () => {
    const { source, emit } = fakeSource({
      work: null,
      home: cache('home', NOW, [instance('ins-home0001', 'h')]),
    });
    const state = new QuickConnectState(source, { now: () => NOW, newListingId: () => 'q1' });
    const done = state.refresh();
    await flush();
    emit({
      listingId: 'q1',
      profileId: 'work',
      type: 'done',
      error: { kind: 'network', code: 'NetworkError', message: 'network down' },
    });
    await done;
    expect(state.entries.map((e) => e.instanceId)).toEqual(['ins-home0001']);
    expect(state.message).toBe('Could not refresh Work: showing what was listed before.');
  });

  it('does not start a listing the window already runs; its end is re-read', async () => {
    const caches: Record<string, CachedInventory | null> = { work: null, home: cache('home', NOW, []) };
    const { source, emit } = fakeSource(caches);
    const state = new QuickConnectState(source, { now: () => NOW, newListingId: () => 'q1' });
    const first = state.refresh(); // nothing under way yet: work (never listed) is listed
    await flush();
    expect(source.list).toHaveBeenCalledTimes(1);
    emit({ listingId: 'q1', profileId: 'work', type: 'done' });
    await first;
    emit({ listingId: 'store-1', profileId: 'work', type: 'regions', regions: [] });
    source.list.mockClear();
    const again = state.refresh();
    await flush();
    expect(source.list).not.toHaveBeenCalled();
    caches.work = cache('work', NOW, [instance('ins-work0001', 'w')]);
    emit({ listingId: 'store-1', profileId: 'work', type: 'done' });
    await again;
    await flush();
    expect(state.entries.map((e) => e.instanceId)).toEqual(['ins-work0001']);
    state.dispose();
  });

  it('looks an unknown ID up in one profile, and shows why when it is not there', async () => {
    const ref = { profileId: 'work', region: 'ap-seoul', instanceId: 'ins-abcd1234' };
    const find = vi
      .fn()
      .mockResolvedValueOnce(ref)
      .mockRejectedValueOnce(new Error('No instance ins-zzzzzzzz in any region of the profile "Work".'));
    const { source } = fakeSource({});
    const state = new QuickConnectState({ ...source, find });
    expect(await state.lookup('ins-abcd1234', 'work')).toEqual(ref);
    expect(find).toHaveBeenCalledWith('work', 'ins-abcd1234');
    expect(await state.lookup('ins-zzzzzzzz', 'work')).toBeNull();
    expect(state.message).toContain('No instance ins-zzzzzzzz');
  });
});
