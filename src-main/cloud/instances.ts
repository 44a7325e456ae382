// The app's own shape of an instance and a region, decoupled from Tencent's field names.
import type { RawInstance } from './schemas';

/** States documented or seen in real code; anything else is OTHER (reference §3). */
export const INSTANCE_STATES = [
  'PENDING',
  'LAUNCH_FAILED',
  'RUNNING',
  'STOPPED',
  'STARTING',
  'STOPPING',
  'REBOOTING',
  'SHUTDOWN',
  'TERMINATING',
] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number] | 'OTHER';

export interface InstanceTag {
  key: string;
  value: string;
}

export interface Instance {
  instanceId: string;
  name: string;
  state: InstanceState;
  /** The state exactly as Tencent sent it ('' when absent), for display when `state` is OTHER. */
  rawState: string;
  type: string;
  cpu: number | null;
  /** GB */
  memory: number | null;
  osName: string;
  zone: string;
  region: string;
  privateIps: string[];
  publicIps: string[];
  tags: InstanceTag[];
  latestOperation: string | null;
  /** SUCCESS | OPERATING | FAILED as sent; null when absent. */
  latestOperationState: string | null;
  restrictState: string | null;
  createdTime: string | null;
  /** POSTPAID_BY_HOUR (pay-as-you-go), PREPAID, SPOTPAID, …; '' when absent. Only pay-as-you-go can stop charging. */
  chargeType: string;
}

export interface Region {
  region: string;
  name: string;
  state: string;
  available: boolean;
}

// `ins-` and 8 lower-case alphanumerics: the seed page calls `ins-1122` malformed.
const INSTANCE_ID_RE = /^ins-[a-z0-9]{8}$/;

export function isValidInstanceId(id: unknown): id is string {
  return typeof id === 'string' && INSTANCE_ID_RE.test(id);
}

function toState(raw: string): InstanceState {
  return (INSTANCE_STATES as readonly string[]).includes(raw) ? (raw as InstanceState) : 'OTHER';
}

export function normalizeInstance(raw: RawInstance, region: string): Instance {
  const rawState = raw.InstanceState ?? '';
  return {
    instanceId: raw.InstanceId,
    name: raw.InstanceName ?? '',
    state: toState(rawState),
    rawState,
    type: raw.InstanceType ?? '',
    cpu: raw.CPU ?? null,
    memory: raw.Memory ?? null,
    osName: raw.OsName ?? '',
    zone: raw.Placement?.Zone ?? '',
    region,
    privateIps: raw.PrivateIpAddresses ?? [],
    publicIps: raw.PublicIpAddresses ?? [],
    tags: (raw.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value ?? '' })),
    latestOperation: raw.LatestOperation ?? null,
    latestOperationState: raw.LatestOperationState ?? null,
    restrictState: raw.RestrictState ?? null,
    createdTime: raw.CreatedTime ?? null,
    chargeType: raw.InstanceChargeType ?? '',
  };
}
