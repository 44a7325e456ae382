import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from './fixture';
import { errorCode } from './helpers';
import { RateLimiter } from '../../../../src-main/demo/api/rate-limit';

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim({ size: 30 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.advance(5000);
  sim.control.reset();
});

async function burst(n: number, action: string, params: unknown, more = {}): Promise<string[]> {
  const codes: string[] = [];
  // Sequential, with the fake clock standing still: all n fall into the same instant.
  for (let i = 0; i < n; i++) codes.push(errorCode(await sim.call(action, params, more)) ?? 'ok');
  return codes;
}

const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;

describe('per-action rate limits (token bucket per SecretId + action)', () => {
  it('DescribeInstanceVncUrl: 10 per second, then RequestLimitExceeded; a second later it flows again', async () => {
    const codes = await burst(12, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' });
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(codes.slice(10)).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded']);
    sim.advance(100); // one token back
    expect(await burst(2, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' })).toEqual([
      'ok',
      'RequestLimitExceeded',
    ]);
    sim.advance(1000);
    expect(count(await burst(10, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' }), 'ok')).toBe(10);
  });

  it('limits are per action and per SecretId', async () => {
    await burst(10, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' });
    // Other actions keep their own buckets.
    expect(await burst(1, 'StopInstances', { InstanceIds: ['ins-demo0002'] })).toEqual(['ok']);
    // Another key has its own bucket for the same action.
    const other = { secretId: 'AKIDsecondKEY', secretKey: 'secondKeySecret' };
    sim.control.addCredential(other);
    expect(await burst(1, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' }, other)).toEqual(['ok']);
    expect(await burst(1, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' })).toEqual([
      'RequestLimitExceeded',
    ]);
    sim.control.removeCredential(other.secretId);
  });

  it('documented rates: DescribeInstances 40, Start/Stop/Reboot 10, region DescribeRegions 50, cvm DescribeRegions 20', async () => {
    expect(count(await burst(42, 'DescribeInstances', { Limit: 1 }), 'ok')).toBe(40);
    expect(
      count(
        await burst(52, 'DescribeRegions', { Product: 'cvm' }, { service: 'region', region: undefined }),
        'ok',
      ),
    ).toBe(50);
    expect(count(await burst(22, 'DescribeRegions', {}, { region: undefined }), 'ok')).toBe(20);
    // Rejected state errors still use up the bucket: the limit counts calls, not successes.
    const starts = await burst(11, 'StartInstances', { InstanceIds: ['ins-demo0001'] });
    expect(count(starts, 'UnsupportedOperation.InstanceStateRunning')).toBe(10);
    expect(starts[10]).toBe('RequestLimitExceeded');
    expect(
      count(await burst(11, 'RebootInstances', { InstanceIds: ['ins-demo0004'] }), 'RequestLimitExceeded'),
    ).toBe(1);
  });

  it('a throttled request does nothing, and failed auth does not consume the key’s tokens', async () => {
    await burst(10, 'StopInstances', { InstanceIds: ['ins-demo0004'] });
    expect(await burst(1, 'StopInstances', { InstanceIds: ['ins-demo0001'] })).toEqual([
      'RequestLimitExceeded',
    ]);
    expect(sim.fleet.get('ins-demo0001')?.state).toBe('RUNNING');
    sim.advance(1000);
    await burst(20, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' }, { secretKey: 'bad' });
    expect(await burst(1, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' })).toEqual(['ok']);
  });

  it('setRateLimit overrides a limit (benchmarks may lift them)', async () => {
    sim.control.setRateLimit('DescribeInstanceVncUrl', Infinity);
    expect(count(await burst(30, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' }), 'ok')).toBe(30);
    sim.control.setRateLimit('DescribeInstanceVncUrl', 2);
    expect(await burst(3, 'DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' })).toEqual([
      'ok',
      'ok',
      'RequestLimitExceeded',
    ]);
  });
});

describe('RateLimiter', () => {
  it('refills continuously and ignores a clock that goes backwards', () => {
    let t = 0;
    const limiter = new RateLimiter(() => t);
    for (let i = 0; i < 10; i++) expect(limiter.take('k', 'cvm', 'DescribeInstanceVncUrl')).toBe(true);
    expect(limiter.take('k', 'cvm', 'DescribeInstanceVncUrl')).toBe(false);
    t -= 10_000;
    expect(limiter.take('k', 'cvm', 'DescribeInstanceVncUrl')).toBe(false);
    t += 10_000 + 250;
    expect(limiter.take('k', 'cvm', 'DescribeInstanceVncUrl')).toBe(true);
    expect(limiter.take('k', 'cvm', 'DescribeInstanceVncUrl')).toBe(true);
    expect(limiter.take('k', 'cvm', 'DescribeInstanceVncUrl')).toBe(false);
    expect(limiter.take('k', 'cvm', 'SomethingUnlisted')).toBe(true);
  });
});
