// Temporary keys against the demo cloud's STS, on a hand-driven clock: an STS profile expires
// and says so; a role profile renews its temporary key ahead of expiry, so a long session never
// signs with a lapsed token, and concurrent callers share one renewal.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudError } from '../../../src-main/cloud';
import { KEY, startVault, type VaultFixture } from './fixture';
import { rejectionOf } from '../../support/rejection';

const ROLE = 'qcs::cam::uin/100000000001:roleName/console-ops';
const HOUR = 3_600_000;
const MIN = 60_000;

let v: VaultFixture;
beforeAll(async () => {
  v = await startVault({ sim: { roles: [{ arn: ROLE, trustedSecretIds: [KEY.secretId] }] } });
});
afterAll(() => v.close());
beforeEach(() => {
  v.sim.advance(5000);
  v.sim.control.reset();
  v.reset();
});

const failure = (p: Promise<unknown>) => rejectionOf(p, CloudError);

const base = { site: 'china', defaultRegion: 'ap-guangzhou' };
let n = 0;
function stsKey() {
  n += 1;
  const tail = String(n).padStart(4, '0');
  return {
    secretId: `AKIDstsKEY00000000000000000000000${tail}`,
    secretKey: `stsSecretKey0000000000000000${tail}`,
    token: `sessionToken${tail}`.repeat(40),
  };
}

describe('an STS profile', () => {
  it('signs with its token, then expires locally and says what to do', async () => {
    const key = stsKey();
    v.sim.control.addCredential({ ...key, expiresAt: v.sim.now() + HOUR });
    const profiles = await v.open();
    const view = await profiles.create({
      kind: 'sts',
      name: 'Temp',
      ...base,
      ...key,
      expiresAt: v.sim.now() + HOUR,
    });
    expect(view).toMatchObject({ kind: 'sts', state: 'ready', expiresAt: v.sim.now() + HOUR });
    const client = await profiles.client(view.id);
    await client.describeInstances({ region: 'ap-guangzhou', limit: 1 });
    expect(v.sim.control.requestLog().map((e) => e.outcome)).toEqual(['ok']);

    v.sim.advance(HOUR + 1000);
    v.sim.control.clearRequestLog();
    const err = await failure(client.describeInstances({ region: 'ap-guangzhou', limit: 1 }));
    expect([err.kind, err.code]).toEqual(['auth', 'CredentialsExpired']);
    expect(err.message).toContain('The temporary key of "Temp" has expired at');
    expect(err.message).toContain('Replace key');
    expect(v.sim.control.requestLog()).toEqual([]); // refused here, not sent
    expect(profiles.get(view.id)).toMatchObject({ state: 'expired' });
    expect(await profiles.test(view.id)).toMatchObject({ outcome: 'expired', code: 'CredentialsExpired' });

    // A fresh temporary key brings it back.
    const fresh = stsKey();
    v.sim.control.addCredential({ ...fresh, expiresAt: v.sim.now() + HOUR });
    await profiles.update(view.id, { key: { ...fresh, expiresAt: v.sim.now() + HOUR } });
    expect(profiles.get(view.id).state).toBe('ready');
    await (await profiles.client(view.id)).describeInstances({ region: 'ap-guangzhou', limit: 1 });
  });

  it('with no known expiry, turns "expired" when Tencent Cloud refuses its token', async () => {
    const key = stsKey();
    v.sim.control.addCredential({ ...key, expiresAt: v.sim.now() + 10 * MIN });
    const profiles = await v.open();
    const view = await profiles.create({ kind: 'sts', name: 'From env', ...base, ...key });
    const client = await profiles.client(view.id);
    await client.describeRegions();
    v.sim.advance(11 * MIN);
    const err = await failure(client.describeRegions());
    expect(err.code).toBe('AuthFailure.TokenFailure');
    expect(profiles.get(view.id)).toMatchObject({ state: 'expired', expiresAt: null });
    expect(profiles.get(view.id).stateMessage).toContain('Get a new temporary key');
  });
});

describe('a role profile', () => {
  const role = (over: Record<string, unknown> = {}) => ({
    kind: 'role',
    name: `Ops ${++n}`,
    ...base,
    secretId: KEY.secretId,
    secretKey: KEY.secretKey,
    roleArn: ROLE,
    durationSeconds: 7200,
    ...over,
  });

  it('assumes the role and signs with the temporary key, held in memory only', async () => {
    const profiles = await v.open();
    const view = await profiles.create(role());
    const client = await profiles.client(view.id);
    await client.describeInstances({ region: 'ap-guangzhou', limit: 1 });
    const log = v.sim.control.requestLog();
    expect(log.map((e) => [e.service, e.action, e.outcome])).toEqual([
      ['sts', 'AssumeRole', 'ok'],
      ['cvm', 'DescribeInstances', 'ok'],
    ]);
    expect(log[0]?.secretId).toBe(KEY.secretId);
    expect(log[1]?.secretId).not.toBe(KEY.secretId); // the temporary key
    expect(profiles.get(view.id).roleKeyExpiresAt).toBe(log[0]!.at + 7200_000);
    // Only the long-term key is in the keychain; nothing temporary is written anywhere.
    expect([...v.keyring.entries.keys()].filter((k) => k.includes(view.id))).toEqual([
      `cvm-console/${view.id}`,
    ]);
  });

  it('keeps a ten-hour session going across renewals without one refused call', async () => {
    const profiles = await v.open();
    const view = await profiles.create(role({ durationSeconds: 3600 }));
    const client = await profiles.client(view.id);
    for (let t = 0; t < 10 * HOUR; t += 5 * MIN) {
      await client
        .describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-00000000' })
        .catch((e: CloudError) => {
          if (e.code !== 'InvalidInstanceId.NotFound') throw e;
        });
      v.sim.advance(5 * MIN);
    }
    // One-hour keys renewed from 15 minutes before expiry: at 0, 45, 90, … 585 minutes.
    const assumed = () => v.sim.control.requestLog().filter((e) => e.action === 'AssumeRole');
    await vi.waitFor(() => expect(assumed()).toHaveLength(14));
    const log = v.sim.control.requestLog();
    expect(log.filter((e) => e.outcome !== 'ok' && e.outcome !== 'InvalidInstanceId.NotFound')).toEqual([]);
    expect(log.filter((e) => e.action === 'DescribeInstanceVncUrl')).toHaveLength(120);
  });

  it('makes concurrent callers share one renewal when the key is about to lapse', async () => {
    const profiles = await v.open();
    const view = await profiles.create(role());
    const client = await profiles.client(view.id);
    await client.describeRegions();
    v.sim.advance(2 * HOUR - MIN); // inside the last two minutes: callers must wait for a new key
    const before = v.sim.control.issuedTemporaryKeys();
    await Promise.all(
      Array.from({ length: 10 }, () => client.describeInstances({ region: 'ap-guangzhou', limit: 1 })),
    );
    expect(v.sim.control.issuedTemporaryKeys()).toBe(before + 1);
    expect(v.sim.control.requestLog().filter((e) => e.outcome !== 'ok')).toEqual([]);
  });

  it('assumes the role afresh when Tencent Cloud revokes the temporary key', async () => {
    const profiles = await v.open();
    const view = await profiles.create(role());
    const client = await profiles.client(view.id);
    await client.describeRegions();
    const temp = v.sim.control.requestLog().at(-1)?.secretId as string;
    v.sim.control.removeCredential(temp);
    expect((await failure(client.describeRegions())).code).toBe('AuthFailure.SecretIdNotFound');
    await client.describeRegions();
    expect(v.sim.control.requestLog().at(-1)).toMatchObject({ action: 'DescribeRegions', outcome: 'ok' });
  });

  it('stops with a clear auth error when the role cannot be assumed', async () => {
    const profiles = await v.open();
    const view = await profiles.create(role({ roleArn: 'qcs::cam::uin/100000000001:roleName/gone' }));
    const err = await failure((await profiles.client(view.id)).describeRegions());
    expect([err.kind, err.code]).toEqual(['auth', 'ResourceNotFound.RoleNotFound']);
    const report = await profiles.test(view.id);
    expect(report).toMatchObject({ outcome: 'refused', code: 'ResourceNotFound.RoleNotFound' });
  });

  it('passes the external ID and its own session settings', async () => {
    v.sim.control.addRole({
      arn: 'qcs::cam::uin/100000000001:roleName/partner',
      trustedSecretIds: [KEY.secretId],
      externalId: 'ext-42',
    });
    const profiles = await v.open();
    const view = await profiles.create(
      role({
        roleArn: 'qcs::cam::uin/100000000001:roleName/partner',
        externalId: 'ext-42',
        sessionName: 'alice@example',
      }),
    );
    expect(view).toMatchObject({ externalId: 'ext-42', sessionName: 'alice@example', durationSeconds: 7200 });
    await (await profiles.client(view.id)).describeRegions();
    await profiles.update(view.id, { externalId: null });
    expect((await failure((await profiles.client(view.id)).describeRegions())).code).toBe(
      'UnauthorizedOperation',
    );
  });
});
