// The simulated actions: routing by (service, version, action), region checks, and the
// business rules of each action. Everything here runs after the signature is verified.
import { ApiError } from './api-errors';
import { compileFilters, toApiInstance } from './api-instances';
import {
  allowOnly,
  readEnum,
  readFilters,
  readInstanceId,
  readInstanceIds,
  readInt,
  requireString,
  type Params,
} from './api-params';
import { assumeRole, STS_VERSION, type StsBackend } from './api-sts';
import { findRegion, isFinanceRegion, REGIONS } from './fleet-catalog';
import type { Fleet, InstanceRecord, InstanceState } from './fleet';

export const CVM_VERSION = '2017-03-12';
export const REGION_VERSION = '2022-06-27';

export interface ActionContext {
  service: string;
  action: string;
  /** X-TC-Region, if sent. */
  region: string | undefined;
  /** X-TC-Language, if sent. */
  language: string | undefined;
  params: Params;
  requestId: string;
  /** The SecretId that signed the request. */
  caller: string;
  sts: StsBackend;
  fleet: Fleet;
  /** Mints a fresh console URL (decoded) for a RUNNING instance. */
  mintVncUrl(instance: Readonly<InstanceRecord>): string;
}

interface ActionSpec {
  needsRegion: boolean;
  run(ctx: ActionContext, region: string): Record<string, unknown>;
}

const CVM_ACTIONS: Record<string, ActionSpec> = {
  DescribeRegions: { needsRegion: false, run: (ctx) => describeRegions(ctx, false) },
  DescribeInstances: { needsRegion: true, run: describeInstances },
  DescribeInstanceVncUrl: { needsRegion: true, run: describeInstanceVncUrl },
  StartInstances: { needsRegion: true, run: startInstances },
  StopInstances: { needsRegion: true, run: stopInstances },
  RebootInstances: { needsRegion: true, run: rebootInstances },
};

const REGION_ACTIONS: Record<string, ActionSpec> = {
  DescribeRegions: { needsRegion: false, run: (ctx) => describeRegions(ctx, true) },
};

const STS_ACTIONS: Record<string, ActionSpec> = {
  AssumeRole: { needsRegion: true, run: (ctx) => assumeRole(ctx.params, ctx.caller, ctx.sts) },
};

const SERVICES: Record<string, { version: string; actions: Record<string, ActionSpec> }> = {
  cvm: { version: CVM_VERSION, actions: CVM_ACTIONS },
  region: { version: REGION_VERSION, actions: REGION_ACTIONS },
  sts: { version: STS_VERSION, actions: STS_ACTIONS },
};

/** The action the request names, or the routing error the real API would give. */
export function resolveAction(service: string, version: string | undefined, action: string): ActionSpec {
  const svc = SERVICES[service];
  if (!svc) {
    throw new ApiError(
      'NoSuchProduct',
      `The product \`${service.slice(0, 32)}\` is not served here; sign with service cvm, region or sts.`,
    );
  }
  const spec = svc.actions[action];
  if (!spec) throw new ApiError('InvalidAction', `The action \`${action.slice(0, 64)}\` is not found.`);
  if (version === undefined)
    throw new ApiError('MissingParameter', 'The request is missing a required parameter `Version`.');
  if (version !== svc.version) {
    throw new ApiError(
      'NoSuchVersion',
      `The version \`${version.slice(0, 32)}\` of ${service} is not supported.`,
    );
  }
  return spec;
}

/** Runs an action resolved by resolveAction, after checking X-TC-Region. */
export function runAction(spec: ActionSpec, ctx: ActionContext, host: string): Record<string, unknown> {
  let region = ctx.region ?? '';
  if (spec.needsRegion || region !== '') {
    if (region === '')
      throw new ApiError('MissingParameter', 'The request is missing a required parameter `Region`.');
    if (!findRegion(region))
      throw new ApiError('UnsupportedRegion', `The region \`${region.slice(0, 32)}\` is not supported.`);
    // Finance regions answer only on their regional endpoint (reference §5).
    if (
      isFinanceRegion(region) &&
      /\.tencentcloudapi\.com$/i.test(host) &&
      !host.toLowerCase().includes(`.${region}.`)
    ) {
      throw new ApiError(
        'UnsupportedRegion',
        `The region \`${region}\` must be called through its regional endpoint.`,
      );
    }
  } else {
    region = '';
  }
  return spec.run(ctx, region);
}

// ---- DescribeRegions -----------------------------------------------------------------------

function describeRegions(ctx: ActionContext, regionService: boolean): Record<string, unknown> {
  if (regionService) {
    allowOnly(ctx.params, ['Product', 'Scene']);
    requireString(ctx.params, 'Product');
  } else {
    allowOnly(ctx.params, []);
  }
  const RegionSet = REGIONS.map((r) => ({
    Region: r.region,
    RegionName: ctx.language === 'en-US' ? r.nameEn : r.nameZh,
    RegionState: 'AVAILABLE',
    ...(regionService ? { RegionTypeMC: null, LocationMC: null, RegionNameMC: null, RegionIdMC: null } : {}),
  }));
  return { TotalCount: RegionSet.length, RegionSet };
}

// ---- DescribeInstances ---------------------------------------------------------------------

function describeInstances(ctx: ActionContext, region: string): Record<string, unknown> {
  const p = ctx.params;
  allowOnly(p, ['InstanceIds', 'Filters', 'Offset', 'Limit']);
  const ids = readInstanceIds(p, { required: false });
  const filters = readFilters(p);
  if (ids !== undefined && filters !== undefined) {
    throw new ApiError(
      'InvalidParameter',
      'The parameters `InstanceIds` and `Filters` cannot be specified at the same time.',
    );
  }
  const offset = readInt(p, 'Offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
  const limit = readInt(p, 'Limit', { min: 0, max: 100, fallback: 20 });
  const all = ctx.fleet.inRegion(region);
  let matched: readonly Readonly<InstanceRecord>[];
  if (ids !== undefined) {
    const wanted = new Set(ids);
    matched = all.filter((r) => wanted.has(r.id));
  } else if (filters !== undefined) {
    matched = all.filter(compileFilters(filters));
  } else {
    matched = all;
  }
  return {
    TotalCount: matched.length,
    InstanceSet: matched.slice(offset, offset + limit).map(toApiInstance),
  };
}

// ---- DescribeInstanceVncUrl ----------------------------------------------------------------

/** The states the seed page names for DescribeInstanceVncUrl (and Running, for StartInstances). */
const STATE_ERRORS: Record<string, string> = {
  RUNNING: 'UnsupportedOperation.InstanceStateRunning',
  STOPPED: 'UnsupportedOperation.InstanceStateStopped',
  STARTING: 'UnsupportedOperation.InstanceStateStarting',
  STOPPING: 'UnsupportedOperation.InstanceStateStopping',
  REBOOTING: 'UnsupportedOperation.InstanceStateRebooting',
  PENDING: 'UnsupportedOperation.InstanceStatePending',
  SHUTDOWN: 'UnsupportedOperation.InstanceStateShutdown',
  TERMINATING: 'UnsupportedOperation.InstanceStateTerminating',
  TERMINATED: 'UnsupportedOperation.InstanceStateTerminated',
  ENTER_RESCUE_MODE: 'UnsupportedOperation.InstanceStateEnterRescueMode',
  EXIT_RESCUE_MODE: 'UnsupportedOperation.InstanceStateExitRescueMode',
  ENTER_SERVICE_LIVE_MIGRATE: 'UnsupportedOperation.InstanceStateEnterServiceLiveMigrate',
  EXIT_SERVICE_LIVE_MIGRATE: 'UnsupportedOperation.InstanceStateExitServiceLiveMigrate',
};

/** The error for an instance whose state does not allow the operation; InvalidInstanceState otherwise. */
export function stateError(state: InstanceState, instanceId: string): ApiError {
  const code = STATE_ERRORS[state] ?? 'InvalidInstanceState';
  return new ApiError(code, `The instance \`${instanceId}\` is in state ${state}: ${messageTail(code)}`);
}

function messageTail(code: string): string {
  return new ApiError(code).message;
}

function lookup(ctx: ActionContext, region: string, id: string): Readonly<InstanceRecord> {
  const rec = ctx.fleet.get(id);
  if (!rec || rec.region !== region) {
    throw new ApiError('InvalidInstanceId.NotFound', `The instance \`${id}\` is not found in ${region}.`);
  }
  return rec;
}

function describeInstanceVncUrl(ctx: ActionContext, region: string): Record<string, unknown> {
  allowOnly(ctx.params, ['InstanceId']);
  const rec = lookup(ctx, region, readInstanceId(ctx.params));
  if (rec.state !== 'RUNNING') throw stateError(rec.state, rec.id);
  // The real API returns the URL percent-encoded; clients decode it exactly once.
  return { InstanceVncUrl: encodeURIComponent(ctx.mintVncUrl(rec)) };
}

// ---- Start / Stop / Reboot -----------------------------------------------------------------

/** Validates every id first: one bad id fails the whole request and changes nothing. */
function powerTargets(
  ctx: ActionContext,
  region: string,
  allowed: InstanceState,
): Readonly<InstanceRecord>[] {
  const ids = readInstanceIds(ctx.params, { required: true }) ?? [];
  const recs = ids.map((id) => lookup(ctx, region, id));
  for (const rec of recs) if (rec.state !== allowed) throw stateError(rec.state, rec.id);
  return recs;
}

function readBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean')
    throw new ApiError('InvalidParameter', `The parameter \`${name}\` must be a Boolean.`);
  return v;
}

const STOP_TYPES = ['SOFT', 'HARD', 'SOFT_FIRST'] as const;

function startInstances(ctx: ActionContext, region: string): Record<string, unknown> {
  allowOnly(ctx.params, ['InstanceIds']);
  for (const rec of powerTargets(ctx, region, 'STOPPED')) ctx.fleet.start(rec.id, ctx.requestId);
  return {};
}

function stopInstances(ctx: ActionContext, region: string): Record<string, unknown> {
  const p = ctx.params;
  allowOnly(p, ['InstanceIds', 'ForceStop', 'StopType', 'StoppedMode']);
  const force = readBool(p, 'ForceStop');
  const stopType = readEnum(p, 'StopType', STOP_TYPES);
  const mode = readEnum(p, 'StoppedMode', ['KEEP_CHARGING', 'STOP_CHARGING'] as const);
  const recs = powerTargets(ctx, region, 'RUNNING');
  // Monthly-subscription instances cannot stop charging while stopped.
  if (mode === 'STOP_CHARGING' && recs.some((r) => r.chargeType === 'PREPAID')) {
    throw new ApiError('UnsupportedOperation.StoppedModeStopCharging');
  }
  const hard = stopType === 'HARD' || force === true;
  for (const rec of recs) ctx.fleet.stop(rec.id, ctx.requestId, hard);
  return {};
}

function rebootInstances(ctx: ActionContext, region: string): Record<string, unknown> {
  const p = ctx.params;
  allowOnly(p, ['InstanceIds', 'ForceReboot', 'StopType']);
  readBool(p, 'ForceReboot');
  readEnum(p, 'StopType', STOP_TYPES);
  for (const rec of powerTargets(ctx, region, 'RUNNING')) ctx.fleet.reboot(rec.id, ctx.requestId);
  return {};
}
