import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Instance } from '../../../src-main/cloud';
import {
  LISTING_WAIT_MS,
  StatePoller,
  hasSettled,
  isTransitional,
} from '../../../src-main/inventory/state-poller';

function inst(id: string, state: string, more: Partial<Instance> = {}): Instance {
  return {
    instanceId: id,
    name: id,
    state: (['RUNNING', 'STOPPED', 'REBOOTING', 'STARTING', 'STOPPING', 'PENDING'].includes(state)
      ? state
      : 'OTHER') as Instance['state'],
    rawState: state,
    type: '',
    cpu: null,
    memory: null,
    osName: '',
    zone: '',
    region: more.region ?? 'ap-guangzhou',
    privateIps: [],
    publicIps: [],
    tags: [],
    latestOperation: null,
    latestOperationState: null,
    restrictState: null,
    createdTime: null,
    chargeType: '',
    ...more,
  };
}

const id = (n: number) => `ins-${String(n).padStart(8, '0')}`;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A poller over a scripted cloud: `states[id]` is the sequence of answers for that instance. */
function rig(
  script: Record<string, Instance[]>,
  opts: { fail?: () => boolean; listing?: (profileId: string) => boolean } = {},
) {
  const calls: { at: number; region: string; ids: string[] }[] = [];
  const emitted: Instance[][] = [];
  const served = new Map<string, number>();
  const start = Date.now();
  const poller = new StatePoller({
    describe: async (_profile, region, ids) => {
      calls.push({ at: Date.now() - start, region, ids });
      if (opts.fail?.()) throw new Error('network');
      return ids.flatMap((i) => {
        const seq = script[i];
        if (!seq) return [];
        const n = served.get(i) ?? 0;
        served.set(i, n + 1);
        return [seq[Math.min(n, seq.length - 1)]!];
      });
    },
    emit: (_profile, instances) => void emitted.push(instances),
    ...(opts.listing ? { listing: opts.listing } : {}),
  });
  return { poller, calls, emitted };
}

describe('StatePoller', () => {
  it('polls a rebooting instance with backoff until it is RUNNING again, then stops', async () => {
    const a = id(1);
    const { poller, calls, emitted } = rig({
      [a]: [
        inst(a, 'REBOOTING', { latestOperation: 'RebootInstances', latestOperationState: 'OPERATING' }),
        inst(a, 'REBOOTING', { latestOperation: 'RebootInstances', latestOperationState: 'OPERATING' }),
        inst(a, 'RUNNING', { latestOperation: 'RebootInstances', latestOperationState: 'SUCCESS' }),
      ],
    });
    poller.watch('demo', 'ap-guangzhou', a);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.map((c) => c.at)).toEqual([1000, 3000, 6000]);
    expect(emitted.map((e) => e[0]!.rawState)).toEqual(['REBOOTING', 'REBOOTING', 'RUNNING']);
    expect(poller.size).toBe(0);
  });

  it('sends no poll of a profile while it is being listed, and polls once the listing is over', async () => {
    // s27: polls of the moving instances an earlier listing found took DescribeInstances tokens
    // from the next listing of the profile, 25 ms of its end each.
    const a = id(1);
    const b = id(2);
    const listed = new Set(['demo']);
    const { poller, calls } = rig(
      { [a]: [inst(a, 'RUNNING')], [b]: [inst(b, 'RUNNING')] },
      { listing: (profileId) => listed.has(profileId) },
    );
    poller.watch('demo', 'ap-guangzhou', a);
    poller.watch('work', 'ap-guangzhou', b);
    await vi.advanceTimersByTimeAsync(2500);
    // The other profile's instance was polled when due; the listed profile's waits.
    expect(calls.map((c) => [c.at, c.ids])).toEqual([[1000, [b]]]);
    listed.delete('demo');
    await vi.advanceTimersByTimeAsync(LISTING_WAIT_MS);
    expect(calls.map((c) => [c.at, c.ids])).toEqual([
      [1000, [b]],
      [3000, [a]],
    ]);
    expect(poller.size).toBe(0);
  });

  it('batches up to 100 ids per call per region, in one round', async () => {
    const script: Record<string, Instance[]> = {};
    const watched: [string, string][] = [];
    for (let n = 0; n < 260; n++) {
      const region = n < 250 ? 'ap-guangzhou' : 'ap-tokyo';
      script[id(n)] = [inst(id(n), 'STOPPED', { region })];
      watched.push([region, id(n)]);
    }
    const r = rig(script);
    for (const [region, i] of watched) r.poller.watch('demo', region, i);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.calls.map((c) => [c.region, c.ids.length])).toEqual([
      ['ap-guangzhou', 100],
      ['ap-guangzhou', 100],
      ['ap-guangzhou', 50],
      ['ap-tokyo', 10],
    ]);
    expect(new Set(r.calls.flatMap((c) => c.ids)).size).toBe(260);
    expect(r.poller.size).toBe(0); // all STOPPED: settled
  });

  it('after Stop, keeps polling through a lagging RUNNING until STOPPED', async () => {
    const a = id(2);
    const { poller, calls } = rig({
      [a]: [
        inst(a, 'RUNNING'),
        inst(a, 'STOPPING', { latestOperation: 'StopInstances', latestOperationState: 'OPERATING' }),
        inst(a, 'STOPPED', { latestOperation: 'StopInstances', latestOperationState: 'SUCCESS' }),
      ],
    });
    poller.watch('demo', 'ap-guangzhou', a, 'stop');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(3);
    expect(poller.size).toBe(0);
  });

  it('a failed operation settles it too (Tencent gave up)', () => {
    expect(hasSettled(inst(id(3), 'RUNNING', { latestOperationState: 'FAILED' }), 'stop')).toBe(true);
    expect(
      hasSettled(
        inst(id(3), 'RUNNING', { latestOperation: 'StartInstances', latestOperationState: 'SUCCESS' }),
        'reboot',
      ),
    ).toBe(false);
    expect(
      hasSettled(
        inst(id(3), 'RUNNING', { latestOperation: 'RebootInstances', latestOperationState: 'SUCCESS' }),
        'reboot',
      ),
    ).toBe(true);
    expect(hasSettled(inst(id(3), 'ENTER_RESCUE_MODE'))).toBe(false);
    expect(isTransitional('STOPPED')).toBe(false);
  });

  it('a failing describe is tried again later with backoff, and the watch ends after the limit', async () => {
    const a = id(4);
    let calls = 0;
    const poller = new StatePoller({
      describe: async () => {
        calls += 1;
        throw new Error('down');
      },
      emit: () => {},
      maxWatchMs: 30_000,
    });
    poller.watch('demo', 'ap-guangzhou', a);
    await vi.advanceTimersByTimeAsync(120_000);
    // 1, 3, 6, 11, 19, 29, 39 s: the one at or after 30 s ends it.
    expect(calls).toBe(7);
    expect(poller.size).toBe(0);
  });

  it('stops watching an instance that no longer exists', async () => {
    const { poller, calls } = rig({});
    poller.watch('demo', 'ap-guangzhou', id(5));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toHaveLength(1);
    expect(poller.size).toBe(0);
  });

  it('watchMoving picks only transitional rows; stop() ends everything', async () => {
    const { poller, calls } = rig({ [id(6)]: [inst(id(6), 'STARTING')] });
    poller.watchMoving('demo', [inst(id(6), 'STARTING'), inst(id(7), 'RUNNING'), inst(id(8), 'STOPPED')]);
    expect(poller.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    poller.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
  });
});
