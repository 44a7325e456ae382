// Test key against the demo API simulator: each outcome, and a permission report read from the
// answers of CAM policies (the simulator enforces per-key `allow` lists), changing nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createCvmClient,
  type CvmClient,
  type CvmClientOptions,
  type FetchLike,
} from '../../../src-main/cloud';
import { clockNote, PROBE_INSTANCE_ID, testKey } from '../../../src-main/vault/key-test';
import { KEY, startSim, type SimFixture } from '../demo/api/fixture';
import { freePort } from '../../support/free-port';

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim({ size: 60, seed: 'key-test' });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.advance(5000);
  sim.control.reset();
});

function client(over: Partial<CvmClientOptions> = {}): CvmClient {
  return createCvmClient({ credentials: async () => KEY, ...sim.clientOptions(), ...over });
}

let keyNo = 0;
/** A key of its own with this CAM policy. */
function keyAllowing(allow: string[]): CvmClientOptions['credentials'] {
  const n = String(++keyNo).padStart(4, '0');
  const key = {
    secretId: `AKIDcamTEST00000000000000000000${n}`,
    secretKey: `camSecretKey0000000000000000${n}`,
    allow,
  };
  sim.control.addCredential(key);
  return async () => ({ secretId: key.secretId, secretKey: key.secretKey });
}

const verdicts = (r: Awaited<ReturnType<typeof testKey>>) =>
  r.permissions.map((p) => [p.action, p.verdict, p.code]);

describe('testKey', () => {
  it('reports a working key with every action allowed, and changes nothing in the fleet', async () => {
    const states = sim.fleet.ids().map((id) => sim.fleet.get(id)?.state);
    const report = await testKey(client(), 'ap-guangzhou', sim.now);
    expect(report).toMatchObject({
      outcome: 'works',
      message: 'Tencent Cloud accepts this key.',
      messageKey: 'testReport.accepted',
      region: 'ap-guangzhou',
      clockOffsetMs: 0,
    });
    expect(report.note).toBeUndefined();
    expect(verdicts(report)).toEqual([
      ['DescribeInstances', 'allowed', undefined],
      ['DescribeInstanceVncUrl', 'allowed', 'InvalidInstanceId.NotFound'],
      ['StartInstances', 'allowed', 'InvalidInstanceId.NotFound'],
      ['StopInstances', 'allowed', 'InvalidInstanceId.NotFound'],
      ['RebootInstances', 'allowed', 'InvalidInstanceId.NotFound'],
    ]);
    const log = sim.control.requestLog();
    expect(
      log.filter((e) => e.action?.endsWith('Instances') && e.action !== 'DescribeInstances'),
    ).toHaveLength(3);
    for (const e of log) if (e.instanceIds) expect(e.instanceIds).toEqual([PROBE_INSTANCE_ID]);
    expect(sim.fleet.ids().map((id) => sim.fleet.get(id)?.state)).toEqual(states);
  });

  it('reads a console-only CAM policy from the UnauthorizedOperation answers', async () => {
    const report = await testKey(
      client({ credentials: keyAllowing(['region:DescribeRegions', 'cvm:Describe*']) }),
      'ap-guangzhou',
    );
    expect(report.outcome).toBe('works');
    expect(verdicts(report)).toEqual([
      ['DescribeInstances', 'allowed', undefined],
      ['DescribeInstanceVncUrl', 'allowed', 'InvalidInstanceId.NotFound'],
      ['StartInstances', 'denied', 'AuthFailure.UnauthorizedOperation'],
      ['StopInstances', 'denied', 'AuthFailure.UnauthorizedOperation'],
      ['RebootInstances', 'denied', 'AuthFailure.UnauthorizedOperation'],
    ]);
  });

  it('still calls a key that may list nothing accepted, and probes what it may do', async () => {
    const report = await testKey(
      client({ credentials: keyAllowing(['cvm:StartInstances']) }),
      'ap-guangzhou',
    );
    expect(report.outcome).toBe('works');
    expect(verdicts(report)).toEqual([
      ['DescribeInstances', 'denied', 'AuthFailure.UnauthorizedOperation'],
      ['DescribeInstanceVncUrl', 'denied', 'AuthFailure.UnauthorizedOperation'],
      ['StartInstances', 'allowed', 'InvalidInstanceId.NotFound'],
      ['StopInstances', 'denied', 'AuthFailure.UnauthorizedOperation'],
      ['RebootInstances', 'denied', 'AuthFailure.UnauthorizedOperation'],
    ]);
  });

  it('reports a refused key with its code, and probes nothing', async () => {
    const report = await testKey(
      client({
        credentials: async () => ({
          secretId: 'AKIDnobody00000000000000000000000000',
          secretKey: 'x'.repeat(32),
        }),
      }),
      'ap-guangzhou',
    );
    expect(report).toMatchObject({
      outcome: 'refused',
      code: 'AuthFailure.SecretIdNotFound',
      permissions: [],
    });
    expect(report.message).toContain('does not exist');
    expect(sim.control.requestLog()).toHaveLength(1);
  });

  it('works despite a slow clock, and says by how much it is off', async () => {
    const report = await testKey(client({ now: () => sim.now() - 10 * 60_000 }), 'ap-guangzhou');
    expect(report.outcome).toBe('works');
    expect(Math.abs(report.clockOffsetMs - 10 * 60_000)).toBeLessThan(1500);
    expect(report.message).toContain("This computer's clock is about 10 minutes behind Tencent Cloud's");
    expect(report).toMatchObject({
      messageKey: 'testReport.accepted',
      note: { key: 'testReport.clockBehind', params: { count: 10 } },
    });
  });

  it('reports the clock when the server gives no time to correct it by', async () => {
    const noDate: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      return { status: res.status, body: res.body, headers: { get: () => null } };
    };
    const report = await testKey(
      client({ now: () => sim.now() - 10 * 60_000, fetch: noDate }),
      'ap-guangzhou',
    );
    expect(report).toMatchObject({ outcome: 'clock', code: 'AuthFailure.SignatureExpire' });
    expect(report.message).toContain('network time');
    expect(report.messageKey).toMatch(/^cloud\.error\./);
    expect(report.note).toEqual({ key: 'testReport.advice.clock' });
  });

  it('reports the network when Tencent Cloud cannot be reached', async () => {
    const report = await testKey(
      client({ endpoint: `http://127.0.0.1:${await freePort()}` }),
      'ap-guangzhou',
    );
    expect(report).toMatchObject({ outcome: 'network', code: 'NetworkError' });
    expect(report.message).toContain('proxy');
    expect(report.messageKey).toMatch(/^cloud\.error\./);
    expect(report.note).toEqual({ key: 'testReport.advice.network' });
  });

  it('reports a failure that proves nothing either way', async () => {
    sim.control.failNext('InternalError', { count: 100 });
    const report = await testKey(client(), 'ap-guangzhou');
    expect(report).toMatchObject({ outcome: 'failed', code: 'InternalError', permissions: [] });
  });

  it('never aims a power action at an instance that turns out to exist', async () => {
    const calls: string[] = [];
    const fake = {
      ...client(),
      describeRegions: async () => [],
      describeInstances: async (input: { ids?: string[] }) => ({
        region: 'ap-guangzhou',
        totalCount: 1,
        requestId: 'r',
        instances: input.ids ? [{ instanceId: PROBE_INSTANCE_ID }] : [],
      }),
      startInstances: async () => (calls.push('start'), { requestId: 'r' }),
      stopInstances: async () => (calls.push('stop'), { requestId: 'r' }),
      rebootInstances: async () => (calls.push('reboot'), { requestId: 'r' }),
    } as unknown as CvmClient;
    const report = await testKey(fake, 'ap-guangzhou');
    expect(calls).toEqual([]);
    expect(report.permissions.slice(2).map((p) => p.verdict)).toEqual(['unknown', 'unknown', 'unknown']);
  });
});

describe('clockNote', () => {
  it('says nothing within a minute, else how far and which way, in whole minutes', () => {
    expect(clockNote(59_000)).toBeUndefined();
    expect(clockNote(-60_000)).toBeUndefined();
    expect(clockNote(61_000)).toEqual({ key: 'testReport.clockBehind', params: { count: 1 } });
    expect(clockNote(-3 * 60_000 - 20_000)).toEqual({ key: 'testReport.clockAhead', params: { count: 3 } });
  });
});
