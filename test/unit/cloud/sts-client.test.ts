// The STS client: AssumeRole against the demo simulator (signature-verified), the errors a user
// must act on turned into clear auth errors, and a server's answer checked before it is trusted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudError, createStsClient, type ApiClientOptions } from '../../../src-main/cloud';
import { KEY, startSim, type SimFixture } from '../demo-api/fixture';
import { apiOk, fakeFetch } from './helpers/fake-fetch';
import { rejectionOf } from '../../support/rejection';

const ROLE = 'qcs::cam::uin/100000000001:roleName/console-ops';

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim({ size: 10, roles: [{ arn: ROLE, trustedSecretIds: [KEY.secretId] }] });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.advance(5000);
  sim.control.reset();
});

function sts(over: Partial<ApiClientOptions> = {}) {
  return createStsClient({ credentials: async () => KEY, ...sim.clientOptions(), ...over });
}

const failure = (p: Promise<unknown>) => rejectionOf(p, CloudError);

describe('createStsClient against the simulator', () => {
  it('assumes a role: temporary key, token, and an expiry on our clock', async () => {
    const sentAt = sim.now();
    const creds = await sts().assumeRole({
      roleArn: ROLE,
      sessionName: 'cvm-console',
      durationSeconds: 3600,
    });
    expect(creds.secretId).toMatch(/^AKID/);
    expect(creds.token.length).toBeGreaterThan(500);
    expect(creds.expiresAt).toBe(sentAt + 3600_000);
    expect(sim.control.requestLog()).toMatchObject([
      { service: 'sts', action: 'AssumeRole', version: '2018-08-13', region: 'ap-guangzhou', outcome: 'ok' },
    ]);
  });

  it('turns a missing role or a refused trust into an auth error that names the fix', async () => {
    const missing = await failure(
      sts().assumeRole({ roleArn: 'qcs::cam::uin/1:roleName/nope', sessionName: 'cvm-console' }),
    );
    expect([missing.kind, missing.code]).toEqual(['auth', 'ResourceNotFound.RoleNotFound']);
    expect(missing.message).toContain('check its role ARN');

    const outsider = {
      secretId: 'AKIDoutsider0000000000000000000000009',
      secretKey: 'outsiderSecret000000000000000009',
    };
    sim.control.addCredential(outsider);
    const refused = await failure(
      sts({ credentials: async () => outsider }).assumeRole({ roleArn: ROLE, sessionName: 'cvm-console' }),
    );
    expect([refused.kind, refused.code]).toEqual(['auth', 'UnauthorizedOperation']);
    expect(refused.message).toContain('sts:AssumeRole');

    const badKey = await failure(
      sts({
        credentials: async () => ({ ...KEY, secretKey: 'wrong000000000000000000000000000' }),
      }).assumeRole({
        roleArn: ROLE,
        sessionName: 'cvm-console',
      }),
    );
    expect([badKey.kind, badKey.code]).toEqual(['auth', 'AuthFailure.SignatureFailure']);
  });

  it('checks its inputs before any request', async () => {
    for (const input of [
      { roleArn: 'arn:aws:iam::1:role/x', sessionName: 'cvm-console' },
      { roleArn: ROLE, sessionName: 'x' },
      { roleArn: ROLE, sessionName: 'cvm-console', durationSeconds: 60 },
      { roleArn: ROLE, sessionName: 'cvm-console', externalId: 'bad id' },
    ]) {
      expect((await failure(sts().assumeRole(input))).kind).toBe('invalid-input');
    }
    expect(sim.control.requestLog()).toEqual([]);
  });
});

describe('createStsClient with a scripted server', () => {
  const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
  const answer = (fields: Record<string, unknown>) =>
    apiOk({
      Credentials: {
        Token: 't'.repeat(700),
        TmpSecretId: 'AKIDtemp0000000000000000000000000001',
        TmpSecretKey: 'k'.repeat(32),
      },
      Expiration: '2025-06-01T14:00:00Z',
      ...fields,
    });
  const client = (reply: ReturnType<typeof apiOk>, site: 'china' | 'intl' = 'china') => {
    const ff = fakeFetch(() => reply);
    const c = createStsClient({
      credentials: async () => KEY,
      fetch: ff.fetch,
      now: () => NOW,
      site,
      endpoint: undefined,
    });
    return { c, requests: ff.requests };
  };

  it('goes to the site’s STS host, and keeps finance regions off it', async () => {
    const china = client(answer({ ExpiredTime: NOW / 1000 + 7200 }));
    await china.c.assumeRole({ roleArn: ROLE, sessionName: 'cvm-console', region: 'ap-shanghai-fsi' });
    expect(china.requests[0]?.url).toBe('https://sts.tencentcloudapi.com/');
    expect(china.requests[0]?.headers['x-tc-region']).toBe('ap-guangzhou');
    const intl = client(answer({ ExpiredTime: NOW / 1000 + 7200 }), 'intl');
    await intl.c.assumeRole({ roleArn: ROLE, sessionName: 'cvm-console', region: 'ap-singapore' });
    expect(intl.requests[0]?.url).toBe('https://sts.intl.tencentcloudapi.com/');
    expect(intl.requests[0]?.headers['x-tc-region']).toBe('ap-singapore');
    expect(intl.requests[0]?.json).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'cvm-console',
      DurationSeconds: 7200,
    });
  });

  it('takes a lifetime the server cut short, but not one longer than asked', async () => {
    const short = client(answer({ ExpiredTime: NOW / 1000 + 1800 }));
    expect((await short.c.assumeRole({ roleArn: ROLE, sessionName: 's1' })).expiresAt).toBe(NOW + 1800_000);
    const skewed = client(answer({ ExpiredTime: NOW / 1000 + 7200 + 120 })); // a server clock 2 min ahead
    expect((await skewed.c.assumeRole({ roleArn: ROLE, sessionName: 's1' })).expiresAt).toBe(NOW + 7200_000);
    const long = client(answer({ ExpiredTime: NOW / 1000 + 86_400 }));
    expect((await failure(long.c.assumeRole({ roleArn: ROLE, sessionName: 's1' }))).code).toBe(
      'MalformedResponse',
    );
    const stale = client(answer({ ExpiredTime: NOW / 1000 - 3600 }));
    expect((await failure(stale.c.assumeRole({ roleArn: ROLE, sessionName: 's1' }))).code).toBe(
      'MalformedResponse',
    );
  });

  it('refuses credentials it could not send safely', async () => {
    const bad = client(
      apiOk({
        Credentials: { Token: 'has spaces in it', TmpSecretId: 'AKIDx', TmpSecretKey: 'k' },
        ExpiredTime: NOW / 1000 + 7200,
      }),
    );
    const err = await failure(bad.c.assumeRole({ roleArn: ROLE, sessionName: 's1' }));
    expect(err.code).toBe('MalformedResponse');
    expect(err.message).not.toContain('has spaces');
  });
});
