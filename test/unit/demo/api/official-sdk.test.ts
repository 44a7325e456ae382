// The official Node SDK (tencentcloud-sdk-nodejs-cvm) talks to the simulator unchanged: it keeps
// its real endpoint (and so signs for host cvm.tencentcloudapi.com, service cvm), and an
// http.Agent routes every connection to the simulator's port on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, type AgentOptions } from 'node:http';
import { connect, type Socket } from 'node:net';
import { cvm } from 'tencentcloud-sdk-nodejs-cvm';
import { KEY, startSim, type SimFixture } from './fixture';

/** Every connection goes to 127.0.0.1:port, whatever host the URL names. */
class LoopbackAgent extends Agent {
  constructor(
    private readonly port: number,
    opts?: AgentOptions,
  ) {
    super(opts);
  }
  override createConnection(): Socket {
    return connect(this.port, '127.0.0.1');
  }
}

let sim: SimFixture;
let agent: LoopbackAgent;
let client: InstanceType<typeof cvm.v20170312.Client>;

function sdkClient(region: string, secretKey = KEY.secretKey) {
  return new cvm.v20170312.Client({
    credential: { secretId: KEY.secretId, secretKey },
    region,
    profile: { httpProfile: { protocol: 'http://', endpoint: 'cvm.tencentcloudapi.com', agent } },
  });
}

beforeAll(async () => {
  // The SDK stamps requests with the real time, so the fake clock starts at the real time.
  sim = await startSim({ size: 400, start: Date.now() });
  agent = new LoopbackAgent(sim.port, { keepAlive: true });
  client = sdkClient('ap-guangzhou');
});
afterAll(async () => {
  agent.destroy();
  await sim.close();
});

async function sdkError(p: Promise<unknown>): Promise<{ code?: string; requestId?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; requestId?: string };
  }
  throw new Error('expected the SDK call to fail');
}

describe('official SDK CvmClient against the simulator', () => {
  it('DescribeInstances: paging, TotalCount, filters', async () => {
    const page = await client.DescribeInstances({ Offset: 0, Limit: 5 });
    expect(page.TotalCount).toBe(sim.fleet.inRegion('ap-guangzhou').length);
    expect(page.InstanceSet?.map((i) => i.InstanceId)).toEqual(
      sim.fleet
        .inRegion('ap-guangzhou')
        .slice(0, 5)
        .map((r) => r.id),
    );
    expect(page.InstanceSet?.[0]).toMatchObject({
      InstanceName: 'web-prod-01',
      InstanceState: 'RUNNING',
      Placement: { Zone: 'ap-guangzhou-3' },
    });
    const windows = await client.DescribeInstances({
      Filters: [{ Name: 'instance-id', Values: ['ins-demo0003'] }],
    });
    expect(windows.InstanceSet?.[0]?.OsName).toBe('Windows Server 2022 数据中心版 64位中文版');
    expect(page.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('DescribeRegions (cvm 2017-03-12)', async () => {
    const regions = await client.DescribeRegions();
    expect(regions.TotalCount).toBe(18);
    expect(regions.RegionSet?.map((r) => r.Region)).toContain('ap-shenzhen-fsi');
  });

  it('DescribeInstanceVncUrl: a percent-encoded URL, and the documented state errors', async () => {
    const res = await client.DescribeInstanceVncUrl({ InstanceId: 'ins-demo0001' });
    expect(res.InstanceVncUrl).toMatch(/^wss%3A%2F%2F/);
    expect(decodeURIComponent(res.InstanceVncUrl!)).toMatch(/^wss:\/\/[^/]+\/vnc\?s=/);
    const stopped = await sdkError(client.DescribeInstanceVncUrl({ InstanceId: 'ins-demo0004' }));
    expect(stopped.code).toBe('UnsupportedOperation.InstanceStateStopped');
    expect(stopped.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sdkError(client.DescribeInstanceVncUrl({ InstanceId: 'ins-1122' }))).code).toBe(
      'InvalidInstanceId.Malformed',
    );
    expect((await sdkError(client.DescribeInstanceVncUrl({ InstanceId: 'ins-zzzzzzzz' }))).code).toBe(
      'InvalidInstanceId.NotFound',
    );
  });

  it('StopInstances / StartInstances / RebootInstances move the instance through its states', async () => {
    await client.StopInstances({ InstanceIds: ['ins-demo0002'], StopType: 'SOFT' });
    expect(
      (await client.DescribeInstances({ InstanceIds: ['ins-demo0002'] })).InstanceSet?.[0]?.InstanceState,
    ).toBe('STOPPING');
    sim.advance(3000);
    expect(
      (await client.DescribeInstances({ InstanceIds: ['ins-demo0002'] })).InstanceSet?.[0]?.InstanceState,
    ).toBe('STOPPED');
    await client.StartInstances({ InstanceIds: ['ins-demo0002'] });
    expect(sim.fleet.get('ins-demo0002')?.state).toBe('STARTING');
    sim.advance(3000);
    const after = (await client.DescribeInstances({ InstanceIds: ['ins-demo0002'] })).InstanceSet?.[0];
    expect(after).toMatchObject({
      InstanceState: 'RUNNING',
      LatestOperation: 'StartInstances',
      LatestOperationState: 'SUCCESS',
    });
    await client.RebootInstances({ InstanceIds: ['ins-demo0002'] });
    expect(sim.fleet.get('ins-demo0002')?.state).toBe('REBOOTING');
    expect((await sdkError(client.StartInstances({ InstanceIds: ['ins-demo0001'] }))).code).toBe(
      'UnsupportedOperation.InstanceStateRunning',
    );
  });

  it('a finance region works through its regional endpoint, and a wrong key fails with SignatureFailure', async () => {
    const fsi = new cvm.v20170312.Client({
      credential: KEY,
      region: 'ap-shanghai-fsi',
      profile: {
        httpProfile: { protocol: 'http://', endpoint: 'cvm.ap-shanghai-fsi.tencentcloudapi.com', agent },
      },
    });
    const res = await fsi.DescribeInstances({ Limit: 100 });
    expect(res.InstanceSet?.map((i) => i.InstanceId)).toContain('ins-demo0008');
    const bad = sdkClient('ap-guangzhou', 'not-the-key');
    expect((await sdkError(bad.DescribeInstances({}))).code).toBe('AuthFailure.SignatureFailure');
  });
});
