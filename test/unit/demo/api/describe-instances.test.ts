import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type SimFixture } from './fixture';
import { errorCode, type RawResponse } from './helpers';

interface ApiInstance {
  InstanceId: string;
  InstanceName: string;
  InstanceState: string;
  Placement: { Zone: string };
  PrivateIpAddresses: string[];
  PublicIpAddresses: string[] | null;
  Tags: { Key: string; Value: string }[];
  OsName: string;
  CPU: number;
  Memory: number;
  InstanceType: string;
  LatestOperation: string | null;
  LatestOperationState: string | null;
  CreatedTime: string;
  RestrictState: string;
}

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim({ size: 3000, seed: 11 });
});
afterAll(() => sim.close());
beforeEach(() => sim.advance(1000));

const set = (res: RawResponse) => (res.json.Response.InstanceSet ?? []) as ApiInstance[];
const total = (res: RawResponse) => res.json.Response.TotalCount as number;
const gz = () => sim.fleet.inRegion('ap-guangzhou');

describe('DescribeInstances', () => {
  it('returns the first 20 by default, with TotalCount of the whole region and the documented fields', async () => {
    const res = await sim.call('DescribeInstances', {});
    expect(res.json.Response.Error).toBeUndefined();
    expect(total(res)).toBe(gz().length);
    expect(set(res)).toHaveLength(20);
    const first = set(res)[0]!;
    expect(first).toMatchObject({
      InstanceId: 'ins-demo0001',
      InstanceName: 'web-prod-01',
      InstanceState: 'RUNNING',
      InstanceType: 'S5.MEDIUM4',
      CPU: 2,
      Memory: 4,
      OsName: 'TencentOS Server 3.1 (TK4)',
      Placement: { Zone: 'ap-guangzhou-3' },
      RestrictState: 'NORMAL',
      LatestOperationState: 'SUCCESS',
    });
    expect(first.PrivateIpAddresses).toHaveLength(1);
    expect(first.CreatedTime).toMatch(/Z$/);
    // Instances without a public address report null, as the real API does.
    expect(set(res).find((i) => i.InstanceId === 'ins-demo0004')?.PublicIpAddresses).toBeNull();
  });

  it('pages with Offset/Limit without gaps or overlaps, and TotalCount stays the same', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < gz().length; offset += 100) {
      sim.advance(100);
      const res = await sim.call('DescribeInstances', { Offset: offset, Limit: 100 });
      expect(total(res)).toBe(gz().length);
      seen.push(...set(res).map((i) => i.InstanceId));
    }
    expect(seen).toEqual(gz().map((r) => r.id));
    const beyond = await sim.call('DescribeInstances', { Offset: 100_000, Limit: 10 });
    expect(set(beyond)).toEqual([]);
    expect(total(beyond)).toBe(gz().length);
  });

  it('validates Limit (≤100) and Offset (≥0)', async () => {
    expect(errorCode(await sim.call('DescribeInstances', { Limit: 101 }))).toBe('InvalidParameterValue');
    expect(errorCode(await sim.call('DescribeInstances', { Offset: -1 }))).toBe('InvalidParameterValue');
    expect(errorCode(await sim.call('DescribeInstances', { Limit: '20' }))).toBe('InvalidParameter');
    expect(errorCode(await sim.call('DescribeInstances', { Limit: 2.5 }))).toBe('InvalidParameter');
  });

  it('InstanceIds: only those in the region, up to 100, well-formed', async () => {
    const res = await sim.call('DescribeInstances', {
      InstanceIds: ['ins-demo0001', 'ins-demo0003', 'ins-demo0007', 'ins-zzzzzzzz'],
    });
    expect(set(res).map((i) => i.InstanceId)).toEqual(['ins-demo0001', 'ins-demo0003']);
    expect(total(res)).toBe(2);
    const tooMany = Array.from({ length: 101 }, (_, i) => `ins-${String(i).padStart(8, '0')}`);
    expect(errorCode(await sim.call('DescribeInstances', { InstanceIds: tooMany }))).toBe(
      'InvalidParameterValue.LimitExceeded',
    );
    expect(errorCode(await sim.call('DescribeInstances', { InstanceIds: ['ins-1122'] }))).toBe(
      'InvalidInstanceId.Malformed',
    );
  });

  it('refuses InstanceIds and Filters together with InvalidParameter', async () => {
    const res = await sim.call('DescribeInstances', {
      InstanceIds: ['ins-demo0001'],
      Filters: [{ Name: 'zone', Values: ['ap-guangzhou-3'] }],
    });
    expect(errorCode(res)).toBe('InvalidParameter');
  });

  it('enforces ≤10 filters, ≤5 values, known names and no unknown parameters', async () => {
    const f = { Name: 'zone', Values: ['ap-guangzhou-3'] };
    expect(errorCode(await sim.call('DescribeInstances', { Filters: Array(11).fill(f) }))).toBe(
      'InvalidParameterValue.LimitExceeded',
    );
    expect(errorCode(await sim.call('DescribeInstances', { Filters: Array(10).fill(f) }))).toBeUndefined();
    const six = {
      Name: 'instance-state',
      Values: ['RUNNING', 'STOPPED', 'STARTING', 'STOPPING', 'REBOOTING', 'PENDING'],
    };
    expect(errorCode(await sim.call('DescribeInstances', { Filters: [six] }))).toBe(
      'InvalidFilterValue.LimitExceeded',
    );
    expect(
      errorCode(await sim.call('DescribeInstances', { Filters: [{ Name: 'colour', Values: ['red'] }] })),
    ).toBe('InvalidFilter');
    expect(errorCode(await sim.call('DescribeInstances', { Filters: [{ Name: 'zone', Values: [] }] }))).toBe(
      'InvalidParameterValue',
    );
    expect(errorCode(await sim.call('DescribeInstances', { Limit: 1, Foo: 1 }))).toBe('UnknownParameter');
  });

  it('filters by zone, instance-id, instance-state, IPs and tags; values OR, filters AND', async () => {
    const all = gz();
    const byZone = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'zone', Values: ['ap-guangzhou-3', 'ap-guangzhou-4'] }],
      Limit: 100,
    });
    expect(total(byZone)).toBe(
      all.filter((r) => ['ap-guangzhou-3', 'ap-guangzhou-4'].includes(r.zone)).length,
    );
    expect(set(byZone).every((i) => ['ap-guangzhou-3', 'ap-guangzhou-4'].includes(i.Placement.Zone))).toBe(
      true,
    );

    const stopped = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'instance-state', Values: ['STOPPED'] }],
    });
    expect(total(stopped)).toBe(all.filter((r) => r.state === 'STOPPED').length);
    expect(total(stopped)).toBeGreaterThan(0);

    const both = await sim.call('DescribeInstances', {
      Filters: [
        { Name: 'instance-state', Values: ['RUNNING'] },
        { Name: 'zone', Values: ['ap-guangzhou-3'] },
      ],
    });
    expect(total(both)).toBe(all.filter((r) => r.state === 'RUNNING' && r.zone === 'ap-guangzhou-3').length);

    const target = all[40]!;
    const byIp = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'private-ip-address', Values: [target.privateIp] }],
    });
    expect(set(byIp).map((i) => i.InstanceId)).toEqual([target.id]);
    const withPublic = all.find((r) => r.publicIp !== null && r.id !== 'ins-demo0001')!;
    const byPublic = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'public-ip-address', Values: [withPublic.publicIp!] }],
    });
    expect(set(byPublic).map((i) => i.InstanceId)).toEqual([withPublic.id]);

    const byId = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'instance-id', Values: ['ins-demo0002', target.id] }],
    });
    expect(
      set(byId)
        .map((i) => i.InstanceId)
        .sort(),
    ).toEqual(['ins-demo0002', target.id].sort());
    expect(
      errorCode(
        await sim.call('DescribeInstances', { Filters: [{ Name: 'instance-id', Values: ['ins-12'] }] }),
      ),
    ).toBe('InvalidInstanceId.Malformed');

    const tagKey = await sim.call('DescribeInstances', { Filters: [{ Name: 'tag-key', Values: ['owner'] }] });
    expect(total(tagKey)).toBe(all.filter((r) => r.tags.some((t) => t.Key === 'owner')).length);
    const tagValue = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'tag-value', Values: ['payments'] }],
    });
    expect(total(tagValue)).toBe(all.filter((r) => r.tags.some((t) => t.Value === 'payments')).length);
    const tagPair = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'tag:env', Values: ['staging', 'dev'] }],
      Limit: 100,
    });
    expect(total(tagPair)).toBe(
      all.filter((r) => r.tags.some((t) => t.Key === 'env' && ['staging', 'dev'].includes(t.Value))).length,
    );
    expect(
      set(tagPair).every((i) => i.Tags.some((t) => t.Key === 'env' && ['staging', 'dev'].includes(t.Value))),
    ).toBe(true);
    expect(total(tagPair)).toBeGreaterThan(0);
  });

  it('instance-name matches a substring (documented choice)', async () => {
    const res = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'instance-name', Values: ['web-prod'] }],
      Limit: 100,
    });
    const expected = gz().filter((r) => r.name.includes('web-prod'));
    expect(total(res)).toBe(expected.length);
    expect(total(res)).toBeGreaterThan(1);
    expect(set(res).every((i) => i.InstanceName.includes('web-prod'))).toBe(true);
    const exact = await sim.call('DescribeInstances', {
      Filters: [{ Name: 'instance-name', Values: ['web-prod-01'] }],
    });
    expect(set(exact).map((i) => i.InstanceName)).toContain('web-prod-01');
  });

  it('only lists the region asked for (X-TC-Region)', async () => {
    const tokyo = await sim.call('DescribeInstances', { Limit: 100 }, { region: 'ap-tokyo' });
    expect(total(tokyo)).toBe(sim.fleet.inRegion('ap-tokyo').length);
    expect(set(tokyo).every((i) => i.Placement.Zone.startsWith('ap-tokyo-'))).toBe(true);
    expect(set(tokyo).map((i) => i.InstanceId)).toContain('ins-demo0007');
  });
});

describe('routing, regions and common errors', () => {
  it('DescribeRegions (cvm 2017-03-12 and region 2022-06-27) lists the 18 regions', async () => {
    const cvm = await sim.call('DescribeRegions', {}, { region: undefined });
    expect(cvm.json.Response.TotalCount).toBe(18);
    const set1 = cvm.json.Response.RegionSet as { Region: string; RegionName: string; RegionState: string }[];
    expect(set1.find((r) => r.Region === 'ap-guangzhou')).toEqual({
      Region: 'ap-guangzhou',
      RegionName: '华南地区(广州)',
      RegionState: 'AVAILABLE',
    });
    expect(set1.map((r) => r.Region)).toEqual(
      expect.arrayContaining(['ap-shanghai-fsi', 'ap-shenzhen-fsi', 'sa-saopaulo']),
    );

    const regionSvc = await sim.call(
      'DescribeRegions',
      { Product: 'cvm' },
      { service: 'region', region: undefined },
    );
    expect(regionSvc.json.Response.TotalCount).toBe(18);
    const english = await sim.call(
      'DescribeRegions',
      { Product: 'cvm' },
      {
        service: 'region',
        region: undefined,
        mutate: (h) => (h['x-tc-language'] = 'en-US'),
      },
    );
    const names = (english.json.Response.RegionSet as { Region: string; RegionName: string }[]).map(
      (r) => r.RegionName,
    );
    expect(names).toContain('South China(Guangzhou)');
    expect(errorCode(await sim.call('DescribeRegions', {}, { service: 'region', region: undefined }))).toBe(
      'MissingParameter',
    );
  });

  it('unknown action → InvalidAction; wrong version → NoSuchVersion; unknown service → NoSuchProduct', async () => {
    expect(errorCode(await sim.call('DescribeMagic', {}))).toBe('InvalidAction');
    expect(errorCode(await sim.call('DescribeInstances', {}, { version: '2099-01-01' }))).toBe(
      'NoSuchVersion',
    );
    expect(errorCode(await sim.call('DescribeInstances', {}, { service: 'cbs', host: '127.0.0.1' }))).toBe(
      'NoSuchProduct',
    );
    expect(
      errorCode(await sim.call('DescribeInstances', {}, { service: 'region', version: '2017-03-12' })),
    ).toBe('InvalidAction');
  });

  it('Region: required for CVM instance actions, must exist, finance regions only on their own host', async () => {
    expect(errorCode(await sim.call('DescribeInstances', {}, { region: undefined }))).toBe(
      'MissingParameter',
    );
    expect(errorCode(await sim.call('DescribeInstances', {}, { region: 'mars-north-1' }))).toBe(
      'UnsupportedRegion',
    );
    expect(errorCode(await sim.call('DescribeInstances', {}, { region: 'ap-shanghai-fsi' }))).toBe(
      'UnsupportedRegion',
    );
    const fsi = await sim.call(
      'DescribeInstances',
      {},
      { region: 'ap-shanghai-fsi', host: 'cvm.ap-shanghai-fsi.tencentcloudapi.com' },
    );
    expect(set(fsi).map((i) => i.InstanceId)).toContain('ins-demo0008');
    const viaDemo = await sim.call(
      'DescribeInstances',
      {},
      { region: 'ap-shanghai-fsi', host: `127.0.0.1:${sim.port}` },
    );
    expect(viaDemo.json.Response.Error).toBeUndefined();
  });

  it('a body that is not a JSON object → InvalidParameter; errors come with HTTP 200', async () => {
    const res = await sim.call('DescribeInstances', {}, { params: [1, 2] as unknown });
    expect(res.status).toBe(200);
    expect(errorCode(res)).toBe('InvalidParameter');
    expect(Object.keys(res.json.Response).sort()).toEqual(['Error', 'RequestId']);
  });
});
