import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CachedInventory, InventoryInstance } from '../../../src-main/contract';
import {
  CACHE_VERSION,
  InventoryCache,
  SAVE_SLICE_ROWS,
  mergeListing,
} from '../../../src-main/inventory/inventory-cache';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cvm-inventory-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function row(id: string, region: string, extra: Partial<InventoryInstance> = {}): InventoryInstance {
  return {
    instanceId: id,
    name: `name-${id}`,
    state: 'RUNNING',
    region,
    zone: `${region}-1`,
    osName: 'TencentOS Server 3.1',
    type: 'S5.MEDIUM4',
    privateIps: ['10.0.0.2'],
    publicIps: [],
    tags: [{ key: 'env', value: 'prod' }],
    chargeType: 'POSTPAID_BY_HOUR',
    ...extra,
  };
}

const SNAPSHOT: CachedInventory = {
  profileId: 'demo',
  savedAt: 1_700_000_000_000,
  regions: [
    { region: 'ap-guangzhou', name: 'South China(Guangzhou)', listedAt: 1_700_000_000_000, count: 2 },
    { region: 'ap-tokyo', name: 'Northeast Asia(Tokyo)', listedAt: 1_699_999_000_000, count: 1 },
  ],
  instances: [
    // In the order the cache saves them in (by name).
    row('ins-aaaaaaa1', 'ap-guangzhou'),
    row('ins-bbbbbbb1', 'ap-tokyo'),
    row('ins-aaaaaaa2', 'ap-guangzhou', { name: '未命名' }),
  ],
};

describe('InventoryCache', () => {
  it('has nothing before any listing (no folder yet)', async () => {
    const cache = new InventoryCache(join(dir, 'missing'));
    await cache.load();
    expect(cache.get('demo')).toBeUndefined();
  });

  it('saves a profile atomically and a new cache reads it back at load()', async () => {
    const folder = join(dir, 'inventory');
    await new InventoryCache(folder).save(SNAPSHOT);
    expect(await readdir(folder)).toEqual(['demo.json']); // no temp file left behind
    const json = JSON.parse(await readFile(join(folder, 'demo.json'), 'utf8'));
    expect(json.version).toBe(CACHE_VERSION);
    const again = new InventoryCache(folder);
    await again.load();
    expect(again.get('demo')).toEqual(SNAPSHOT);
    // Saved in the table's default order (by name, numbers by value): the window shows the first
    // rows of the cache before it has indexed the rest.
    await again.save({ ...SNAPSHOT, instances: [...SNAPSHOT.instances].reverse() });
    expect(again.get('demo')).toEqual(SNAPSHOT);
    await again.save({
      ...SNAPSHOT,
      instances: [
        row('ins-00000010', 'ap-tokyo', { name: 'web-10' }),
        row('ins-00000002', 'ap-tokyo', { name: 'web-2' }),
      ],
    });
    expect(again.get('demo')!.instances.map((i) => i.name)).toEqual(['web-2', 'web-10']);
  });

  it('ignores a corrupt, foreign, mistyped or other-version file with a warning, then replaces it', async () => {
    const bad: Record<string, string> = {
      'not JSON': '{"version":1, "profileId": "demo", "savedAt": 1, "regi',
      'version 0': JSON.stringify({ ...SNAPSHOT, version: 0 }),
      'version 2': JSON.stringify({ ...SNAPSHOT, version: 2 }),
      'no version': JSON.stringify(SNAPSHOT),
      'mistyped field': JSON.stringify({ ...SNAPSHOT, version: 1, savedAt: 'yesterday' }),
      'bad instance id': JSON.stringify({
        ...SNAPSHOT,
        version: 1,
        instances: [row('ins-1122', 'ap-guangzhou')],
      }),
      'extra field': JSON.stringify({ ...SNAPSHOT, version: 1, secretKey: 'x' }),
      'another profile': JSON.stringify({ ...SNAPSHOT, version: 1, profileId: 'other' }),
      array: '[]',
      null: 'null',
    };
    for (const [what, text] of Object.entries(bad)) {
      await writeFile(join(dir, 'demo.json'), text);
      const warnings: string[] = [];
      const cache = new InventoryCache(dir, (m) => warnings.push(m));
      await cache.load();
      expect(cache.get('demo'), what).toBeUndefined();
      expect(warnings, what).toHaveLength(1);
      expect(warnings[0]).toContain('inventory cache of demo ignored');
      // The next listing replaces it.
      await cache.save(SNAPSHOT);
      const reread = new InventoryCache(dir);
      await reread.load();
      expect(reread.get('demo'), what).toEqual(SNAPSHOT);
    }
  });

  it('reads each profile file on its own: one bad file does not hide the others', async () => {
    await new InventoryCache(dir).save(SNAPSHOT);
    await new InventoryCache(dir).save({ ...SNAPSHOT, profileId: 'work-account' });
    await writeFile(join(dir, 'broken.json'), '{');
    await writeFile(join(dir, 'NOT A PROFILE.json'), JSON.stringify(SNAPSHOT));
    await mkdir(join(dir, 'folder.json'));
    const warnings: string[] = [];
    const cache = new InventoryCache(dir, (m) => warnings.push(m));
    await cache.load();
    expect(cache.get('demo')?.instances).toHaveLength(3);
    expect(cache.get('work-account')?.profileId).toBe('work-account');
    expect(cache.get('broken')).toBeUndefined();
    expect(warnings.some((w) => w.includes('broken'))).toBe(true);
  });

  it('forgets a removed profile, on disk too', async () => {
    const cache = new InventoryCache(dir);
    await cache.save(SNAPSHOT);
    await cache.remove('demo');
    expect(cache.get('demo')).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
    await cache.remove('demo'); // twice is fine
  });

  it('saves a large listing a slice at a time, main’s event loop running in between', async () => {
    // s27: 10,000 rows checked, sorted and written out in one piece held main's event loop for
    // ~100 ms of CPU. Each row's name notes the turn of the event loop it was read in.
    let turn = 0;
    let ticking = true;
    const tick = (): void => {
      turn += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const readsPerTurn = new Map<number, number>();
    const instances = Array.from({ length: 10_000 }, (_, n) => {
      const r = row(`ins-${String(n).padStart(8, '0')}`, 'ap-guangzhou');
      const name = r.name;
      Object.defineProperty(r, 'name', {
        enumerable: true,
        get: () => {
          readsPerTurn.set(turn, (readsPerTurn.get(turn) ?? 0) + 1);
          return name;
        },
      });
      return r;
    });
    const cache = new InventoryCache(dir);
    try {
      await cache.save({ ...SNAPSHOT, instances });
    } finally {
      ticking = false;
    }
    // Every row was checked (the checked copies are then sorted and written), never all in one turn.
    const reads = [...readsPerTurn.values()];
    expect(reads.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(instances.length);
    expect(readsPerTurn.size).toBeGreaterThan(10);
    expect(Math.max(...reads)).toBeLessThanOrEqual(SAVE_SLICE_ROWS);
    // And the file is what a plain JSON.stringify would have written.
    const again = new InventoryCache(dir);
    await again.load();
    expect(again.get('demo')?.instances.map((i) => i.instanceId)).toEqual(instances.map((i) => i.instanceId));
    const text = await readFile(join(dir, 'demo.json'), 'utf8');
    expect(text).toBe(JSON.stringify({ version: CACHE_VERSION, ...again.get('demo') }));
  });

  it('keeps the last of two saves of a profile made at once', async () => {
    const cache = new InventoryCache(dir);
    const older = cache.save(SNAPSHOT);
    const newer = cache.save({
      ...SNAPSHOT,
      savedAt: SNAPSHOT.savedAt + 1,
      instances: SNAPSHOT.instances.slice(0, 1),
    });
    await Promise.all([older, newer]);
    const again = new InventoryCache(dir);
    await again.load();
    expect(again.get('demo')?.savedAt).toBe(SNAPSHOT.savedAt + 1);
    expect(cache.get('demo')?.instances).toHaveLength(1);
  });

  it('refuses to save what it could not read back (and keeps the previous entry)', async () => {
    const cache = new InventoryCache(dir);
    await cache.save(SNAPSHOT);
    await expect(
      cache.save({ ...SNAPSHOT, instances: [row('not-an-id', 'ap-guangzhou')] }),
    ).rejects.toThrow();
    expect(cache.get('demo')).toEqual(SNAPSHOT);
  });
});

describe('mergeListing', () => {
  const NOW = 1_800_000_000_000;
  const names = [
    { region: 'ap-guangzhou', name: '华南地区(广州)' },
    { region: 'ap-tokyo', name: '亚太东北(东京)' },
  ];

  it('replaces regions that answered and keeps a failed region’s previous rows and time', () => {
    const fresh = [row('ins-aaaaaaa3', 'ap-guangzhou')];
    const merged = mergeListing(
      SNAPSHOT,
      'demo',
      { regions: names, complete: true, ok: new Map([['ap-guangzhou', fresh]]) },
      NOW,
    );
    expect(merged.savedAt).toBe(NOW);
    expect(merged.regions).toEqual([
      { region: 'ap-guangzhou', name: '华南地区(广州)', listedAt: NOW, count: 1 },
      { region: 'ap-tokyo', name: '亚太东北(东京)', listedAt: 1_699_999_000_000, count: 1 },
    ]);
    expect(merged.instances.map((i) => i.instanceId)).toEqual(['ins-aaaaaaa3', 'ins-bbbbbbb1']);
  });

  it('a Retry of one region keeps every other region as it was', () => {
    const merged = mergeListing(
      SNAPSHOT,
      'demo',
      { regions: [names[1]!], complete: false, ok: new Map([['ap-tokyo', []]]) },
      NOW,
    );
    expect(merged.regions.map((r) => [r.region, r.count, r.listedAt])).toEqual([
      ['ap-guangzhou', 2, 1_700_000_000_000],
      ['ap-tokyo', 0, NOW],
    ]);
    expect(merged.instances.map((i) => i.instanceId)).toEqual(['ins-aaaaaaa1', 'ins-aaaaaaa2']);
  });

  it('a complete listing drops regions the account no longer has', () => {
    const merged = mergeListing(
      SNAPSHOT,
      'demo',
      { regions: [names[0]!], complete: true, ok: new Map([['ap-guangzhou', []]]) },
      NOW,
    );
    expect(merged.regions.map((r) => r.region)).toEqual(['ap-guangzhou']);
    expect(merged.instances).toEqual([]);
  });

  it('starts from nothing: a failed region without previous rows is simply absent', () => {
    const merged = mergeListing(
      undefined,
      'demo',
      { regions: names, complete: true, ok: new Map([['ap-tokyo', [row('ins-bbbbbbb2', 'ap-tokyo')]]]) },
      NOW,
    );
    expect(merged.regions).toEqual([{ region: 'ap-tokyo', name: '亚太东北(东京)', listedAt: NOW, count: 1 }]);
  });
});
