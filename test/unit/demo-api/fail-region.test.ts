// A region made to fail: every request for it gets the error, the other regions answer as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../../src-main/demo';
import { call, errorCode } from './helpers';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await startDemoCloud({ instances: 100, seed: 3, failRegions: { 'ap-tokyo': 'InternalError' } });
});
afterAll(() => cloud.close());

const describeIn = (region: string) =>
  call(cloud.port, { action: 'DescribeInstances', params: { Limit: 1 }, region, ...cloud.credentials });

describe('failRegion', () => {
  it('fails every request of that region with its code, not the others', async () => {
    expect(errorCode(await describeIn('ap-tokyo'))).toBe('InternalError');
    expect(errorCode(await describeIn('ap-guangzhou'))).toBeUndefined();
    cloud.simulator.failRegion('ap-tokyo', null);
    expect(errorCode(await describeIn('ap-tokyo'))).toBeUndefined();
    cloud.simulator.failRegion('ap-seoul');
    const refused = await describeIn('ap-seoul');
    expect(errorCode(refused)).toBe('AuthFailure.UnauthorizedOperation');
    expect(refused.json.Response.Error?.Message).toContain('ap-seoul');
    cloud.simulator.reset();
    expect(errorCode(await describeIn('ap-seoul'))).toBeUndefined();
  });
});
