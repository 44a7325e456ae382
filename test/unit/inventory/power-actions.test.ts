// Power actions through the real client against the demo API simulator over HTTP (fake clock):
// batching per region and per 100 ids, Tencent's error per refusing instance, no blind retry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimiterRegistry, createCvmClient, type CvmClient } from '../../../src-main/cloud';
import { runPowerAction, type InstanceOutcome } from '../../../src-main/inventory/power-actions';
import { KEY, startSim, type SimFixture } from '../demo-api/fixture';

let sim: SimFixture;

beforeAll(async () => {
  sim = await startSim({ size: 3000, seed: 'power' });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.advance(120_000); // every earlier transition has landed
  sim.control.reset();
});

function client(): CvmClient {
  const advance = async (ms: number): Promise<void> => sim.advance(ms);
  return createCvmClient({
    credentials: async () => KEY,
    endpoint: sim.endpoint,
    now: sim.now,
    sleep: advance,
    random: () => 0.5,
    rateLimiter: new RateLimiterRegistry({ clock: sim.now, sleep: advance }),
  });
}

function inState(region: string, state: string, more: (r: { chargeType: string }) => boolean = () => true) {
  return sim.fleet
    .inRegion(region)
    .filter((r) => r.state === state && more(r))
    .map((r) => r.id);
}

function powerCalls(action: string) {
  return sim.control.requestLog().filter((e) => e.action === action);
}

const byId = (outcomes: InstanceOutcome[]) => new Map(outcomes.map((o) => [o.instanceId, o]));

describe('runPowerAction against the simulator', () => {
  it('groups per region and sends at most 100 ids per call; each instance is accepted once', async () => {
    const gz = inState('ap-guangzhou', 'RUNNING').slice(0, 250);
    const sh = inState('ap-shanghai', 'RUNNING').slice(0, 30);
    expect(gz).toHaveLength(250);
    const targets = [
      ...gz.map((instanceId) => ({ region: 'ap-guangzhou', instanceId })),
      ...sh.map((instanceId) => ({ region: 'ap-shanghai', instanceId })),
    ];
    const seen: InstanceOutcome[][] = [];
    const outcomes = await runPowerAction(client(), { action: 'stop', targets, stopType: 'SOFT' }, (o) =>
      seen.push(o),
    );
    expect(outcomes).toHaveLength(280);
    expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
    const calls = powerCalls('StopInstances');
    expect(calls.map((c) => [c.region, c.instanceIds?.length, c.outcome]).sort()).toEqual(
      [
        ['ap-guangzhou', 100, 'ok'],
        ['ap-guangzhou', 100, 'ok'],
        ['ap-guangzhou', 50, 'ok'],
        ['ap-shanghai', 30, 'ok'],
      ].sort(),
    );
    // Progress is reported per call as it answers.
    expect(seen.map((s) => s.length).sort((a, b) => a - b)).toEqual([30, 50, 100, 100]);
    expect([...gz, ...sh].every((id) => sim.fleet.get(id)?.state === 'STOPPING')).toBe(true);
  });

  it('pins Tencent’s refusal on the instance it names and sends the others again', async () => {
    const [s1, s2] = inState('ap-guangzhou', 'STOPPED');
    const [r1] = inState('ap-guangzhou', 'RUNNING');
    const targets = [s1!, r1!, s2!].map((instanceId) => ({ region: 'ap-guangzhou', instanceId }));
    const outcomes = byId(await runPowerAction(client(), { action: 'start', targets }));
    expect(outcomes.get(r1!)).toMatchObject({
      outcome: 'refused',
      error: { code: 'UnsupportedOperation.InstanceStateRunning' },
    });
    expect(outcomes.get(s1!)?.outcome).toBe('accepted');
    expect(outcomes.get(s2!)?.outcome).toBe('accepted');
    expect(powerCalls('StartInstances').map((c) => [c.instanceIds, c.outcome])).toEqual([
      [[s1, r1, s2], 'UnsupportedOperation.InstanceStateRunning'],
      [[s1, s2], 'ok'],
    ]);
    expect(sim.fleet.get(s1!)?.state).toBe('STARTING');
  });

  it('finds the one monthly instance that cannot stop charging by halving the batch', async () => {
    const postpaid = inState('ap-beijing', 'RUNNING', (r) => r.chargeType === 'POSTPAID_BY_HOUR').slice(0, 7);
    const [prepaid] = inState('ap-beijing', 'RUNNING', (r) => r.chargeType === 'PREPAID');
    const ids = [...postpaid.slice(0, 3), prepaid!, ...postpaid.slice(3)];
    const outcomes = byId(
      await runPowerAction(client(), {
        action: 'stop',
        targets: ids.map((instanceId) => ({ region: 'ap-beijing', instanceId })),
        stoppedMode: 'STOP_CHARGING',
      }),
    );
    expect(outcomes.get(prepaid!)).toMatchObject({
      outcome: 'refused',
      error: { kind: 'instance-stopped', code: 'UnsupportedOperation.StoppedModeStopCharging' },
    });
    for (const id of postpaid) expect(outcomes.get(id)?.outcome, id).toBe('accepted');
    // Every pay-as-you-go instance was stopped by exactly one accepted call.
    const accepted = powerCalls('StopInstances')
      .filter((c) => c.outcome === 'ok')
      .flatMap((c) => c.instanceIds ?? []);
    expect(accepted.sort()).toEqual([...postpaid].sort());
    expect(postpaid.every((id) => sim.fleet.get(id)?.state === 'STOPPING')).toBe(true);
    expect(sim.fleet.get(prepaid!)?.state).toBe('RUNNING');
  });

  it('sends StopType for a forced reboot', async () => {
    const [r1] = inState('ap-tokyo', 'RUNNING');
    const outcomes = await runPowerAction(client(), {
      action: 'reboot',
      targets: [{ region: 'ap-tokyo', instanceId: r1! }],
      stopType: 'HARD',
    });
    expect(outcomes).toEqual([{ region: 'ap-tokyo', instanceId: r1, outcome: 'accepted' }]);
    expect(sim.fleet.get(r1!)?.state).toBe('REBOOTING');
  });

  it('never sends again when the answer was lost: those instances are `unknown`', async () => {
    const ids = inState('ap-chengdu', 'RUNNING').slice(0, 3);
    sim.control.dropNext({ action: 'RebootInstances' });
    const outcomes = await runPowerAction(client(), {
      action: 'reboot',
      targets: ids.map((instanceId) => ({ region: 'ap-chengdu', instanceId })),
    });
    expect(outcomes.map((o) => [o.outcome, o.error?.kind])).toEqual(ids.map(() => ['unknown', 'network']));
    expect(powerCalls('RebootInstances')).toHaveLength(1);
  });

  it('a refusal about the key or the request fails the whole batch without splitting it', async () => {
    const ids = inState('ap-nanjing', 'RUNNING').slice(0, 4);
    sim.control.failNext('UnauthorizedOperation', { action: 'StopInstances' });
    const outcomes = await runPowerAction(client(), {
      action: 'stop',
      targets: ids.map((instanceId) => ({ region: 'ap-nanjing', instanceId })),
    });
    expect(outcomes.every((o) => o.outcome === 'refused' && o.error?.kind === 'auth')).toBe(true);
    expect(powerCalls('StopInstances')).toHaveLength(1);
  });
});
