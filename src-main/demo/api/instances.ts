// DescribeInstances: the Instance JSON the real API returns, and the Filters it understands.
// Values within one filter are ORed, filters are ANDed (as documented).
// `instance-name` matches a substring (case-sensitive): the console documents name search as
// fuzzy and the API page does not say "exact"; every other filter matches exactly.
import { ApiError } from './errors';
import type { Filter } from './params';
import { checkInstanceId } from './params';
import type { InstanceRecord } from '../fleet';

type Matcher = (rec: Readonly<InstanceRecord>, value: string) => boolean;

const MATCHERS: Record<string, Matcher> = {
  zone: (r, v) => r.zone === v,
  'instance-id': (r, v) => r.id === v,
  'instance-name': (r, v) => r.name.includes(v),
  'instance-state': (r, v) => r.state === v,
  'private-ip-address': (r, v) => r.privateIp === v,
  'public-ip-address': (r, v) => r.publicIp === v,
  'tag-key': (r, v) => r.tags.some((t) => t.Key === v),
  'tag-value': (r, v) => r.tags.some((t) => t.Value === v),
  'vpc-id': (r, v) => r.vpcId === v,
  'subnet-id': (r, v) => r.subnetId === v,
  'security-group-id': (r, v) => r.securityGroupId === v,
  'project-id': (r, v) => String(r.projectId) === v,
  'instance-charge-type': (r, v) => r.chargeType === v,
  uuid: (r, v) => r.uuid === v,
  'instance-type': (r, v) => r.type === v,
  // The demo fleet has no CDH/CDC hosts and no IPv6: these filters are accepted and match nothing.
  'host-id': () => false,
  'dedicated-cluster-id': () => false,
  'ipv6-address': () => false,
  'creation-start-time': (r, v) => Date.parse(r.createdTime) >= parseCreationTime(v),
  'creation-end-time': (r, v) => Date.parse(r.createdTime) <= parseCreationTime(v),
};

function parseCreationTime(v: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(v);
  const t = m ? Date.parse(`${m[1]}T${m[2]}+08:00`) : NaN;
  if (Number.isNaN(t))
    throw new ApiError('InvalidParameterValue', `Invalid time \`${v}\`; expected 2023-06-01 00:00:00.`);
  return t;
}

/** Turns validated Filters into one predicate; unknown names are InvalidFilter. */
export function compileFilters(filters: readonly Filter[]): (rec: Readonly<InstanceRecord>) => boolean {
  const tests = filters.map((f) => {
    if (f.Name.startsWith('tag:')) {
      const key = f.Name.slice(4);
      return (r: Readonly<InstanceRecord>) =>
        f.Values.some((v) => r.tags.some((t) => t.Key === key && t.Value === v));
    }
    const matcher = MATCHERS[f.Name];
    if (!matcher) throw new ApiError('InvalidFilter', `The filter \`${f.Name}\` is not supported.`);
    if (f.Name === 'instance-id') f.Values.forEach(checkInstanceId);
    if (f.Name === 'project-id' && f.Values.some((v) => !/^\d+$/.test(v))) {
      throw new ApiError('InvalidParameterValue', 'The value of filter `project-id` must be an Integer.');
    }
    if (f.Name.startsWith('creation-')) f.Values.forEach(parseCreationTime);
    return (r: Readonly<InstanceRecord>) => f.Values.some((v) => matcher(r, v));
  });
  return (rec) => tests.every((t) => t(rec));
}

/** The Instance object as DescribeInstances returns it (the fields the SDK models, realistic values). */
export function toApiInstance(rec: Readonly<InstanceRecord>): Record<string, unknown> {
  return {
    Placement: { Zone: rec.zone, ProjectId: rec.projectId, HostIds: null, HostId: null },
    InstanceId: rec.id,
    Uuid: rec.uuid,
    InstanceName: rec.name,
    InstanceState: rec.state,
    InstanceType: rec.type,
    CPU: rec.cpu,
    Memory: rec.memory,
    RestrictState: 'NORMAL',
    InstanceChargeType: rec.chargeType,
    RenewFlag: rec.chargeType === 'PREPAID' ? 'NOTIFY_AND_AUTO_RENEW' : null,
    SystemDisk: { DiskType: 'CLOUD_BSSD', DiskId: `disk-${rec.id.slice(4)}`, DiskSize: rec.systemDiskGb },
    DataDisks: null,
    PrivateIpAddresses: [rec.privateIp],
    PublicIpAddresses: rec.publicIp ? [rec.publicIp] : null,
    IPv6Addresses: null,
    InternetAccessible: {
      InternetChargeType: rec.publicIp ? 'TRAFFIC_POSTPAID_BY_HOUR' : null,
      InternetMaxBandwidthOut: rec.publicIp ? rec.bandwidthMbps : 0,
      PublicIpAssigned: rec.publicIp !== null,
    },
    VirtualPrivateCloud: {
      VpcId: rec.vpcId,
      SubnetId: rec.subnetId,
      AsVpcGateway: false,
      PrivateIpAddresses: null,
      Ipv6AddressCount: null,
    },
    ImageId: rec.imageId,
    OsName: rec.osName,
    SecurityGroupIds: [rec.securityGroupId],
    LoginSettings: { Password: null, KeyIds: null, KeepImageLogin: null },
    Tags: rec.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    CreatedTime: rec.createdTime,
    ExpiredTime: rec.chargeType === 'PREPAID' ? expiry(rec.createdTime) : null,
    StopChargingMode: 'NOT_APPLICABLE',
    LatestOperation: rec.latestOperation,
    LatestOperationState: rec.latestOperationState,
    LatestOperationRequestId: rec.latestOperationRequestId,
    LatestOperationErrorMsg: null,
    DisasterRecoverGroupId: '',
    CamRoleName: '',
    HpcClusterId: '',
    RdmaIpAddresses: null,
    DedicatedClusterId: '',
    IsolatedSource: 'NOTISOLATED',
    GPUInfo: null,
    LicenseType: 'TencentCloud',
    DisableApiTermination: false,
    DefaultLoginUser: rec.defaultLoginUser,
    DefaultLoginPort: rec.platform === 'windows' ? 3389 : 22,
    EnableJumboFrame: false,
  };
}

function expiry(created: string): string {
  const d = new Date(created);
  d.setUTCFullYear(d.getUTCFullYear() + 6);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
