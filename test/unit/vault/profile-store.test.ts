// profiles.json: read with a schema, written atomically, and a bad file moved aside (never
// overwritten or emptied) with a notice that names it and says why.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EMPTY_PROFILES,
  ProfileStore,
  type ProfileRecord,
  type ProfilesFile,
} from '../../../src-main/vault/profile-store';

let dir: string;
let file: string;
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cvm-profiles-'));
  file = join(dir, 'profiles.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const record: ProfileRecord = {
  kind: 'keys',
  id: 'key-abc',
  name: 'Work',
  site: 'china',
  defaultRegion: 'ap-guangzhou',
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  storage: 'keychain',
  createdAt: NOW,
  lastUsedAt: null,
};
const data: ProfilesFile = { version: 1, defaultProfileId: 'key-abc', profiles: [record] };

describe('ProfileStore', () => {
  it('starts empty without a file, and creates none by reading', async () => {
    expect(await new ProfileStore(file).load()).toEqual({ data: EMPTY_PROFILES });
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes atomically and reads back what it wrote', async () => {
    const store = new ProfileStore(join(dir, 'nested', 'profiles.json'));
    await store.save(data);
    expect((await new ProfileStore(store.file).load()).data).toEqual(data);
    // No temp file is left next to it.
    expect(await readdir(join(dir, 'nested'))).toEqual(['profiles.json']);
  });

  it('queues writes so the last one wins', async () => {
    const store = new ProfileStore(file);
    const renamed = { ...data, profiles: [{ ...record, name: 'Renamed' }] };
    await Promise.all([store.save(data), store.save(renamed), store.save(data), store.save(renamed)]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(renamed);
  });

  it('refuses to write a list that breaks the schema', async () => {
    const store = new ProfileStore(file);
    expect(() => store.save({ ...data, profiles: [record, record] })).toThrow(/duplicate id/);
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    [
      'not JSON',
      '{"version": 1,\n  "profiles": [\n    oops\n]}',
      'it is not valid JSON (line 3)',
      { key: 'profiles.notice.reason.notJson', params: { line: 3 } },
    ],
    [
      'the wrong shape',
      '{"version": 1, "defaultProfileId": null, "profiles": [{"id": "x"}]}',
      'expected shape',
      {
        key: 'profiles.notice.reason.shapeAt',
        params: { where: 'profiles.0.kind', rule: { key: 'profiles.input.generic.invalid' } },
      },
    ],
    [
      'an array',
      '[]',
      'expected shape',
      { key: 'profiles.notice.reason.shape', params: { rule: { key: 'profiles.input.generic.type' } } },
    ],
    [
      'a secret field',
      JSON.stringify({ ...data, profiles: [{ ...record, secretKey: 'x' }] }),
      'expected shape',
      {
        key: 'profiles.notice.reason.shapeAt',
        params: { where: 'profiles.0', rule: { key: 'profiles.input.notAField' } },
      },
    ],
  ])('moves aside a file that is %s, names it and says why', async (_what, text, reason, reasonText) => {
    await writeFile(file, text);
    const { data: loaded, notice } = await new ProfileStore(file, { now: () => NOW }).load();
    expect(loaded).toEqual(EMPTY_PROFILES);
    expect(notice?.code).toBe('ProfilesFileCorrupt');
    expect(notice?.file).toBe(file);
    expect(notice?.reason).toContain(reason);
    // The window words the reason from its keys; zod's own English is never among them.
    expect(notice?.reasonText).toEqual(reasonText);
    expect(notice?.message).toContain(file);
    expect(notice?.message).toContain(reason);
    const aside = notice?.movedTo as string;
    expect(aside.startsWith(`${file}.corrupt-2025-06-01T12-00-00-000Z`)).toBe(true);
    expect(notice?.message).toContain(aside.slice(dir.length + 1));
    // Moved, byte for byte; the original name is free and a save does not touch the old content.
    expect(await readFile(aside, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual([aside.slice(dir.length + 1)]);
  });

  it('moves aside a profiles.json that is a folder', async () => {
    await mkdir(file);
    const { notice } = await new ProfileStore(file).load();
    expect(notice).toMatchObject({ code: 'ProfilesFileCorrupt', reason: 'it is not a file' });
  });

  it('keeps the moved-aside file when the next save writes a fresh list', async () => {
    await writeFile(file, '{broken');
    const store = new ProfileStore(file);
    const { notice } = await store.load();
    await store.save(data);
    expect(await readFile(notice?.movedTo as string, 'utf8')).toBe('{broken');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(data);
  });

  it('never writes over a bad file it could not move aside', async () => {
    await writeFile(file, '{broken');
    const store = new ProfileStore(file, {
      rename: async () => {
        throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
      },
    });
    const { data: loaded, notice } = await store.load();
    expect(loaded).toEqual(EMPTY_PROFILES);
    expect(notice).toMatchObject({ code: 'ProfilesFileStuck', file });
    expect(notice?.message).toContain(file);
    expect(notice?.message).toContain('EPERM');
    await expect(store.save(data)).rejects.toMatchObject({
      code: 'ProfilesFileReadOnly',
      messageKey: 'profiles.error.readOnly',
      messageParams: { file },
    });
    expect(await readFile(file, 'utf8')).toBe('{broken');
  });

  it('leaves a file from a newer version alone and does not write over it', async () => {
    const text = JSON.stringify({ version: 2, profiles: [], whatever: true });
    await writeFile(file, text);
    const store = new ProfileStore(file);
    const { notice } = await store.load();
    expect(notice).toMatchObject({ code: 'ProfilesFileNewer', file });
    expect(notice?.message).toContain('newer version');
    await expect(store.save(data)).rejects.toMatchObject({ code: 'ProfilesFileReadOnly' });
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['profiles.json']);
  });
});
