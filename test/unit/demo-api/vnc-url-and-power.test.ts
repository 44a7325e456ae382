import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from './fixture';
import { errorCode } from './helpers';

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim({ size: 300 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.advance(1000);
  sim.control.reset();
});

const vncUrl = (instanceId: unknown, region = 'ap-guangzhou') =>
  sim.call('DescribeInstanceVncUrl', { InstanceId: instanceId }, { region });

describe('DescribeInstanceVncUrl', () => {
  it('returns a percent-encoded URL that decodes once to wss://…/vnc?s=<base64>&password=&isWindows=&isUbuntu=', async () => {
    const res = await vncUrl('ins-demo0001');
    const raw = res.json.Response.InstanceVncUrl as string;
    expect(raw).toMatch(/^wss%3A%2F%2F/);
    expect(raw).not.toMatch(/[:/?&=+]/);
    const decoded = decodeURIComponent(raw);
    expect(decoded).toMatch(
      /^wss:\/\/gzvnc\.qcloud\.com:26789\/vnc\?s=[A-Za-z0-9+/]+=*&password=&isWindows=false&isUbuntu=false$/,
    );
    // Every call mints a new token.
    const again = decodeURIComponent((await vncUrl('ins-demo0001')).json.Response.InstanceVncUrl as string);
    expect(again).not.toBe(decoded);
  });

  it('carries the Windows, Ubuntu and password hints', async () => {
    const win = decodeURIComponent((await vncUrl('ins-demo0003')).json.Response.InstanceVncUrl as string);
    expect(win).toContain('&isWindows=true&isUbuntu=false');
    const ubuntu = decodeURIComponent((await vncUrl('ins-demo0002')).json.Response.InstanceVncUrl as string);
    expect(ubuntu).toContain('&isWindows=false&isUbuntu=true');
    const locked = decodeURIComponent(
      (await vncUrl('ins-demo0006', 'ap-shanghai')).json.Response.InstanceVncUrl as string,
    );
    expect(locked).toContain('&password=cvmdemo1&');
    expect(locked).toMatch(/^wss:\/\/shvnc\.qcloud\.com/);
  });

  it('returns exactly the seed page’s error for every instance state', async () => {
    const cases: [string, string][] = [
      ['STOPPED', 'UnsupportedOperation.InstanceStateStopped'],
      ['STARTING', 'UnsupportedOperation.InstanceStateStarting'],
      ['STOPPING', 'UnsupportedOperation.InstanceStateStopping'],
      ['REBOOTING', 'UnsupportedOperation.InstanceStateRebooting'],
      ['PENDING', 'UnsupportedOperation.InstanceStatePending'],
      ['SHUTDOWN', 'UnsupportedOperation.InstanceStateShutdown'],
      ['TERMINATING', 'UnsupportedOperation.InstanceStateTerminating'],
      ['TERMINATED', 'UnsupportedOperation.InstanceStateTerminated'],
      ['ENTER_RESCUE_MODE', 'UnsupportedOperation.InstanceStateEnterRescueMode'],
      ['EXIT_RESCUE_MODE', 'UnsupportedOperation.InstanceStateExitRescueMode'],
      ['ENTER_SERVICE_LIVE_MIGRATE', 'UnsupportedOperation.InstanceStateEnterServiceLiveMigrate'],
      ['EXIT_SERVICE_LIVE_MIGRATE', 'UnsupportedOperation.InstanceStateExitServiceLiveMigrate'],
      ['LAUNCH_FAILED', 'InvalidInstanceState'],
      ['SOMETHING_NEW', 'InvalidInstanceState'],
    ];
    for (const [state, code] of cases) {
      sim.control.setState('ins-demo0001', state);
      sim.advance(150); // stays within the 10/s limit
      const res = await vncUrl('ins-demo0001');
      expect(errorCode(res), state).toBe(code);
      expect(res.json.Response.Error?.Message, state).toContain('ins-demo0001');
    }
    sim.control.setState('ins-demo0001', 'RUNNING');
  });

  it('malformed, missing, unknown and other-region ids', async () => {
    expect(errorCode(await vncUrl('ins-1122'))).toBe('InvalidInstanceId.Malformed');
    expect(errorCode(await vncUrl('INS-DEMO0001'))).toBe('InvalidInstanceId.Malformed');
    expect(errorCode(await vncUrl('ins-demo0001 '))).toBe('InvalidInstanceId.Malformed');
    expect(errorCode(await vncUrl(undefined))).toBe('MissingParameter');
    expect(errorCode(await vncUrl(42))).toBe('InvalidParameter');
    expect(errorCode(await vncUrl('ins-zzzzzzzz'))).toBe('InvalidInstanceId.NotFound');
    expect(errorCode(await vncUrl('ins-demo0007'))).toBe('InvalidInstanceId.NotFound'); // it lives in ap-tokyo
    expect(errorCode(await vncUrl('ins-demo0007', 'ap-tokyo'))).toBeUndefined();
    const extra = await sim.call('DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001', Foo: 1 });
    expect(errorCode(extra)).toBe('UnknownParameter');
  });
});

describe('StartInstances / StopInstances / RebootInstances', () => {
  const power = (action: string, params: Record<string, unknown>) => sim.call(action, params);
  const state = (id: string) => sim.fleet.get(id)?.state;

  it('Stop → STOPPING → STOPPED, then Start → STARTING → RUNNING, visible through DescribeInstances', async () => {
    const id = 'ins-demo0002';
    const stop = await power('StopInstances', { InstanceIds: [id] });
    expect(stop.json.Response).toEqual({ RequestId: stop.json.Response.RequestId });
    expect(state(id)).toBe('STOPPING');
    expect(errorCode(await vncUrl(id))).toBe('UnsupportedOperation.InstanceStateStopping');
    sim.advance(3000);
    const described = await sim.call('DescribeInstances', { InstanceIds: [id] });
    expect((described.json.Response.InstanceSet as Record<string, unknown>[])[0]).toMatchObject({
      InstanceState: 'STOPPED',
      LatestOperation: 'StopInstances',
      LatestOperationState: 'SUCCESS',
      LatestOperationRequestId: stop.json.Response.RequestId,
    });
    expect(errorCode(await vncUrl(id))).toBe('UnsupportedOperation.InstanceStateStopped');

    sim.advance(1000);
    const start = await power('StartInstances', { InstanceIds: [id] });
    expect(start.json.Response.Error).toBeUndefined();
    expect(state(id)).toBe('STARTING');
    expect(errorCode(await vncUrl(id))).toBe('UnsupportedOperation.InstanceStateStarting');
    sim.advance(3000);
    expect(state(id)).toBe('RUNNING');
    expect(errorCode(await vncUrl(id))).toBeUndefined();
  });

  it('Reboot → REBOOTING → RUNNING', async () => {
    const res = await power('RebootInstances', { InstanceIds: ['ins-demo0001'], StopType: 'SOFT' });
    expect(res.json.Response.Error).toBeUndefined();
    expect(state('ins-demo0001')).toBe('REBOOTING');
    expect(errorCode(await vncUrl('ins-demo0001'))).toBe('UnsupportedOperation.InstanceStateRebooting');
    sim.advance(4000);
    expect(state('ins-demo0001')).toBe('RUNNING');
  });

  it('refuses the wrong state, and one bad id fails the whole batch without changing anything', async () => {
    expect(errorCode(await power('StartInstances', { InstanceIds: ['ins-demo0001'] }))).toBe(
      'UnsupportedOperation.InstanceStateRunning',
    );
    expect(errorCode(await power('StopInstances', { InstanceIds: ['ins-demo0004'] }))).toBe(
      'UnsupportedOperation.InstanceStateStopped',
    );
    expect(errorCode(await power('RebootInstances', { InstanceIds: ['ins-demo0004'] }))).toBe(
      'UnsupportedOperation.InstanceStateStopped',
    );
    const mixed = await power('StopInstances', { InstanceIds: ['ins-demo0001', 'ins-demo0004'] });
    expect(errorCode(mixed)).toBe('UnsupportedOperation.InstanceStateStopped');
    expect(state('ins-demo0001')).toBe('RUNNING');
    expect(errorCode(await power('StopInstances', { InstanceIds: ['ins-demo0001', 'ins-zzzzzzzz'] }))).toBe(
      'InvalidInstanceId.NotFound',
    );
    expect(errorCode(await power('StopInstances', { InstanceIds: ['ins-12'] }))).toBe(
      'InvalidInstanceId.Malformed',
    );
    expect(state('ins-demo0001')).toBe('RUNNING');
  });

  it('validates parameters', async () => {
    sim.advance(1000);
    expect(errorCode(await power('StartInstances', {}))).toBe('MissingParameter');
    expect(errorCode(await power('StartInstances', { InstanceIds: [] }))).toBe('InvalidParameterValue');
    expect(
      errorCode(await power('StopInstances', { InstanceIds: ['ins-demo0001'], StopType: 'GENTLY' })),
    ).toBe('InvalidParameterValue');
    expect(errorCode(await power('StopInstances', { InstanceIds: ['ins-demo0001'], ForceStop: 'yes' }))).toBe(
      'InvalidParameter',
    );
    expect(errorCode(await power('RebootInstances', { InstanceIds: ['ins-demo0001'], Bogus: true }))).toBe(
      'UnknownParameter',
    );
    const prepaid = sim.fleet
      .inRegion('ap-guangzhou')
      .find((r) => r.chargeType === 'PREPAID' && r.state === 'RUNNING')!;
    const noCharge = await power('StopInstances', {
      InstanceIds: [prepaid.id],
      StoppedMode: 'STOP_CHARGING',
    });
    expect(errorCode(noCharge)).toBe('UnsupportedOperation.StoppedModeStopCharging');
    const hard = await power('StopInstances', { InstanceIds: ['ins-demo0001'], StopType: 'HARD' });
    expect(hard.json.Response.Error).toBeUndefined();
    sim.advance(1000);
    expect(state('ins-demo0001')).toBe('STOPPED');
    sim.control.setState('ins-demo0001', 'RUNNING');
  });
});

describe('fault injection', () => {
  it('failNext returns the given code for the next n requests of an action, then normal answers', async () => {
    sim.control.failNext('InternalError', { count: 2, action: 'DescribeInstanceVncUrl' });
    expect(errorCode(await sim.call('DescribeInstances', {}))).toBeUndefined();
    expect(errorCode(await vncUrl('ins-demo0001'))).toBe('InternalError');
    expect(errorCode(await vncUrl('ins-demo0001'))).toBe('InternalError');
    expect(errorCode(await vncUrl('ins-demo0001'))).toBeUndefined();
    sim.control.failNext('OperationDenied.InstanceOperationInProgress');
    const busy = await vncUrl('ins-demo0001');
    expect(busy.json.Response.Error).toEqual({
      Code: 'OperationDenied.InstanceOperationInProgress',
      Message: 'The instance has an operation in progress. Please try again later.',
    });
  });

  it('failRandomly fails the given share of one action with the given codes, logs the instance, and stops on null', async () => {
    // A scripted "random": each request draws once to decide and, when it fails, once for the code.
    const draws = [0.5, 0.01, 0.9, 0.02, 0.1];
    sim.control.failRandomly({
      rate: 0.05,
      codes: ['InternalError', 'InternalError.Unknown'],
      action: 'DescribeInstanceVncUrl',
      random: () => draws.shift() ?? 0.99,
    });
    expect(errorCode(await sim.call('DescribeInstances', {}))).toBeUndefined();
    expect(errorCode(await vncUrl('ins-demo0001'))).toBeUndefined();
    expect(errorCode(await vncUrl('ins-demo0001'))).toBe('InternalError.Unknown');
    expect(errorCode(await vncUrl('ins-demo0002'))).toBe('InternalError');
    sim.control.failRandomly(null);
    draws.push(0, 0);
    expect(errorCode(await vncUrl('ins-demo0001'))).toBeUndefined();
    const failed = sim.control.requestLog().filter((e) => e.outcome.startsWith('InternalError'));
    expect(failed.map((e) => e.instanceIds)).toEqual([['ins-demo0001'], ['ins-demo0002']]);
    expect(() => sim.control.failRandomly({ rate: 2 })).toThrow(/rate/);
  });

  it('failNextHttp answers with a bare HTTP error; dropNext cuts the connection', async () => {
    sim.control.failNextHttp(502);
    const res = await sim.call('DescribeInstances', {});
    expect(res.status).toBe(502);
    expect(res.headers['date']).toBeDefined();
    sim.control.dropNext();
    await expect(sim.call('DescribeInstances', {})).rejects.toThrow();
    expect(errorCode(await sim.call('DescribeInstances', {}))).toBeUndefined();
    expect(sim.control.requestLog().map((e) => e.outcome)).toEqual(['http-502', 'dropped', 'ok']);
  });

  it('adds latency globally and per action', async () => {
    sim.control.setLatency(120, 'DescribeRegions');
    let t = performance.now();
    await sim.call('DescribeInstances', {});
    expect(performance.now() - t).toBeLessThan(100);
    t = performance.now();
    await sim.call('DescribeRegions', {});
    expect(performance.now() - t).toBeGreaterThanOrEqual(110);
    sim.control.setLatency(60);
    t = performance.now();
    await sim.call('DescribeInstances', {});
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
  });

  it('stopInstance stops at once and notifies (the gateway drops viewers)', async () => {
    const stopped: string[] = [];
    const local = await startSim({ size: 20, onInstanceStopped: (id) => stopped.push(id) });
    try {
      local.control.stopInstance('ins-demo0001');
      expect(local.fleet.get('ins-demo0001')?.state).toBe('STOPPED');
      expect(stopped).toEqual(['ins-demo0001']);
      expect(errorCode(await local.call('DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' }))).toBe(
        'UnsupportedOperation.InstanceStateStopped',
      );
    } finally {
      await local.close();
    }
  });
});
