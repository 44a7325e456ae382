import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  burstOf,
  createCvmClient,
  PAGE_SIZE,
  RateLimiterRegistry,
  type Instance,
  type Region,
} from '../../../src-main/cloud';
import { CloudError } from '../../../src-main/cloud/errors';
import { RateLimiter } from '../../../src-main/demo/api/rate-limit';
import { Fleet } from '../../../src-main/demo/fleet';
import { REGIONS } from '../../../src-main/demo/fleet-catalog';
import {
  FIRST_LISTING_REGIONS,
  listEverywhere,
  type FanoutClient,
  type FanoutListener,
  type RegionResult,
} from '../../../src-main/inventory/region-fanout';
import { apiErr } from '../cloud/helpers/fake-fetch';
import { fleetFetch } from './fleet-fetch';

const CREDS = {
  secretId: 'AKIDfanoutTest000000000000000000001',
  secretKey: 'fanoutTestSecretKey0000000000001',
};

function recorder() {
  const rows = new Map<string, Instance[]>();
  const results: RegionResult[] = [];
  const regions: Region[][] = [];
  const firstRowAt: number[] = [];
  const listener: FanoutListener = {
    regions: (r) => void regions.push([...r]),
    rows: (region, instances) => {
      if (firstRowAt.length === 0) firstRowAt.push(performance.now());
      rows.set(region, [...(rows.get(region) ?? []), ...instances]);
    },
    region: (result) => void results.push(result),
  };
  const all = () => [...rows.values()].flat();
  return { listener, rows, results, regions, firstRowAt, all };
}

/** The real client over `fetch`, with a rate limiter of its own (default clock and sleep: performance.now and setTimeout, faked by the tests). */
function fakeClockClient(fetch: ReturnType<typeof fleetFetch>['fetch']) {
  return createCvmClient({ credentials: async () => CREDS, fetch, rateLimiter: new RateLimiterRegistry() });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('listEverywhere over the real client, rate limiter and a 10,000-instance fleet (virtual clock)', () => {
  const fleet = new Fleet({ size: 10_000, seed: 1 });
  async function run(opts: { latencyMs: number; failRegion?: string }) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { fetch, sent } = fleetFetch(fleet, {
      latencyMs: opts.latencyMs,
      fail: (action, region) =>
        action === 'DescribeInstances' && region === opts.failRegion
          ? apiErr('AuthFailure.UnauthorizedOperation', 'not allowed in this region')
          : undefined,
    });
    const client = fakeClockClient(fetch);
    const rec = recorder();
    const start = performance.now();
    const done = listEverywhere(client, rec.listener);
    await vi.runAllTimersAsync();
    const results = await done;
    return { fleet, sent, rec, results, elapsed: performance.now() - start, start };
  }
  // The clean 10,000-instance listing is run once and examined by the three tests that need it.
  let clean: ReturnType<typeof run> | undefined;
  const cleanRun = () => (clean ??= run({ latencyMs: 50 }));

  it('lists every instance exactly once and reports every region with its count', async () => {
    const { rec, results } = await cleanRun();
    const ids = rec.all().map((i) => i.instanceId);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(new Set(ids)).toEqual(new Set(fleet.ids()));
    expect(rec.regions).toEqual([
      REGIONS.map((r) => ({ region: r.region, name: r.nameEn, state: 'AVAILABLE', available: true })),
    ]);
    expect(results).toHaveLength(18);
    for (const r of REGIONS) {
      const result = rec.results.find((x) => x.region === r.region);
      expect(result).toEqual({
        region: r.region,
        ok: true,
        count: fleet.inRegion(r.region).length,
        totalCount: fleet.inRegion(r.region).length,
      });
    }
  });

  it('never sends DescribeInstances faster than Tencent allows (40/s), yet lists 10,000 in under 2 s', async () => {
    const { sent, rec, elapsed, start } = await cleanRun();
    const times = sent.filter((s) => s.action === 'DescribeInstances').map((s) => s.at - start);
    expect(times).toHaveLength(111); // Σ ⌈region size / 100⌉ for this fleet
    // The server's own limiter (the demo cloud's token bucket: 40 at once, refilled at 40/s) admits
    // every one of them, replayed at the moments they were sent: nothing would be throttled.
    let t = 0;
    const server = new RateLimiter(() => t);
    for (const at of times) {
      t = at;
      expect(server.take(CREDS.secretId, 'cvm', 'DescribeInstances')).toBe(true);
    }
    // And over any stretch of w ms, at most a first burst (36: the client keeps 0.1 s in reserve)
    // plus 40 per second: the sustained rate is 40/s.
    const sorted = [...times].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i; j < sorted.length; j++) {
        const w = sorted[j]! - sorted[i]!;
        expect(j - i + 1).toBeLessThanOrEqual(36 + Math.floor((40 * w) / 1000) + 1);
      }
    }
    // The sustained 40/s is what the whole listing runs at, once the first burst is spent.
    const last = sorted.at(-1)!;
    expect((sorted.length - 36) / (last / 1000)).toBeLessThanOrEqual(40.01);
    // Virtual time: DescribeRegions, the first pages, then the rest at 40/s.
    expect(rec.firstRowAt[0]! - start).toBeLessThanOrEqual(110);
    expect(elapsed).toBeLessThan(2000);
  });

  it('a region refused by Tencent shows its error; the other 17 list in full', async () => {
    const { rec, sent } = await run({ latencyMs: 50, failRegion: 'ap-tokyo' });
    const tokyo = rec.results.find((r) => r.region === 'ap-tokyo');
    expect(tokyo).toMatchObject({
      ok: false,
      count: 0,
      error: { kind: 'auth', code: 'AuthFailure.UnauthorizedOperation' },
    });
    expect(rec.results.filter((r) => r.ok)).toHaveLength(17);
    expect(rec.all()).toHaveLength(10_000 - fleet.inRegion('ap-tokyo').length);
    // Refused is final: asked once, not retried.
    expect(sent.filter((s) => s.region === 'ap-tokyo')).toHaveLength(1);
  });

  it('is far quicker than naive sequential paging on the same virtual clock', async () => {
    const { elapsed } = await cleanRun();
    // Naive: one request after the other, 18 regions × their pages + DescribeRegions, 50 ms each.
    const naiveMs = (111 + 1) * 50;
    expect(naiveMs).toBe(5600);
    expect(elapsed).toBeLessThan(naiveMs / 2.5);
  });
});

describe('the floor: how soon 10,000 instances over 18 regions can be listed within 40/s', () => {
  const fleet = new Fleet({ size: 10_000, seed: 1 });
  // Tencent answers at most 100 instances a call, one region a call: Σ ⌈region size / 100⌉ calls.
  const fewestCalls = REGIONS.reduce((n, r) => n + Math.ceil(fleet.inRegion(r.region).length / PAGE_SIZE), 0);
  const burst = burstOf(40);
  /** The last call may go no sooner than this after the first (ms): the burst, then 40 a second. */
  const floorMs = ((fewestCalls - burst) * 1000) / 40;

  it('is (111 − 36) / 40 s = 1,875 ms to the last call, whatever the order: the limiter holds the k-th back to (k − 36) / 40 s', async () => {
    expect(fewestCalls).toBe(111);
    expect(burst).toBe(36);
    expect(floorMs).toBe(1875);
    // The app's limiter, asked for every call at the same instant (the most any order can ask):
    // the last may go 1,875 ms later, not sooner.
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiterRegistry({
      clock: () => now,
      sleep: async (ms) => void waits.push(ms),
    });
    for (let k = 0; k < fewestCalls; k++) await limiter.acquire(CREDS.secretId, 'cvm', 'DescribeInstances');
    expect(waits).toHaveLength(fewestCalls - burst);
    expect(Math.max(...waits)).toBeCloseTo(floorMs, 6);
    // A bucket left full refills nothing: 100 ms idle at the start delays the last call by 100 ms.
    now = 0;
    waits.length = 0;
    const idle = new RateLimiterRegistry({ clock: () => now, sleep: async (ms) => void waits.push(ms) });
    await idle.acquire(CREDS.secretId, 'cvm', 'DescribeInstances');
    now = 100;
    for (let k = 1; k < fewestCalls; k++) await idle.acquire(CREDS.secretId, 'cvm', 'DescribeInstances');
    expect(now + Math.max(...waits)).toBeCloseTo(floorMs + 100 - 25, 6);
  });

  it('a first listing reaches it: the last call goes at 1,875 ms, the last answer at 1,925 ms (50 ms latency)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { fetch, sent } = fleetFetch(fleet, { latencyMs: 50 });
    const client = fakeClockClient(fetch);
    const start = performance.now();
    const done = listEverywhere(
      client,
      { rows: () => {}, region: () => {} },
      { early: FIRST_LISTING_REGIONS },
    );
    await vi.runAllTimersAsync();
    const results = await done;
    expect(results.every((r) => r.ok)).toBe(true);
    const times = sent.filter((s) => s.action === 'DescribeInstances').map((s) => s.at - start);
    expect(times).toHaveLength(fewestCalls);
    // While DescribeRegions is on its way (50 ms), the early pages keep the bucket below full, so
    // no token is lost: one early page left it full after 25 ms, and everything ended 25 ms later.
    expect(Math.max(...times)).toBe(floorMs);
    expect(performance.now() - start).toBe(floorMs + 50);
  });

  it("a DescribeRegions slow to answer (300 ms) costs a first listing nothing: the early regions' other pages keep the bucket below full", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { fetch, sent } = fleetFetch(fleet, {
      latencyMs: (action) => (action === 'DescribeRegions' ? 300 : 50),
    });
    const client = fakeClockClient(fetch);
    const start = performance.now();
    const rec = recorder();
    const done = listEverywhere(client, rec.listener, { early: FIRST_LISTING_REGIONS });
    await vi.runAllTimersAsync();
    const results = await done;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(rec.all()).toHaveLength(10_000);
    const times = sent.filter((s) => s.action === 'DescribeInstances').map((s) => s.at - start);
    expect(times).toHaveLength(fewestCalls);
    // Until DescribeRegions answered, only the early regions' pages went out, and every token the
    // bucket had: its 36, then one each 25 ms up to the 300th.
    const beforeRegions = sent.filter((s) => s.action === 'DescribeInstances' && s.at - start <= 300);
    expect(beforeRegions.every((s) => FIRST_LISTING_REGIONS.includes(s.region))).toBe(true);
    expect(beforeRegions).toHaveLength(burst + 300 / 25);
    // Asking only their first pages left the bucket full until DescribeRegions answered: later ends.
    expect(Math.max(...times)).toBe(floorMs);
    expect(performance.now() - start).toBe(floorMs + 50);
  });
});

// ---- a scripted client for the error paths ----

const REGION_A = 'ap-guangzhou';
const REGION_B = 'ap-tokyo';
const REGION_C = 'eu-frankfurt';

function inst(region: string, n: number): Instance {
  return {
    instanceId: `ins-${region.slice(3, 6)}${String(n).padStart(5, '0')}`,
    name: `${region}-${n}`,
    state: 'RUNNING',
    rawState: 'RUNNING',
    type: 'S5.SMALL2',
    cpu: 1,
    memory: 2,
    osName: 'Linux',
    zone: `${region}-1`,
    region,
    privateIps: [],
    publicIps: [],
    tags: [],
    latestOperation: null,
    latestOperationState: null,
    restrictState: null,
    createdTime: null,
    chargeType: 'POSTPAID_BY_HOUR',
  };
}

function cloudError(kind: CloudError['kind'], code: string): CloudError {
  return new CloudError({ kind, code, messageKey: 'x', message: `${code} happened` });
}

type PageFn = (region: string, offset: number) => Instance[] | CloudError;

function scripted(sizes: Record<string, number>, override?: PageFn) {
  const calls: { region: string; offset: number }[] = [];
  let describeRegionsCalls = 0;
  const client: FanoutClient = {
    describeRegions: async () => {
      describeRegionsCalls += 1;
      return Object.keys(sizes).map((region) => ({
        region,
        name: region.toUpperCase(),
        state: 'AVAILABLE',
        available: true,
      }));
    },
    describeInstances: async (input) => {
      const region = input.region;
      const offset = input.offset ?? 0;
      calls.push({ region, offset });
      await Promise.resolve();
      const overridden = override?.(region, offset);
      if (overridden instanceof CloudError) throw overridden;
      const total = sizes[region] ?? 0;
      const all = Array.from({ length: total }, (_, i) => inst(region, i));
      return {
        region,
        totalCount: total,
        instances: overridden ?? all.slice(offset, offset + (input.limit ?? 20)),
        requestId: 'r',
      };
    },
  };
  return { client, calls, describeRegionsCalls: () => describeRegionsCalls };
}

describe('listEverywhere: per-region outcomes', () => {
  it('reports each failing region with its own error while the others list fully', async () => {
    const { client } = scripted({ [REGION_A]: 250, [REGION_B]: 30, [REGION_C]: 120 }, (region) => {
      if (region === REGION_B) return cloudError('auth', 'UnauthorizedOperation');
      if (region === REGION_C) return cloudError('network', 'NetworkError');
      return undefined as never;
    });
    const rec = recorder();
    const results = await listEverywhere(client, rec.listener);
    expect(rec.rows.get(REGION_A)).toHaveLength(250);
    expect(rec.rows.has(REGION_B)).toBe(false);
    const byRegion = Object.fromEntries(rec.results.map((r) => [r.region, r]));
    expect(byRegion[REGION_A]).toEqual({ region: REGION_A, ok: true, count: 250, totalCount: 250 });
    expect(byRegion[REGION_B]).toMatchObject({
      ok: false,
      count: 0,
      error: { kind: 'auth', code: 'UnauthorizedOperation' },
    });
    expect(byRegion[REGION_C]).toMatchObject({
      ok: false,
      count: 0,
      error: { kind: 'network', code: 'NetworkError' },
    });
    // Each region ends exactly once; nothing is dropped.
    expect(rec.results.map((r) => r.region).sort()).toEqual([REGION_A, REGION_B, REGION_C].sort());
    expect(results).toHaveLength(3);
  });

  it('a page failing after the first fails its region, keeps the rows already handed on, sends no later page', async () => {
    let failed = false;
    const { client, calls } = scripted({ [REGION_A]: 1000 }, (_region, offset) => {
      if (offset === 300) {
        failed = true;
        return cloudError('server', 'InternalError');
      }
      return undefined as never;
    });
    const rec = recorder();
    // One request at a time, so "later" is well defined.
    await listEverywhere(client, rec.listener, { maxInFlight: 1 });
    expect(failed).toBe(true);
    expect(rec.results).toEqual([
      expect.objectContaining({
        region: REGION_A,
        ok: false,
        count: 300,
        error: expect.objectContaining({ code: 'InternalError' }),
      }),
    ]);
    expect(rec.rows.get(REGION_A)).toHaveLength(300);
    expect(calls.map((c) => c.offset)).toEqual([0, 100, 200, 300]);
  });

  it('an instance that shifted onto two pages is handed on once', async () => {
    const { client } = scripted({ [REGION_A]: 150 }, (region, offset) =>
      offset === 100 ? [inst(region, 99), inst(region, 100)] : (undefined as never),
    );
    const rec = recorder();
    await listEverywhere(client, rec.listener);
    const ids = rec.rows.get(REGION_A)!.map((i) => i.instanceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rec.results[0]).toMatchObject({ ok: true, count: 101 });
  });

  it('a TotalCount beyond 1000 pages fails that region instead of paging forever', async () => {
    const { client, calls } = scripted({ [REGION_A]: 5 }, (region, offset) =>
      offset === 0 ? (undefined as never) : [],
    );
    const lying: FanoutClient = {
      ...client,
      describeInstances: async (input) => ({
        ...(await client.describeInstances(input)),
        totalCount: 100_001,
      }),
    };
    const rec = recorder();
    await listEverywhere(lying, rec.listener);
    expect(rec.results[0]).toMatchObject({ ok: false, error: { code: 'MalformedResponse' } });
    expect(calls).toHaveLength(1);
  });

  it("asks for the early regions' first pages beside DescribeRegions; a region it does not list is dropped", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const fleet = new Fleet({ size: 1000, seed: 3 });
    const { fetch, sent } = fleetFetch(fleet, { latencyMs: 50 });
    const client = fakeClockClient(fetch);
    const rec = recorder();
    const start = performance.now();
    const done = listEverywhere(client, rec.listener, { early: ['ap-guangzhou', 'xx-nowhere-1'] });
    await vi.runAllTimersAsync();
    await done;
    // Both early pages went out with DescribeRegions, before its answer.
    const first = sent
      .filter((s) => s.at - start < 50)
      .map((s) => `${s.action} ${s.action === 'DescribeInstances' ? s.region : ''}`);
    expect(first.sort()).toEqual([
      'DescribeInstances ap-guangzhou',
      'DescribeInstances xx-nowhere-1',
      'DescribeRegions ',
    ]);
    // Guangzhou's first page is not asked for twice; the unlisted region has no rows and no result.
    const gzFirst = sent.filter((s) => s.region === 'ap-guangzhou' && Number(s.json['Offset'] ?? 0) === 0);
    expect(gzFirst).toHaveLength(1);
    expect(rec.results.map((r) => r.region)).not.toContain('xx-nowhere-1');
    expect(rec.all()).toHaveLength(1000);
    // The regions come before any row, and the first rows one round trip sooner (virtual time: 50 ms, not 100).
    expect(rec.regions).toHaveLength(1);
    expect(rec.firstRowAt[0]! - start).toBeLessThan(100);
  });

  it('Retry of one region lists only that region, without asking for the regions again', async () => {
    const { client, calls, describeRegionsCalls } = scripted({ [REGION_A]: 10, [REGION_B]: 20 });
    const rec = recorder();
    await listEverywhere(client, rec.listener, { regions: [REGION_B] });
    expect(describeRegionsCalls()).toBe(0);
    expect(rec.regions).toEqual([]);
    expect(calls.every((c) => c.region === REGION_B)).toBe(true);
    expect(rec.results).toEqual([{ region: REGION_B, ok: true, count: 20, totalCount: 20 }]);
  });

  it('a failed DescribeRegions rejects the listing (the caller shows it for the whole profile)', async () => {
    const { client } = scripted({ [REGION_A]: 1 });
    const refused: FanoutClient = {
      ...client,
      describeRegions: async () => {
        throw cloudError('auth', 'AuthFailure.SecretIdNotFound');
      },
    };
    await expect(listEverywhere(refused, recorder().listener)).rejects.toMatchObject({
      code: 'AuthFailure.SecretIdNotFound',
    });
  });

  it('an abandoned listing hands on nothing more and sends no queued page', async () => {
    const controller = new AbortController();
    const { client, calls } = scripted({ [REGION_A]: 2000, [REGION_B]: 2000 }, (_r, offset) => {
      if (offset === 100) controller.abort();
      return undefined as never;
    });
    const rec = recorder();
    const results = await listEverywhere(client, rec.listener, { signal: controller.signal, maxInFlight: 2 });
    expect(results).toEqual([]);
    expect(rec.results).toEqual([]);
    expect(calls.length).toBeLessThan(6);
    const handed = rec.all().length;
    expect(handed).toBeLessThanOrEqual(200);
  });

  it('an unexpected throw becomes a bounded server error for that region', async () => {
    const { client } = scripted({ [REGION_A]: 1 });
    const broken: FanoutClient = {
      ...client,
      describeInstances: async () => {
        throw new Error('secret-ish detail that must not travel');
      },
    };
    const rec = recorder();
    await listEverywhere(broken, rec.listener);
    expect(rec.results[0]).toMatchObject({
      ok: false,
      error: { kind: 'server', code: 'InternalError.Unexpected' },
    });
    expect(JSON.stringify((rec.results[0] as { error: CloudError }).error.message)).not.toContain(
      'secret-ish',
    );
  });
});
