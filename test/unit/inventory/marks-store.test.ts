import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENTS, MarksStore } from '../../../src-main/inventory/marks-store';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cvm-marks-'));
  file = join(dir, 'inventory', 'marks.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const A = { region: 'ap-guangzhou', instanceId: 'ins-aaaaaaa1' };
const B = { region: 'ap-tokyo', instanceId: 'ins-bbbbbbb1' };

describe('MarksStore', () => {
  it('keeps favourites and recents per profile and reads them back', async () => {
    let t = 1000;
    const store = new MarksStore(file, undefined, () => t);
    await store.change({ profileId: 'demo', ...A, favourite: true });
    await store.change({ profileId: 'demo', ...A, favourite: true }); // twice is once
    await store.change({ profileId: 'work', ...B, favourite: true });
    await store.change({ profileId: 'demo', ...A, opened: true });
    t = 2000;
    const marks = await store.change({ profileId: 'demo', ...B, opened: true });
    expect(marks).toEqual({
      favourites: [A],
      recents: [
        { ...B, openedAt: 2000 },
        { ...A, openedAt: 1000 },
      ],
    });
    const again = new MarksStore(file);
    await again.load();
    expect(again.all()).toEqual({ demo: marks, work: { favourites: [B], recents: [] } });
  });

  it('unmarks a favourite; reopening moves a recent to the top; recents are capped', async () => {
    let t = 0;
    const store = new MarksStore(file, undefined, () => ++t);
    await store.change({ profileId: 'demo', ...A, favourite: true });
    expect((await store.change({ profileId: 'demo', ...A, favourite: false })).favourites).toEqual([]);
    for (let i = 0; i < MAX_RECENTS + 5; i++) {
      await store.change({
        profileId: 'demo',
        region: 'ap-guangzhou',
        instanceId: `ins-${String(i).padStart(8, '0')}`,
        opened: true,
      });
    }
    const marks = await store.change({
      profileId: 'demo',
      region: 'ap-guangzhou',
      instanceId: 'ins-00000010',
      opened: true,
    });
    expect(marks.recents).toHaveLength(MAX_RECENTS);
    expect(marks.recents[0]?.instanceId).toBe('ins-00000010');
    expect(marks.recents.filter((r) => r.instanceId === 'ins-00000010')).toHaveLength(1);
  });

  it('ignores a bad or other-version file and replaces it at the next change', async () => {
    for (const text of [
      '{',
      JSON.stringify({ version: 2, profiles: {} }),
      JSON.stringify({
        version: 1,
        profiles: { demo: { favourites: [{ region: 'x', instanceId: 'y' }], recents: [] } },
      }),
    ]) {
      const warnings: string[] = [];
      const f = join(dir, 'marks.json');
      await writeFile(f, text);
      const store = new MarksStore(f, (m) => warnings.push(m));
      await store.load();
      expect(store.all()).toEqual({});
      expect(warnings).toHaveLength(1);
      await store.change({ profileId: 'demo', ...A, favourite: true });
      expect(JSON.parse(await readFile(f, 'utf8'))).toEqual({
        version: 1,
        profiles: { demo: { favourites: [A], recents: [] } },
      });
    }
  });
});
