// The demo fleet: a seeded, deterministic set of CVM instances across the 18 regions, and the
// per-instance state machine (Start → STARTING → RUNNING, Stop → STOPPING → STOPPED,
// Reboot → REBOOTING → RUNNING). Transitions settle lazily against an injectable clock, so
// tests move time by hand and no timers are left running.
import { INSTANCE_STATES } from '../cloud/instances';
import { createRandom, type Random } from './fleet-random';
import {
  DEMO_INSTANCES,
  ENVIRONMENTS,
  IMAGES,
  INSTANCE_TYPES,
  NAME_ROLES,
  OWNERS,
  PROJECTS,
  PUBLIC_IP_PREFIXES,
  REGIONS,
  TEAMS,
  UNNAMED,
  WINDOWS_ROLES,
  tag,
  type DemoInstanceSpec,
  type ImageSpec,
  type InstanceTypeSpec,
  type RegionSpec,
} from './fleet-catalog';

/** `ins-` followed by 8 lower-case alphanumerics; the seed page calls `ins-1122` malformed. */

/** Documented states plus the ones seen in real code and implied by error codes; any string is allowed. */
export const KNOWN_STATES = [
  ...INSTANCE_STATES,
  'TERMINATED',
  'ENTER_RESCUE_MODE',
  'EXIT_RESCUE_MODE',
  'ENTER_SERVICE_LIVE_MIGRATE',
  'EXIT_SERVICE_LIVE_MIGRATE',
] as const;
export type InstanceState = (typeof KNOWN_STATES)[number] | (string & {});

export type OperationState = 'SUCCESS' | 'OPERATING' | 'FAILED';

export interface Tag {
  Key: string;
  Value: string;
}

export interface InstanceRecord {
  id: string;
  name: string;
  region: string;
  zone: string;
  state: InstanceState;
  type: string;
  cpu: number;
  memory: number;
  osName: string;
  imageId: string;
  platform: 'linux' | 'windows';
  defaultLoginUser: string;
  privateIp: string;
  publicIp: string | null;
  tags: Tag[];
  createdTime: string;
  projectId: number;
  chargeType: 'POSTPAID_BY_HOUR' | 'PREPAID';
  vpcId: string;
  subnetId: string;
  securityGroupId: string;
  uuid: string;
  systemDiskGb: number;
  bandwidthMbps: number;
  latestOperation: string | null;
  latestOperationState: OperationState | null;
  latestOperationRequestId: string | null;
  /** Password of the instance's VNC console, offered as the URL's `password` hint (demo only). */
  vncPassword?: string;
}

interface PendingTransition {
  to: InstanceState;
  at: number;
  /** The operation state recorded when the transition lands. */
  outcome: OperationState;
}

export interface StateChange {
  instanceId: string;
  from: InstanceState;
  to: InstanceState;
  cause: 'api' | 'settle' | 'control';
}

export interface TransitionTimes {
  startMs: number;
  stopMs: number;
  /** StopType HARD: the power is cut, so it is quicker. */
  hardStopMs: number;
  rebootMs: number;
}

export const DEFAULT_TRANSITIONS: TransitionTimes = {
  startMs: 3000,
  stopMs: 3000,
  hardStopMs: 1000,
  rebootMs: 4000,
};

export interface FleetOptions {
  /** Total number of instances including the well-known demo ones (default 500). */
  size?: number;
  seed?: number | string;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
  transitions?: Partial<TransitionTimes>;
}

export class Fleet {
  readonly seed: number | string;
  private readonly now: () => number;
  private readonly times: TransitionTimes;
  private readonly byId = new Map<string, InstanceRecord>();
  private readonly byRegion = new Map<string, InstanceRecord[]>();
  private readonly pending = new Map<string, PendingTransition>();
  private readonly listeners = new Set<(change: StateChange) => void>();

  constructor(opts: FleetOptions = {}) {
    this.seed = opts.seed ?? 1;
    this.now = opts.now ?? Date.now;
    const given = Object.entries(opts.transitions ?? {}).filter(
      ([, ms]) => typeof ms === 'number' && ms >= 0,
    );
    this.times = { ...DEFAULT_TRANSITIONS, ...Object.fromEntries(given) };
    const size = opts.size ?? 500;
    if (!Number.isInteger(size) || size < 0) throw new Error('fleet size must be a non-negative integer');
    for (const spec of REGIONS) this.byRegion.set(spec.region, []);
    generate(size, this.seed, this.now(), (rec, pending) => {
      this.byId.set(rec.id, rec);
      this.byRegion.get(rec.region)?.push(rec);
      if (pending) this.pending.set(rec.id, pending);
    });
  }

  get size(): number {
    return this.byId.size;
  }

  transitionTimes(): TransitionTimes {
    return { ...this.times };
  }

  /** The instance with its state brought up to date, or undefined. Do not mutate it. */
  get(id: string): Readonly<InstanceRecord> | undefined {
    const rec = this.byId.get(id);
    if (rec) this.settle(rec);
    return rec;
  }

  /** All instances of a region, in a stable order (the order paging walks). */
  inRegion(region: string): readonly Readonly<InstanceRecord>[] {
    const list = this.byRegion.get(region) ?? [];
    for (const rec of list) this.settle(rec);
    return list;
  }

  /** Every instance id, demo ones first. */
  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** When the current transition of an instance lands, if one is under way. */
  pendingTransition(id: string): { to: InstanceState; at: number } | undefined {
    const rec = this.byId.get(id);
    if (rec) this.settle(rec);
    const p = this.pending.get(id);
    return p ? { to: p.to, at: p.at } : undefined;
  }

  onStateChange(listener: (change: StateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** StartInstances on a STOPPED instance (the caller checked the state). */
  start(id: string, requestId: string): void {
    this.begin(id, 'STARTING', 'RUNNING', this.times.startMs, 'StartInstances', requestId);
  }

  /** StopInstances on a RUNNING instance. */
  stop(id: string, requestId: string, hard = false): void {
    const ms = hard ? this.times.hardStopMs : this.times.stopMs;
    this.begin(id, 'STOPPING', 'STOPPED', ms, 'StopInstances', requestId);
  }

  /** RebootInstances on a RUNNING instance. */
  reboot(id: string, requestId: string): void {
    this.begin(id, 'REBOOTING', 'RUNNING', this.times.rebootMs, 'RebootInstances', requestId);
  }

  /**
   * Test/control: force a state. Cancels any transition under way; with `settleTo` the
   * instance moves on to that state after `afterMs` (default: the matching transition time).
   */
  setState(
    id: string,
    state: InstanceState,
    opts: { settleTo?: InstanceState; afterMs?: number } = {},
  ): void {
    const rec = this.mustGet(id);
    this.pending.delete(id);
    this.change(rec, state, 'control');
    if (opts.settleTo !== undefined) {
      const at = this.now() + (opts.afterMs ?? this.times.startMs);
      this.pending.set(id, { to: opts.settleTo, at, outcome: 'SUCCESS' });
    }
  }

  private begin(
    id: string,
    via: InstanceState,
    to: InstanceState,
    ms: number,
    operation: string,
    requestId: string,
  ): void {
    const rec = this.mustGet(id);
    rec.latestOperation = operation;
    rec.latestOperationState = 'OPERATING';
    rec.latestOperationRequestId = requestId;
    this.pending.set(id, { to, at: this.now() + ms, outcome: 'SUCCESS' });
    this.change(rec, via, 'api');
  }

  private settle(rec: InstanceRecord): void {
    const p = this.pending.get(rec.id);
    if (!p || this.now() < p.at) return;
    this.pending.delete(rec.id);
    if (rec.latestOperationState === 'OPERATING') rec.latestOperationState = p.outcome;
    this.change(rec, p.to, 'settle');
  }

  private change(rec: InstanceRecord, to: InstanceState, cause: StateChange['cause']): void {
    const from = rec.state;
    rec.state = to;
    if (from === to) return;
    for (const listener of this.listeners) listener({ instanceId: rec.id, from, to, cause });
  }

  private mustGet(id: string): InstanceRecord {
    const rec = this.byId.get(id);
    if (!rec) throw new Error(`no instance ${id}`);
    this.settle(rec);
    return rec;
  }
}

// ---- generation ------------------------------------------------------------------------------

const EPOCH_2020 = Date.UTC(2020, 0, 1);
const FIVE_YEARS_MS = 5 * 365 * 24 * 3600 * 1000;

function generate(
  size: number,
  seed: number | string,
  startedAt: number,
  emit: (rec: InstanceRecord, pending?: PendingTransition) => void,
): void {
  const rnd = createRandom(seed);
  const usedIds = new Set<string>(DEMO_INSTANCES.map((d) => d.id));
  const usedPublic = new Set<string>();
  const ipCounters = new Map<string, number>();
  const nameCounters = new Map<string, number>();
  const regionNets = new Map<string, RegionNet>();
  REGIONS.forEach((spec, i) => regionNets.set(spec.region, regionNet(spec, i, rnd)));

  const net = (region: string): RegionNet => regionNets.get(region) as RegionNet;
  const privateIp = (region: string): string => {
    const n = net(region);
    const c = (ipCounters.get(region) ?? rnd.int(0, 1500)) + 1;
    ipCounters.set(region, c);
    return `${n.prefix}.${Math.floor(c / 250) % 256}.${2 + (c % 250)}`;
  };
  const publicIp = (): string => {
    for (;;) {
      const ip = `${rnd.pick(PUBLIC_IP_PREFIXES)}.${rnd.int(1, 254)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`;
      if (!usedPublic.has(ip)) {
        usedPublic.add(ip);
        return ip;
      }
    }
  };

  const demoCount = Math.min(size, DEMO_INSTANCES.length);
  for (let i = 0; i < demoCount; i++) {
    const d = DEMO_INSTANCES[i] as DemoInstanceSpec;
    const image = IMAGES.find((x) => x.osName === d.osName) as ImageSpec;
    const type = INSTANCE_TYPES.find((x) => x.type === d.type) as InstanceTypeSpec;
    const rec = baseRecord(rnd, d.id, d.name, d.region, d.zone, image, type, net(d.region));
    rec.privateIp = privateIp(d.region);
    rec.publicIp = d.publicIp ? publicIp() : null;
    rec.tags = d.tags.map((t) => ({ ...t }));
    rec.state = d.state;
    if (d.vncPassword) rec.vncPassword = d.vncPassword;
    let pending: PendingTransition | undefined;
    if (d.settleTo) {
      pending = { to: d.settleTo, at: startedAt + (d.settleAfterMs ?? 20_000), outcome: 'SUCCESS' };
      markOperating(rec, rnd);
    }
    emit(rec, pending);
  }

  for (let i = demoCount; i < size; i++) {
    const j = i - demoCount;
    // Every region gets at least one instance, then the weights decide.
    const region = j < REGIONS.length ? (REGIONS[j] as RegionSpec) : rnd.weighted(REGIONS);
    const image = rnd.weighted(IMAGES);
    const type = rnd.weighted(INSTANCE_TYPES);
    let id: string;
    do id = `ins-${rnd.alnum(8)}`;
    while (usedIds.has(id));
    usedIds.add(id);

    const env = rnd.pick(ENVIRONMENTS);
    const role = image.platform === 'windows' ? rnd.pick(WINDOWS_ROLES) : rnd.pick(NAME_ROLES);
    const key = `${region.region}/${role}-${env}`;
    const seq = (nameCounters.get(key) ?? 0) + 1;
    nameCounters.set(key, seq);
    const name = rnd.chance(0.03) ? UNNAMED : `${role}-${env}-${String(seq).padStart(2, '0')}`;

    const rec = baseRecord(
      rnd,
      id,
      name,
      region.region,
      rnd.pick(region.zones),
      image,
      type,
      net(region.region),
    );
    rec.privateIp = privateIp(region.region);
    const wantsPublic =
      image.platform === 'windows' || role === 'web' || role === 'bastion' || rnd.chance(0.55);
    rec.publicIp = wantsPublic ? publicIp() : null;
    rec.tags = randomTags(rnd, env);

    const roll = rnd.next();
    let pending: PendingTransition | undefined;
    const settle = (via: InstanceState, to: InstanceState): void => {
      rec.state = via;
      markOperating(rec, rnd);
      pending = { to, at: startedAt + rnd.int(8_000, 45_000), outcome: 'SUCCESS' };
    };
    if (roll < 0.8) rec.state = 'RUNNING';
    else if (roll < 0.94) rec.state = 'STOPPED';
    else if (roll < 0.96) settle('REBOOTING', 'RUNNING');
    else if (roll < 0.98) settle('STARTING', 'RUNNING');
    else if (roll < 0.99) settle('STOPPING', 'STOPPED');
    else settle('PENDING', 'RUNNING');
    if (rec.state === 'STOPPED') rec.latestOperation = 'StopInstances';
    emit(rec, pending);
  }
}

interface RegionNet {
  prefix: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupId: string;
  projectId: number;
}

function regionNet(spec: RegionSpec, index: number, rnd: Random): RegionNet {
  // Alternate 10.x and 172.16-31.x VPCs so both private ranges appear.
  const prefix = index % 2 === 0 ? `10.${(index * 13) % 256}` : `172.${16 + (index % 16)}`;
  return {
    prefix,
    vpcId: `vpc-${rnd.alnum(8)}`,
    subnetIds: spec.zones.map(() => `subnet-${rnd.alnum(8)}`),
    securityGroupId: `sg-${rnd.alnum(8)}`,
    projectId: rnd.chance(0.5) ? 0 : rnd.int(1000000, 1300000),
  };
}

function baseRecord(
  rnd: Random,
  id: string,
  name: string,
  region: string,
  zone: string,
  image: ImageSpec,
  type: InstanceTypeSpec,
  net: RegionNet,
): InstanceRecord {
  const spec = REGIONS.find((x) => x.region === region) as RegionSpec;
  const zoneIndex = Math.max(0, spec.zones.indexOf(zone));
  const created = new Date(EPOCH_2020 + Math.floor(rnd.next() * FIVE_YEARS_MS));
  return {
    id,
    name,
    region,
    zone,
    state: 'RUNNING',
    type: type.type,
    cpu: type.cpu,
    memory: type.memory,
    osName: image.osName,
    imageId: image.imageId,
    platform: image.platform,
    defaultLoginUser: image.defaultLoginUser,
    privateIp: '',
    publicIp: null,
    tags: [],
    createdTime: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    projectId: net.projectId,
    chargeType: rnd.chance(0.7) ? 'POSTPAID_BY_HOUR' : 'PREPAID',
    vpcId: net.vpcId,
    subnetId: net.subnetIds[zoneIndex] ?? `subnet-${rnd.alnum(8)}`,
    securityGroupId: net.securityGroupId,
    uuid: uuidFrom(rnd),
    systemDiskGb: image.platform === 'windows' ? 60 : rnd.pick([20, 50, 50, 100]),
    bandwidthMbps: rnd.pick([1, 5, 10, 100]),
    latestOperation: rnd.pick([
      'StartInstances',
      'RebootInstances',
      'ResetInstancesPassword',
      'RunInstances',
    ]),
    latestOperationState: 'SUCCESS',
    latestOperationRequestId: uuidFrom(rnd),
  };
}

function markOperating(rec: InstanceRecord, rnd: Random): void {
  const op: Record<string, string> = {
    REBOOTING: 'RebootInstances',
    STARTING: 'StartInstances',
    STOPPING: 'StopInstances',
    PENDING: 'RunInstances',
  };
  rec.latestOperation = op[rec.state] ?? rec.latestOperation;
  rec.latestOperationState = 'OPERATING';
  rec.latestOperationRequestId = uuidFrom(rnd);
}

function randomTags(rnd: Random, env: string): Tag[] {
  const tags: Tag[] = [];
  if (rnd.chance(0.8)) tags.push(tag('env', env));
  if (rnd.chance(0.6)) tags.push(tag('team', rnd.pick(TEAMS)));
  if (rnd.chance(0.4)) tags.push(tag('owner', rnd.pick(OWNERS)));
  if (rnd.chance(0.3)) tags.push(tag('project', rnd.pick(PROJECTS)));
  return tags;
}

function uuidFrom(rnd: Random): string {
  const hex = (digits: number): string =>
    Math.floor(rnd.next() * 16 ** digits)
      .toString(16)
      .padStart(digits, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + rnd.int(0, 3)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
}
