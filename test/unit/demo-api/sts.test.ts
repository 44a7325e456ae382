// The simulator's STS AssumeRole and per-key CAM policies, called with raw signed requests:
// temporary keys work with their token until they expire, and every refusal uses a documented code.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCode } from './helpers';
import { KEY, startSim, type SimFixture } from './fixture';

const ROLE = 'qcs::cam::uin/100000000001:roleName/console-ops';
const LOCKED = 'qcs::cam::uin/100000000001:role/4611686018427397919';

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim({
    size: 30,
    roles: [
      { arn: ROLE, trustedSecretIds: [KEY.secretId], allow: ['cvm:DescribeInstances'] },
      { arn: LOCKED, trustedSecretIds: [KEY.secretId], externalId: 'shared-ext-id', maxSessionSeconds: 3600 },
    ],
  });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.advance(5000);
  sim.control.reset();
});

const assume = (params: Record<string, unknown>, more = {}) =>
  sim.call('AssumeRole', params, { service: 'sts', version: '2018-08-13', ...more });

describe('AssumeRole', () => {
  it('issues a temporary key that works with its token, within the role’s policy, until it expires', async () => {
    const res = await assume({ RoleArn: ROLE, RoleSessionName: 'cvm-console', DurationSeconds: 900 });
    expect(errorCode(res)).toBeUndefined();
    const r = res.json.Response as unknown as {
      Credentials: { Token: string; TmpSecretId: string; TmpSecretKey: string };
      ExpiredTime: number;
      Expiration: string;
    };
    expect(r.Credentials.TmpSecretId).toMatch(/^AKID[A-Za-z0-9]{32}$/);
    expect(r.Credentials.Token.length).toBeGreaterThan(500);
    expect(r.ExpiredTime).toBe(Math.floor(sim.now() / 1000) + 900);
    expect(r.Expiration).toBe(new Date(r.ExpiredTime * 1000).toISOString().replace('.000Z', 'Z'));
    expect(sim.control.issuedTemporaryKeys()).toBe(1);

    const temp = { secretId: r.Credentials.TmpSecretId, secretKey: r.Credentials.TmpSecretKey };
    expect(
      errorCode(await sim.call('DescribeInstances', {}, { ...temp, token: r.Credentials.Token })),
    ).toBeUndefined();
    expect(errorCode(await sim.call('DescribeInstances', {}, temp))).toBe('AuthFailure.TokenFailure');
    expect(errorCode(await sim.call('DescribeInstances', {}, { ...temp, token: 'forged' }))).toBe(
      'AuthFailure.TokenFailure',
    );
    expect(
      errorCode(
        await sim.call(
          'StartInstances',
          { InstanceIds: ['ins-00000000'] },
          { ...temp, token: r.Credentials.Token },
        ),
      ),
    ).toBe('AuthFailure.UnauthorizedOperation');
    sim.advance(901_000);
    expect(errorCode(await sim.call('DescribeInstances', {}, { ...temp, token: r.Credentials.Token }))).toBe(
      'AuthFailure.TokenFailure',
    );
  });

  it.each([
    ['no RoleArn', { RoleSessionName: 's1' }, 'MissingParameter'],
    [
      'a malformed RoleArn',
      { RoleArn: 'arn:aws:iam::1:role/x', RoleSessionName: 's1' },
      'InvalidParameter.ParamError',
    ],
    ['a bad session name', { RoleArn: ROLE, RoleSessionName: 'x' }, 'InvalidParameter.ParamError'],
    [
      'too long a session',
      { RoleArn: ROLE, RoleSessionName: 's1', DurationSeconds: 43_201 },
      'InvalidParameter.OverTimeError',
    ],
    [
      'a role that does not exist',
      { RoleArn: 'qcs::cam::uin/1:roleName/nope', RoleSessionName: 's1' },
      'ResourceNotFound.RoleNotFound',
    ],
    ['a missing external ID', { RoleArn: LOCKED, RoleSessionName: 's1' }, 'UnauthorizedOperation'],
    [
      'a wrong external ID',
      { RoleArn: LOCKED, RoleSessionName: 's1', ExternalId: 'other-id' },
      'UnauthorizedOperation',
    ],
    [
      'more than the role’s maximum session',
      { RoleArn: LOCKED, RoleSessionName: 's1', ExternalId: 'shared-ext-id', DurationSeconds: 7200 },
      'InvalidParameter.OverTimeError',
    ],
    ['an unknown parameter', { RoleArn: ROLE, RoleSessionName: 's1', Bogus: 1 }, 'UnknownParameter'],
  ])('refuses %s with its documented code', async (_what, params, code) => {
    expect(errorCode(await assume(params))).toBe(code);
    expect(sim.control.issuedTemporaryKeys()).toBe(1); // from the first test only
  });

  it('accepts the external ID when it matches', async () => {
    const res = await assume({ RoleArn: LOCKED, RoleSessionName: 's1', ExternalId: 'shared-ext-id' });
    expect(errorCode(res)).toBeUndefined();
  });

  it('refuses a caller outside the role’s trust policy', async () => {
    const other = {
      secretId: 'AKIDoutsider0000000000000000000000009',
      secretKey: 'outsiderSecret000000000000000009',
    };
    sim.control.addCredential(other);
    expect(errorCode(await assume({ RoleArn: ROLE, RoleSessionName: 's1' }, other))).toBe(
      'UnauthorizedOperation',
    );
  });

  it('refuses a key whose CAM policy lacks sts:AssumeRole, before looking at the role', async () => {
    const limited = {
      secretId: 'AKIDlimited00000000000000000000000008',
      secretKey: 'limitedSecret0000000000000000008',
      allow: ['cvm:*'],
    };
    sim.control.addCredential(limited);
    const res = await assume({ RoleArn: 'qcs::cam::uin/1:roleName/nope', RoleSessionName: 's1' }, limited);
    expect(errorCode(res)).toBe('AuthFailure.UnauthorizedOperation');
    expect(res.json.Response.Error?.Message).toContain('sts:AssumeRole');
  });

  it('checks the signature like every other call, and needs a region', async () => {
    expect(errorCode(await assume({ RoleArn: ROLE, RoleSessionName: 's1' }, { secretKey: 'wrong' }))).toBe(
      'AuthFailure.SignatureFailure',
    );
    expect(errorCode(await assume({ RoleArn: ROLE, RoleSessionName: 's1' }, { region: undefined }))).toBe(
      'MissingParameter',
    );
    expect(errorCode(await assume({ RoleArn: ROLE, RoleSessionName: 's1' }, { version: '2017-03-12' }))).toBe(
      'NoSuchVersion',
    );
  });
});

describe('CAM probes on a non-existent instance', () => {
  it('answer InvalidInstanceId.NotFound for every action a full key may call', async () => {
    for (const [action, params] of [
      ['DescribeInstanceVncUrl', { InstanceId: 'ins-00000000' }],
      ['StartInstances', { InstanceIds: ['ins-00000000'] }],
      ['StopInstances', { InstanceIds: ['ins-00000000'] }],
      ['RebootInstances', { InstanceIds: ['ins-00000000'] }],
    ] as const) {
      expect(errorCode(await sim.call(action, params)), action).toBe('InvalidInstanceId.NotFound');
    }
  });
});
