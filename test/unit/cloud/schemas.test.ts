// The response schemas: what they keep of an instance, and what they still refuse.
import { describe, expect, it } from 'vitest';
import { describeInstancesSchema } from '../../../src-main/cloud/schemas';

const instance = {
  InstanceId: 'ins-abcdefgh',
  InstanceName: 'web-1',
  InstanceState: 'RUNNING',
  Placement: { Zone: 'ap-guangzhou-3', ProjectId: 0, HostIds: null },
  Tags: [{ Key: 'env', Value: 'prod', Extra: 1 }],
  // Some of the 40-odd fields Tencent sends that the app does not read.
  SystemDisk: { DiskType: 'CLOUD_PREMIUM', DiskSize: 50 },
  VirtualPrivateCloud: { VpcId: 'vpc-1', SubnetId: 'subnet-1' },
  Uuid: '6a4b-…',
};

describe('describeInstancesSchema', () => {
  it('keeps only the fields of an instance the app reads (s27: copying the rest cost half the check)', () => {
    const parsed = describeInstancesSchema.parse({ TotalCount: 1, InstanceSet: [instance], RequestId: 'r' });
    const [got] = parsed.InstanceSet;
    expect(got).toEqual({
      InstanceId: 'ins-abcdefgh',
      InstanceName: 'web-1',
      InstanceState: 'RUNNING',
      Placement: { Zone: 'ap-guangzhou-3' },
      Tags: [{ Key: 'env', Value: 'prod' }],
    });
  });

  it('still refuses a field of the wrong type', () => {
    const bad = { ...instance, InstanceName: 42 };
    expect(describeInstancesSchema.safeParse({ TotalCount: 1, InstanceSet: [bad] }).success).toBe(false);
    const badTag = { ...instance, Tags: [{ Key: 'env', Value: 7 }] };
    expect(describeInstancesSchema.safeParse({ TotalCount: 1, InstanceSet: [badTag] }).success).toBe(false);
  });
});
