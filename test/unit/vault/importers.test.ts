// Importers: the environment, tccli profiles and the SDK credentials file in a fake HOME. What is
// found is listed masked with its source; a malformed file is named with its line and yields
// nothing; importing puts the keys in the keychain and never copies or changes a file.
import { Translator } from '../../../i18n/translator';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findCredentials } from '../../../src-main/vault/importers';
import { ProfileInputError } from '../../../src-main/vault/errors';
import { KEY, startVault, type VaultFixture } from './fixture';
import { rejectionOf } from '../../support/rejection';

const ID2 = 'AKIDtccliPROD000000000000000000000002';
const KEY2 = 'tccliProdSecret00000000000000002';
const ID3 = 'AKIDsdkDEFAULT00000000000000000000003';
const KEY3 = 'sdkDefaultSecret0000000000000003';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cvm-home-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

async function put(path: string, text: string): Promise<string> {
  const file = join(home, path);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
  return file;
}

/** Every file under HOME with its content and mtime: proves nothing was written or added. */
async function snapshot(dir = home): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    const file = join(dir, name);
    const info = await stat(file);
    if (info.isFile()) out[name] = `${info.mtimeMs} ${await readFile(file, 'utf8')}`;
  }
  return out;
}

const tccliConfigure = (region: string, endpoint = 'cvm.tencentcloudapi.com') =>
  JSON.stringify(
    { _sys_param: { region, output: 'json' }, cvm: { endpoint, version: '2017-03-12' } },
    null,
    4,
  );

describe('findCredentials', () => {
  it('finds the environment key, with its token and region', async () => {
    const { found, problems } = await findCredentials({
      env: {
        TENCENTCLOUD_SECRET_ID: ` ${KEY.secretId}\n`,
        TENCENTCLOUD_SECRET_KEY: KEY.secretKey,
        TENCENTCLOUD_SESSION_TOKEN: 'sessionToken123',
        TENCENTCLOUD_REGION: 'ap-shanghai',
      },
      home,
    });
    expect(problems).toEqual([]);
    expect(found).toEqual([
      expect.objectContaining({
        ref: 'env',
        source: 'environment',
        origin: 'environment variables',
        kind: 'sts',
        secretId: KEY.secretId,
        secretIdMasked: 'AKID…0001',
        token: 'sessionToken123',
        region: 'ap-shanghai',
      }),
    ]);
  });

  it('suggests a name for the environment key in main’s language (it becomes the profile’s name)', async () => {
    const env = { TENCENTCLOUD_SECRET_ID: KEY.secretId, TENCENTCLOUD_SECRET_KEY: KEY.secretKey };
    expect((await findCredentials({ env, home })).found[0]?.suggestedName).toBe('From the environment');
    const zh = new Translator('zh-CN');
    expect((await findCredentials({ env, home, t: zh.t })).found[0]?.suggestedName).toBe('来自环境变量');
  });

  it('says what is wrong with an incomplete or malformed environment key', async () => {
    expect((await findCredentials({ env: { TENCENTCLOUD_SECRET_ID: KEY.secretId }, home })).problems).toEqual(
      [
        {
          source: 'environment',
          text: { key: 'profiles.importProblem.envIncomplete', params: { name: 'TENCENTCLOUD_SECRET_KEY' } },
          message: expect.stringContaining('TENCENTCLOUD_SECRET_KEY is not set'),
        },
      ],
    );
    const bad = await findCredentials({
      env: { TENCENTCLOUD_SECRET_ID: 'oops', TENCENTCLOUD_SECRET_KEY: KEY.secretKey },
      home,
    });
    expect(bad.found).toEqual([]);
    expect(bad.problems[0]?.message).toBe('TENCENTCLOUD_SECRET_ID: A SecretId starts with AKID.');
    // The window words it from keys: the field as the environment names it, and the rule's message.
    expect(bad.problems[0]?.text).toEqual({
      key: 'profiles.importProblem.field',
      params: { field: 'TENCENTCLOUD_SECRET_ID', rule: { key: 'profiles.input.secretIdPrefix' } },
    });
  });

  it('finds tccli profiles: long-term, temporary and role keys, with region and site', async () => {
    await put(
      '.tccli/default.credential',
      JSON.stringify({ secretId: KEY.secretId, secretKey: KEY.secretKey }, null, 4),
    );
    await put('.tccli/default.configure', tccliConfigure('ap-guangzhou'));
    await put('.tccli/prod.credential', JSON.stringify({ secretId: ID2, secretKey: KEY2, token: 'tok' }));
    await put('.tccli/prod.configure', tccliConfigure('ap-singapore', 'cvm.intl.tencentcloudapi.com'));
    await put(
      '.tccli/ops.credential',
      JSON.stringify({
        secretId: ID3,
        secretKey: KEY3,
        'role-arn': 'qcs::cam::uin/100000000001:roleName/ops',
        'role-session-name': 'me',
      }),
    );
    await put('.tccli/sso.credential', JSON.stringify({ type: 'sso', secretId: ID2, secretKey: KEY2 }));
    const { found, problems } = await findCredentials({ env: {}, home });
    expect(
      found.map((c) => [c.ref, c.kind, c.origin.slice(home.length), c.region, c.site, c.suggestedName]),
    ).toEqual([
      ['tccli:default', 'keys', '/.tccli/default.credential', 'ap-guangzhou', undefined, 'tccli default'],
      ['tccli:ops', 'role', '/.tccli/ops.credential', undefined, undefined, 'tccli ops'],
      ['tccli:prod', 'sts', '/.tccli/prod.credential', 'ap-singapore', 'intl', 'tccli prod'],
    ]);
    expect(found[1]).toMatchObject({ roleArn: 'qcs::cam::uin/100000000001:roleName/ops', sessionName: 'me' });
    expect(problems).toEqual([
      expect.objectContaining({ source: 'tccli', file: join(home, '.tccli/sso.credential'), line: 1 }),
    ]);
    expect(problems[0]?.message).toContain('signs in with "sso"');
    expect(problems[0]?.text).toEqual({
      key: 'profiles.importProblem.nothingImported',
      params: { reason: { key: 'profiles.importProblem.signIn', params: { type: 'sso' } } },
    });
  });

  it('names the tccli file and line of a malformed profile, and takes nothing from it', async () => {
    const file = await put(
      '.tccli/default.credential',
      '{\n  "secretId": "AKIDabcdefgh12345678",\n  "secretKey": \n}\n',
    );
    await put(
      '.tccli/bad.credential',
      JSON.stringify({ secretId: KEY.secretId, secretKey: KEY.secretKey }, null, 2),
    );
    const conf = await put('.tccli/bad.configure', '{\n  "_sys_param": {\n    "region": "Guangzhou"\n  }\n}');
    await put('.tccli/short.credential', '{\n  "secretId": "AKIDabcdefgh12345678",\n  "secretKey": ""\n}');
    const { found, problems } = await findCredentials({ env: {}, home });
    expect(found).toEqual([]);
    expect(problems.map((p) => [p.file?.slice(home.length), p.line])).toEqual([
      ['/.tccli/bad.configure', 3],
      ['/.tccli/default.credential', 4],
      ['/.tccli/short.credential', 3],
    ]);
    expect(problems[1]?.message).toBe(`${file} line 4: It is not valid JSON. Nothing was imported from it.`);
    expect(problems[1]?.text).toEqual({
      key: 'profiles.importProblem.nothingImported',
      params: { reason: { key: 'profiles.importProblem.notJson' } },
    });
    expect(problems[0]?.message).toBe(
      `${conf} line 3: region: A region looks like ap-guangzhou. Nothing was imported from it.`,
    );
    expect(problems[2]?.message).toContain('secretKey: Paste the SecretKey.');
    expect(problems[0]?.text.params?.['reason']).toEqual({
      key: 'profiles.importProblem.field',
      params: { field: 'region', rule: { key: 'profiles.input.regionShape' } },
    });
  });

  it('reads every section of the SDK credentials file', async () => {
    await put(
      '.tencentcloud/credentials',
      `# my keys\n[default]\nsecret_id = ${ID3}\nsecret_key = ${KEY3}\n\n[temp]\nsecret_id=${ID2}\nsecret_key="${KEY2}"\ntoken = abc==\n`,
    );
    const { found, problems } = await findCredentials({ env: {}, home });
    expect(problems).toEqual([]);
    expect(
      found.map((c) => [c.ref, c.kind, c.suggestedName, c.secretIdMasked, c.secretKey, c.token]),
    ).toEqual([
      ['sdk:default', 'keys', 'SDK default', 'AKID…0003', KEY3, undefined],
      ['sdk:temp', 'sts', 'SDK temp', 'AKID…0002', KEY2, 'abc=='],
    ]);
  });

  it.each([
    [
      'a line that is no setting',
      '[default]\nsecret_id = AKIDabcdefgh12345678\nthis is not ini\n',
      3,
      'Expected "name = value"',
      { key: 'profiles.importProblem.ini.notASetting' },
    ],
    [
      'a setting outside a section',
      'secret_id = AKIDabcdefgh12345678\n',
      1,
      'before any [section]',
      { key: 'profiles.importProblem.ini.noSection' },
    ],
    [
      'a section given twice',
      '[a]\nsecret_id = x\n[a]\n',
      3,
      'already opened on line 1',
      { key: 'profiles.importProblem.ini.sectionAgain', params: { name: 'a', line: 1 } },
    ],
    [
      'a key given twice',
      '[a]\nsecret_id = x\nsecret_id = y\n',
      3,
      'already set on line 2',
      { key: 'profiles.importProblem.ini.settingAgain', params: { name: 'secret_id', line: 2 } },
    ],
    [
      'a bad SecretId',
      `[default]\nsecret_id = ${KEY3}\nsecret_key = ${KEY3}\n`,
      2,
      'looks like a SecretKey',
      {
        key: 'profiles.importProblem.field',
        params: { field: '[default] secret_id', rule: { key: 'profiles.input.secretIdLooksLikeKey' } },
      },
    ],
    [
      'a missing SecretKey',
      `[default]\nsecret_id = ${ID3}\n[other]\nsecret_id = ${ID2}\nsecret_key = ${KEY2}\n`,
      1,
      'secret_key is missing',
      { key: 'profiles.importProblem.notText', params: { field: '[default] secret_key' } },
    ],
  ])(
    'names the SDK file and line of %s, and takes nothing from it',
    async (_what, text, line, message, reason) => {
      const file = await put('.tencentcloud/credentials', text);
      const { found, problems } = await findCredentials({ env: {}, home });
      expect(found).toEqual([]);
      expect(problems).toEqual([
        {
          source: 'sdk',
          file,
          line,
          text: { key: 'profiles.importProblem.nothingImported', params: { reason } },
          message: expect.stringContaining(message),
        },
      ]);
      expect(problems[0]?.message).toContain(`${file} line ${line}:`);
    },
  );
});

describe('importing', () => {
  let v: VaultFixture;
  beforeAll(async () => {
    v = await startVault();
  });
  afterAll(() => v.close());
  beforeEach(() => v.reset());

  const open = () =>
    v.open({
      importLocations: () => ({ env: { TENCENTCLOUD_SECRET_ID: ID3, TENCENTCLOUD_SECRET_KEY: KEY3 }, home }),
    });

  it('lists what it found masked, with its source, and never a secret', async () => {
    await put(
      '.tccli/default.credential',
      JSON.stringify({ secretId: KEY.secretId, secretKey: KEY.secretKey }),
    );
    await put('.tencentcloud/credentials', '[default]\nsecret_id = broken\n');
    const profiles = await open();
    const scan = await profiles.scanImports();
    expect(scan.candidates).toEqual([
      {
        ref: 'env',
        source: 'environment',
        origin: 'environment variables',
        suggestedName: 'From the environment',
        kind: 'keys',
        secretIdMasked: 'AKID…0003',
      },
      {
        ref: 'tccli:default',
        source: 'tccli',
        origin: join(home, '.tccli/default.credential'),
        suggestedName: 'tccli default',
        kind: 'keys',
        secretIdMasked: 'AKID…0001',
      },
    ]);
    expect(scan.problems).toHaveLength(1);
    const text = JSON.stringify(scan);
    for (const secret of [KEY.secretKey, KEY3, KEY.secretId, ID3]) expect(text).not.toContain(secret);
  });

  it('imports the chosen keys into the keychain and copies no file', async () => {
    await put(
      '.tccli/default.credential',
      JSON.stringify({ secretId: KEY.secretId, secretKey: KEY.secretKey }),
    );
    await put('.tccli/default.configure', tccliConfigure('ap-shanghai'));
    const before = await snapshot();
    const profiles = await open();
    const views = await profiles.importProfiles([{ ref: 'tccli:default' }, { ref: 'env', name: 'Env key' }]);
    expect(views.map((p) => [p.name, p.kind, p.defaultRegion, p.secretIdMasked])).toEqual([
      ['tccli default', 'keys', 'ap-shanghai', 'AKID…0001'],
      ['Env key', 'keys', 'ap-guangzhou', 'AKID…0003'],
    ]);
    expect([...v.keyring.entries.values()].join()).toContain(KEY.secretKey);
    expect(await snapshot()).toEqual(before);
    expect(await readFile(v.profilesFile, 'utf8')).not.toContain(KEY.secretKey);
    // It works: the imported key signs a call.
    await (await profiles.client(views[0]!.id)).describeRegions();
    // A second scan marks it as imported; importing it again gets a free name.
    const scan = await profiles.scanImports();
    expect(scan.candidates.find((c) => c.ref === 'tccli:default')?.alreadyImportedAs).toBe('tccli default');
    const [again] = await profiles.importProfiles([{ ref: 'tccli:default' }]);
    expect(again?.name).toBe('tccli default (2)');
  });

  it('imports all or nothing, and refuses a key that is gone or broken', async () => {
    await put(
      '.tccli/default.credential',
      JSON.stringify({ secretId: KEY.secretId, secretKey: KEY.secretKey }),
    );
    const profiles = await open();
    const err = await rejectionOf(
      profiles.importProfiles([{ ref: 'env' }, { ref: 'tccli:missing' }]),
      ProfileInputError,
    );
    expect(err.fields).toEqual({
      '1.ref': expect.stringContaining('no longer there'),
    });
    expect(profiles.list()).toEqual([]);

    // The keychain fails on the second key: the first is rolled back.
    let writes = 0;
    const keyring = v.keyring;
    const realLoad = keyring.load;
    const flaky = await v.open({
      importLocations: () => ({ env: { TENCENTCLOUD_SECRET_ID: ID3, TENCENTCLOUD_SECRET_KEY: KEY3 }, home }),
      keyring: async () => {
        const make = await realLoad();
        return (service, account) => {
          const entry = make(service, account);
          return {
            ...entry,
            setPassword: async (p: string) => {
              if (++writes === 2) throw new Error("Couldn't access platform secure storage: locked");
              return entry.setPassword(p);
            },
          };
        };
      },
    });
    await expect(flaky.importProfiles([{ ref: 'env' }, { ref: 'tccli:default' }])).rejects.toMatchObject({
      code: 'KeychainLocked',
    });
    expect(flaky.list()).toEqual([]);
    expect(keyring.entries.size).toBe(0);
  });
});
