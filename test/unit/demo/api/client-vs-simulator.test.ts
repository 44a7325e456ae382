// The app's own Cloud core client (src-main/cloud) against the simulator, over real HTTP on
// 127.0.0.1, for every error path it must survive. The client's sleeps and rate-limit clock
// advance the simulator's fake clock, so backoff and pacing cost no real time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CloudError,
  RateLimiterRegistry,
  createCvmClient,
  type CvmClient,
  type CvmClientOptions,
} from '../../../../src-main/cloud';
import { KEY, startSim, type SimFixture } from './fixture';

let sim: SimFixture;
const sleeps: number[] = [];

beforeAll(async () => {
  sim = await startSim({ size: 8000, seed: 'client' });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.advance(5000);
  sim.control.reset();
  sleeps.length = 0;
});

function client(over: Partial<CvmClientOptions> = {}): CvmClient {
  const advance = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    sim.advance(ms);
  };
  return createCvmClient({
    credentials: async () => KEY,
    endpoint: sim.endpoint,
    now: sim.now,
    sleep: advance,
    random: () => 0.5,
    rateLimiter: new RateLimiterRegistry({ clock: sim.now, sleep: advance }),
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<CloudError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CloudError);
    return err as CloudError;
  }
  throw new Error('expected a CloudError');
}

describe('auth errors', () => {
  it('wrong SecretKey → auth/SignatureFailure, and the key appears nowhere in the error', async () => {
    const secretKey = 'wrongSecretKey-0123456789abcdef';
    const err = await failure(
      client({ credentials: async () => ({ secretId: KEY.secretId, secretKey }) }).describeInstances({
        region: 'ap-guangzhou',
      }),
    );
    expect({ kind: err.kind, code: err.code }).toEqual({
      kind: 'auth',
      code: 'AuthFailure.SignatureFailure',
    });
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(secretKey);
    expect(sim.control.requestLog()).toHaveLength(1); // not retried
  });

  it('unknown SecretId → auth/SecretIdNotFound; STS without or with a wrong token → auth/TokenFailure', async () => {
    const unknown = await failure(
      client({
        credentials: async () => ({ secretId: 'AKIDnobodyHere', secretKey: 'x1234567' }),
      }).describeRegions(),
    );
    expect([unknown.kind, unknown.code]).toEqual(['auth', 'AuthFailure.SecretIdNotFound']);

    const sts = { secretId: 'AKIDstsSESSION01', secretKey: 'stsSecret01', token: 'session-token-01' };
    sim.control.addCredential(sts);
    const noToken = await failure(
      client({
        credentials: async () => ({ secretId: sts.secretId, secretKey: sts.secretKey }),
      }).describeInstances({
        region: 'ap-guangzhou',
      }),
    );
    expect([noToken.kind, noToken.code]).toEqual(['auth', 'AuthFailure.TokenFailure']);
    const withToken = await client({ credentials: async () => sts }).describeInstances({
      region: 'ap-guangzhou',
      limit: 1,
    });
    expect(withToken.instances).toHaveLength(1);
    sim.control.removeCredential(sts.secretId);
  });
});

describe('clock skew', () => {
  it('a client clock 10 minutes slow gets SignatureExpire, adopts the Date header and succeeds on its own', async () => {
    const slow = client({ now: () => sim.now() - 10 * 60_000 });
    const page = await slow.describeInstances({ region: 'ap-guangzhou', limit: 2 });
    expect(page.instances).toHaveLength(2);
    expect(sim.control.requestLog().map((e) => e.outcome)).toEqual(['AuthFailure.SignatureExpire', 'ok']);
    expect(Math.abs(slow.clockOffsetMs() - 10 * 60_000)).toBeLessThan(1500);
    // Later calls are stamped right from the start.
    sim.control.clearRequestLog();
    await slow.describeInstances({ region: 'ap-guangzhou', limit: 1 });
    expect(sim.control.requestLog().map((e) => e.outcome)).toEqual(['ok']);
  });

  it('a server clock that jumped ahead is followed too', async () => {
    sim.control.setClockOffset(-20 * 60_000);
    const c = client();
    const url = await c.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0001' });
    expect(url.url).toMatch(/^wss:\/\//);
    expect(c.clockOffsetMs()).toBeLessThan(-19 * 60_000);
  });
});

describe('throttling', () => {
  it('RequestLimitExceeded is retried with backoff until it passes', async () => {
    sim.control.failNext('RequestLimitExceeded', { count: 2, action: 'DescribeInstanceVncUrl' });
    const url = await client().describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0001' });
    expect(url.url).toContain('/vnc?s=');
    expect(sim.control.requestLog().map((e) => e.outcome)).toEqual([
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'ok',
    ]);
    expect(sleeps.filter((ms) => ms >= 250)).toHaveLength(2);
  });

  it('a client allowed to burst past the real limit is throttled by the simulator and recovers by retrying', async () => {
    const greedy = client({
      rateLimiter: new RateLimiterRegistry({ clock: sim.now, rates: { 'cvm/DescribeInstanceVncUrl': 1000 } }),
    });
    const urls = await Promise.all(
      Array.from({ length: 14 }, () =>
        greedy.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0001' }),
      ),
    );
    expect(new Set(urls.map((u) => u.url)).size).toBe(14);
    const outcomes = sim.control.requestLog().map((e) => e.outcome);
    expect(outcomes.filter((o) => o === 'RequestLimitExceeded').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(14);
  });

  it('the client’s own limiter paces a burst at the documented 10/s; any edge-of-second throttle is retried', async () => {
    // Real time on both sides here: concurrent fake sleeps would not overlap the way real ones do.
    const real = await startSim({ size: 20, now: Date.now });
    try {
      const c = createCvmClient({
        credentials: async () => KEY,
        endpoint: real.endpoint,
        rateLimiter: new RateLimiterRegistry(),
      });
      const began = Date.now();
      await Promise.all(
        Array.from({ length: 20 }, () =>
          c.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0001' }),
        ),
      );
      expect(Date.now() - began).toBeGreaterThanOrEqual(900); // 10 at once, 10 more over the next second
      const outcomes = real.control.requestLog().map((e) => e.outcome);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(20);
      // Client and server buckets run at the same rate, so network jitter can trip one or two.
      expect(outcomes.filter((o) => o === 'RequestLimitExceeded').length).toBeLessThanOrEqual(3);
    } finally {
      await real.close();
    }
  });

  it('throttling that outlasts the retries surfaces as throttled with retryAfterMs', async () => {
    sim.control.failNext('RequestLimitExceeded', { count: 10 });
    const err = await failure(client().describeInstances({ region: 'ap-guangzhou' }));
    expect(err.kind).toBe('throttled');
    expect(err.retryAfterMs).toBeGreaterThan(0);
  });
});

describe('instance state errors map to the right kinds', () => {
  const cases: [string, string, string][] = [
    ['STOPPED', 'UnsupportedOperation.InstanceStateStopped', 'instance-stopped'],
    ['SHUTDOWN', 'UnsupportedOperation.InstanceStateShutdown', 'instance-stopped'],
    ['STARTING', 'UnsupportedOperation.InstanceStateStarting', 'instance-transitional'],
    ['STOPPING', 'UnsupportedOperation.InstanceStateStopping', 'instance-transitional'],
    ['REBOOTING', 'UnsupportedOperation.InstanceStateRebooting', 'instance-transitional'],
    ['PENDING', 'UnsupportedOperation.InstanceStatePending', 'instance-transitional'],
    ['ENTER_RESCUE_MODE', 'UnsupportedOperation.InstanceStateEnterRescueMode', 'instance-transitional'],
    [
      'EXIT_SERVICE_LIVE_MIGRATE',
      'UnsupportedOperation.InstanceStateExitServiceLiveMigrate',
      'instance-transitional',
    ],
    ['TERMINATING', 'UnsupportedOperation.InstanceStateTerminating', 'instance-gone'],
    ['TERMINATED', 'UnsupportedOperation.InstanceStateTerminated', 'instance-gone'],
  ];
  it.each(cases)('%s → %s (%s)', async (state, code, kind) => {
    sim.control.setState('ins-demo0002', state);
    try {
      const err = await failure(
        client().describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0002' }),
      );
      expect([err.code, err.kind]).toEqual([code, kind]);
      expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      sim.control.setState('ins-demo0002', 'RUNNING');
    }
  });

  it('not found and malformed ids are instance-gone; the client stops malformed ids before the network', async () => {
    const notFound = await failure(
      client().describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-zzzzzzzz' }),
    );
    expect([notFound.code, notFound.kind]).toEqual(['InvalidInstanceId.NotFound', 'instance-gone']);
    const wrongRegion = await failure(
      client().describeInstanceVncUrl({ region: 'ap-beijing', instanceId: 'ins-demo0001' }),
    );
    expect(wrongRegion.code).toBe('InvalidInstanceId.NotFound');
    sim.control.clearRequestLog();
    const local = await failure(
      client().describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-1122' }),
    );
    expect(local.kind).toBe('invalid-input');
    expect(sim.control.requestLog()).toHaveLength(0);
    const server = await failure(
      client().describeInstances({
        region: 'ap-guangzhou',
        filters: [{ name: 'instance-id', values: ['ins-1122'] }],
      }),
    );
    expect([server.code, server.kind]).toEqual(['InvalidInstanceId.Malformed', 'instance-gone']);
    const busy = client();
    sim.control.failNext('OperationDenied.InstanceOperationInProgress');
    const inProgress = await failure(
      busy.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0001' }),
    );
    expect(inProgress.kind).toBe('instance-transitional');
  });

  it('power actions: wrong state, then the whole Stop → Start cycle', async () => {
    const c = client();
    const running = await failure(c.startInstances({ region: 'ap-guangzhou', ids: ['ins-demo0001'] }));
    expect(running.code).toBe('UnsupportedOperation.InstanceStateRunning');
    await c.stopInstances({ region: 'ap-guangzhou', ids: ['ins-demo0001'], stopType: 'SOFT' });
    const stopping = await failure(
      c.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0001' }),
    );
    expect(stopping.kind).toBe('instance-transitional');
    sim.advance(3000);
    const stopped = await failure(
      c.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0001' }),
    );
    expect(stopped.kind).toBe('instance-stopped');
    await c.startInstances({ region: 'ap-guangzhou', ids: ['ins-demo0001'] });
    sim.advance(3000);
    const page = await c.describeInstances({ region: 'ap-guangzhou', ids: ['ins-demo0001'] });
    expect(page.instances[0]).toMatchObject({
      state: 'RUNNING',
      latestOperation: 'StartInstances',
      latestOperationState: 'SUCCESS',
    });
    await c.rebootInstances({ region: 'ap-guangzhou', ids: ['ins-demo0001'] });
    expect(
      (await c.describeInstances({ region: 'ap-guangzhou', ids: ['ins-demo0001'] })).instances[0]?.state,
    ).toBe('REBOOTING');
    sim.advance(4000);
  });
});

describe('network and server failures', () => {
  it('read-only calls retry after a dropped connection, an HTTP 502 and an InternalError', async () => {
    sim.control.dropNext();
    sim.control.failNextHttp(502);
    sim.control.failNext('InternalError');
    const page = await client().describeInstances({ region: 'ap-guangzhou', limit: 1 });
    expect(page.instances).toHaveLength(1);
    expect(sim.control.requestLog().map((e) => e.outcome)).toEqual([
      'dropped',
      'http-502',
      'InternalError',
      'ok',
    ]);
  });

  it('a mutation is not retried after a server error (it may have run)', async () => {
    sim.control.failNext('InternalError', { action: 'StopInstances' });
    const err = await failure(client().stopInstances({ region: 'ap-guangzhou', ids: ['ins-demo0002'] }));
    expect(err.kind).toBe('server');
    expect(sim.control.requestLog().filter((e) => e.action === 'StopInstances')).toHaveLength(1);
  });

  it('a slow API past the client timeout is a network error', async () => {
    sim.control.setLatency(300);
    const err = await failure(
      client({ timeoutMs: 50 }).startInstances({ region: 'ap-guangzhou', ids: ['ins-demo0004'] }),
    );
    expect([err.kind, err.code]).toEqual(['network', 'RequestTimeout']);
  });
});

describe('regions and paging', () => {
  it('describeRegions uses the region service, and falls back to CVM when it is denied', async () => {
    const regions = await client().describeRegions();
    expect(regions).toHaveLength(18);
    expect(regions.every((r) => r.available)).toBe(true);
    // With outcomes, so a failure says why the region service was left (once seen under load).
    expect(sim.control.requestLog().map((e) => `${e.service}:${e.outcome}`)).toEqual(['region:ok']);
    sim.control.clearRequestLog();
    sim.control.failNext('UnauthorizedOperation', { action: 'DescribeRegions' });
    expect(await client().describeRegions()).toHaveLength(18);
    expect(sim.control.requestLog().map((e) => `${e.service}:${e.outcome}`)).toEqual([
      'region:UnauthorizedOperation',
      'cvm:ok',
    ]);
  });

  it('listAllInstances walks 1,000+ instances of a region in pages of 100, in order, without duplicates', async () => {
    const expected = sim.fleet.inRegion('ap-guangzhou').map((r) => r.id);
    expect(expected.length).toBeGreaterThan(1000);
    const all = await client().listAllInstances({ region: 'ap-guangzhou' });
    expect(all.totalCount).toBe(expected.length);
    expect(all.instances.map((i) => i.instanceId)).toEqual(expected);
    const pages = sim.control.requestLog().filter((e) => e.action === 'DescribeInstances');
    expect(pages).toHaveLength(Math.ceil(expected.length / 100));
    expect(pages.every((e) => e.outcome === 'ok')).toBe(true);
  });

  it('listAllInstances with a filter, and listInstancesEverywhere over all 18 regions', async () => {
    const running = await client().listAllInstances({
      region: 'ap-guangzhou',
      filters: [{ name: 'instance-state', values: ['RUNNING'] }],
    });
    expect(running.totalCount).toBe(
      sim.fleet.inRegion('ap-guangzhou').filter((r) => r.state === 'RUNNING').length,
    );
    expect(running.instances.every((i) => i.state === 'RUNNING')).toBe(true);

    let total = 0;
    const regions: string[] = [];
    for await (const listing of client().listInstancesEverywhere()) {
      expect(listing.ok).toBe(true);
      if (listing.ok) total += listing.instances.length;
      regions.push(listing.region);
    }
    expect(regions).toHaveLength(18);
    expect(total).toBe(sim.fleet.size);
  });
});
