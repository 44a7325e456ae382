// Looking an instance ID up region by region, against the demo cloud's API simulator over real
// HTTP (the client's sleeps and rate limiter run on the simulator's fake clock).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudError, createCvmClient, type CvmClient, type Region } from '../../../src-main/cloud';
import {
  findInstance,
  LOOKUP_CONCURRENCY,
  MAX_LOOKUP_REGIONS,
} from '../../../src-main/desktop/find-instance';
import { KEY, startSim, type SimFixture } from '../demo/api/fixture';

let sim: SimFixture;
let client: CvmClient;
let regionCount: number;

beforeAll(async () => {
  sim = await startSim({ size: 300, seed: 'lookup' });
  client = createCvmClient({ credentials: async () => KEY, ...sim.clientOptions() });
  regionCount = (await client.describeRegions()).filter((r) => r.available).length;
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.advance(5000);
  sim.control.reset();
});

/** The DescribeInstances calls the simulator saw, as [region, ids]. */
function lookups(): Array<[string | undefined, string[] | undefined]> {
  return sim.control
    .requestLog()
    .filter((e) => e.action === 'DescribeInstances')
    .map((e) => [e.region, e.instanceIds]);
}

function someInstanceOutside(region: string): { id: string; region: string } {
  const id = sim.fleet.ids().find((i) => sim.fleet.get(i)!.region !== region)!;
  return { id, region: sim.fleet.get(id)!.region };
}

describe('findInstance against the demo cloud', () => {
  it('finds an instance by ID in whichever region holds it, asking each region at most once', async () => {
    const target = someInstanceOutside('ap-guangzhou');
    const outcome = await findInstance(client, target.id);
    expect(outcome.found).toMatchObject({ instanceId: target.id, region: target.region });
    expect(outcome.failures).toEqual([]);
    const calls = lookups();
    expect(calls.every(([, ids]) => ids?.length === 1 && ids[0] === target.id)).toBe(true);
    const regions = calls.map(([r]) => r);
    expect(new Set(regions).size).toBe(regions.length);
    expect(regions).toContain(target.region);
    expect(outcome.asked).toBe(calls.length);
  });

  it('asks only the given region when the link names one', async () => {
    const target = someInstanceOutside('ap-guangzhou');
    expect((await findInstance(client, target.id, { region: target.region })).found?.region).toBe(
      target.region,
    );
    expect(lookups()).toEqual([[target.region, [target.id]]]);
    sim.control.clearRequestLog();
    const elsewhere = await findInstance(client, target.id, { region: 'ap-guangzhou' });
    expect(elsewhere).toEqual({ found: null, asked: 1, failures: [] });
    expect(lookups()).toEqual([['ap-guangzhou', [target.id]]]);
  });

  it('answers not found after asking every available region once', async () => {
    const outcome = await findInstance(client, 'ins-zzzzzzzz');
    expect(outcome).toEqual({ found: null, asked: regionCount, failures: [] });
    const regions = lookups().map(([r]) => r);
    expect(regions).toHaveLength(regionCount);
    expect(new Set(regions).size).toBe(regionCount);
  });

  it('reports a region it could not ask, and still asks the others', async () => {
    sim.control.failNext('InvalidParameterValue.Unsupported', { action: 'DescribeInstances' });
    const outcome = await findInstance(client, 'ins-zzzzzzzz');
    expect(outcome.found).toBeNull();
    expect(outcome.asked).toBe(regionCount);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.error).toBeInstanceOf(CloudError);
    expect(outcome.failures[0]!.error.code).toBe('InvalidParameterValue.Unsupported');
  });

  it('stops at once when the key is refused: the other regions would refuse it too', async () => {
    sim.control.failNext('AuthFailure.SecretIdNotFound', { action: 'DescribeInstances', count: 100 });
    const outcome = await findInstance(client, 'ins-zzzzzzzz');
    expect(outcome.found).toBeNull();
    expect(outcome.failures[0]!.error.kind).toBe('auth');
    // The workers already under way finish their one call each; no new region is started.
    expect(outcome.asked).toBeLessThanOrEqual(LOOKUP_CONCURRENCY);
    expect(lookups().length).toBe(outcome.asked);
  });

  it('throws when the region list itself cannot be had', async () => {
    sim.control.failNext('AuthFailure.SecretIdNotFound', { count: 2 });
    await expect(findInstance(client, 'ins-zzzzzzzz')).rejects.toMatchObject({ kind: 'auth' });
  });
});

describe('findInstance bounds', () => {
  function fakeClient(regions: number, holder?: string) {
    let inFlight = 0;
    let maxInFlight = 0;
    const asked: string[] = [];
    const events: string[] = [];
    const fake = {
      describeRegions: async (): Promise<Region[]> =>
        Array.from({ length: regions }, (_, i) => ({
          region: `ap-r${i}`,
          name: `r${i}`,
          state: 'AVAILABLE',
          available: i % 10 !== 9,
        })),
      describeInstances: async ({ region }: { region: string }) => {
        asked.push(region);
        events.push(`start ${region}`);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        events.push(`answer ${region}`);
        const instances =
          region === holder ? [{ instanceId: 'ins-abcdefgh', region } as never] : ([] as never[]);
        return { region, totalCount: instances.length, instances, requestId: 'r' };
      },
    };
    return { fake, asked, events, maxInFlight: () => maxInFlight };
  }

  it('asks a few regions at a time, skips unavailable ones, and never more than the cap', async () => {
    const { fake, asked, maxInFlight } = fakeClient(500);
    const outcome = await findInstance(fake, 'ins-abcdefgh');
    expect(outcome.found).toBeNull();
    expect(asked).toHaveLength(MAX_LOOKUP_REGIONS);
    expect(asked.every((r) => Number(r.slice(4)) % 10 !== 9)).toBe(true);
    expect(maxInFlight()).toBe(LOOKUP_CONCURRENCY);
  });

  it('starts no region after the one that answered', async () => {
    const { fake, asked, events } = fakeClient(30, 'ap-r2');
    const outcome = await findInstance(fake, 'ins-abcdefgh');
    expect(outcome.found?.region).toBe('ap-r2');
    const hit = events.indexOf('answer ap-r2');
    expect(events.slice(hit).filter((e) => e.startsWith('start'))).toEqual([]);
    expect(asked.length).toBeLessThan(30);
    expect(outcome.asked).toBe(asked.length);
  });
});
