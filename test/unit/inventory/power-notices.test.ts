// Power actions followed to rest, for their notices: a second action on the same instance, sent
// before the first settled, replaces the first's watch; each accepted action still gets its notice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Instance } from '../../../src-main/cloud';
import { InventoryCache } from '../../../src-main/inventory/inventory-cache';
import {
  InventoryService,
  type InventoryClient,
  type PowerFinished,
} from '../../../src-main/inventory/inventory-service';
import { MarksStore } from '../../../src-main/inventory/marks-store';

const REGION = 'ap-seoul';

function instance(id: string, over: Partial<Instance>): Instance {
  return {
    instanceId: id,
    name: `web-${id.slice(-2)}`,
    state: 'RUNNING',
    rawState: 'RUNNING',
    type: 'S5.MEDIUM2',
    cpu: 2,
    memory: 2,
    osName: 'Ubuntu',
    zone: `${REGION}-1`,
    region: REGION,
    privateIps: [],
    publicIps: [],
    tags: [],
    latestOperation: null,
    latestOperationState: 'SUCCESS',
    restrictState: null,
    createdTime: null,
    chargeType: 'POSTPAID_BY_HOUR',
    ...over,
  };
}

let dir: string;
let service: InventoryService;
let finished: PowerFinished[];
/** What DescribeInstances answers for each instance now. */
const states = new Map<string, Instance>();

beforeEach(async () => {
  vi.useFakeTimers();
  dir = await mkdtemp(join(tmpdir(), 'cvm-power-notices-'));
  finished = [];
  const accept = () => Promise.resolve({ requestId: 'r-1' });
  const client = {
    startInstances: accept,
    stopInstances: accept,
    rebootInstances: accept,
    describeRegions: () => Promise.resolve([]),
    describeInstances: ({ ids }: { ids?: string[] }) =>
      Promise.resolve({ instances: (ids ?? []).map((id) => states.get(id)!), total: ids?.length ?? 0 }),
  } as unknown as InventoryClient;
  service = new InventoryService({
    clientFor: () => Promise.resolve(client),
    checkProfile: () => {},
    cache: new InventoryCache(join(dir, 'inventory')),
    marks: new MarksStore(join(dir, 'marks.json')),
    emitListing: () => {},
    emitInstances: () => {},
  });
  service.onPowerFinished((f) => void finished.push(f));
});
afterEach(async () => {
  service.close();
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('power notices', () => {
  it('a second action before the first settled: both get their notice, in order', async () => {
    states.set('ins-web00001', instance('ins-web00001', { state: 'STOPPING', rawState: 'STOPPING' }));
    await service.power({
      profileId: 'p',
      action: 'stop',
      targets: [{ region: REGION, instanceId: 'ins-web00001' }],
    });
    await service.power({
      profileId: 'p',
      action: 'start',
      targets: [{ region: REGION, instanceId: 'ins-web00001' }],
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(finished).toEqual([]);
    states.set('ins-web00001', instance('ins-web00001', { latestOperation: 'StartInstances' }));
    await vi.advanceTimersByTimeAsync(60_000);
    const target = { region: REGION, instanceId: 'ins-web00001', name: 'web-01' };
    expect(finished).toEqual([
      { profileId: 'p', action: 'stop', done: [target], failed: [] },
      { profileId: 'p', action: 'start', done: [target], failed: [] },
    ]);
  });

  it('one action on two instances is one notice, when both have settled', async () => {
    states.set('ins-web00001', instance('ins-web00001', { state: 'STOPPING', rawState: 'STOPPING' }));
    states.set('ins-web00002', instance('ins-web00002', { state: 'STOPPING', rawState: 'STOPPING' }));
    await service.power({
      profileId: 'p',
      action: 'stop',
      targets: [
        { region: REGION, instanceId: 'ins-web00001' },
        { region: REGION, instanceId: 'ins-web00002' },
      ],
    });
    states.set('ins-web00001', instance('ins-web00001', { state: 'STOPPED', rawState: 'STOPPED' }));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(finished).toEqual([]);
    states.set('ins-web00002', instance('ins-web00002', { state: 'STOPPED', rawState: 'STOPPED' }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.done.map((t) => t.instanceId)).toEqual(['ins-web00001', 'ins-web00002']);
  });
});
