// The CVM API client: the actions the app uses, with inputs checked before any network call.
import type { ApiClientOptions } from './client-setup';
import { setUpClient } from './client-setup';
import type { Site } from './endpoints';
import { CloudError, localError } from './errors';
import type { StopType, StoppedMode } from './inputs';
import {
  checkFilters,
  checkIds,
  checkInt,
  checkRegion,
  checkStopType,
  checkStoppedMode,
  invalid,
} from './inputs';
import type { Instance, Region } from './instances';
import { isInstanceId } from '../common/instance-ref';
import { normalizeInstance } from './instances';
import { describeInstancesSchema, describeRegionsSchema, describeVncUrlSchema, emptySchema } from './schemas';
import type { ConsoleHostPolicy, VncHints } from './vnc-url';
import { consoleHostPolicy, parseVncUrl } from './vnc-url';

export type CvmClientOptions = ApiClientOptions;

export interface InstanceFilter {
  /** e.g. 'instance-name', 'instance-state', 'private-ip-address', 'tag:env' */
  name: string;
  values: string[];
}

export interface DescribeInstancesInput {
  region: string;
  ids?: string[];
  filters?: InstanceFilter[];
  offset?: number;
  limit?: number;
}

export interface InstancePage {
  region: string;
  totalCount: number;
  instances: Instance[];
  requestId: string;
}

export interface RegionInstances {
  region: string;
  totalCount: number;
  instances: Instance[];
}

/** One region's outcome in listInstancesEverywhere: a failing region does not stop the others. */
export type RegionListing =
  ({ ok: true } & RegionInstances) | { ok: false; region: string; error: CloudError };

export interface VncConsoleUrl {
  /** Decoded `ws(s)://…/vnc?s=…` URL; use once, within 15 s. */
  url: string;
  /** Epoch ms (client clock) when the request that produced it was sent: the conservative start of its validity. */
  issuedAt: number;
  hints: VncHints;
}

export type { StopType, StoppedMode } from './inputs';

export interface ActionResult {
  requestId: string;
}

export interface CvmClient {
  readonly site: Site;
  /** The configured endpoint's origin, or undefined when calls go to Tencent. */
  readonly endpoint: string | undefined;
  /** Where console URLs may point besides Tencent's gateways (checked here, once, in describeInstanceVncUrl). */
  readonly consoleHosts: ConsoleHostPolicy;
  describeRegions(): Promise<Region[]>;
  describeInstances(input: DescribeInstancesInput): Promise<InstancePage>;
  listAllInstances(input: { region: string; filters?: InstanceFilter[] }): Promise<RegionInstances>;
  listInstancesEverywhere(input?: {
    regions?: string[];
    filters?: InstanceFilter[];
  }): AsyncGenerator<RegionListing>;
  describeInstanceVncUrl(input: { region: string; instanceId: string }): Promise<VncConsoleUrl>;
  startInstances(input: { region: string; ids: string[] }): Promise<ActionResult>;
  stopInstances(input: {
    region: string;
    ids: string[];
    stopType?: StopType;
    stoppedMode?: StoppedMode;
  }): Promise<ActionResult>;
  rebootInstances(input: { region: string; ids: string[]; stopType?: StopType }): Promise<ActionResult>;
  /** Server clock minus local clock (ms) as learnt from a SignatureExpire; 0 until then. */
  clockOffsetMs(): number;
}

const CVM_VERSION = '2017-03-12';
const REGION_VERSION = '2022-06-27';
export const PAGE_SIZE = 100;
export { DEFAULT_TIMEOUT_MS } from './client-setup';
/** A lying TotalCount must not make us fetch forever: 1000 pages is 100 000 instances in one region. */
const MAX_PAGES = 1000;

/** How many pages of PAGE_SIZE a region's TotalCount means; a count past MAX_PAGES is a malformed answer. */
export function pageCount(totalCount: number): number {
  const pages = Math.ceil(totalCount / PAGE_SIZE);
  if (pages > MAX_PAGES) {
    throw localError(
      'server',
      'MalformedResponse',
      'cloud.error.server.malformed',
      '(DescribeInstances: TotalCount too large)',
    );
  }
  return pages;
}
/** Codes meaning the keys themselves are bad: asking another service with them is pointless. */
const CREDENTIAL_FAILURES = new Set([
  'AuthFailure.SignatureFailure',
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.InvalidSecretId',
  'AuthFailure.TokenFailure',
  'AuthFailure.InvalidAuthorization',
  'CredentialsUnavailable',
  'CredentialsInvalid',
]);

export function createCvmClient(options: CvmClientOptions): CvmClient {
  const { site, endpoint, transport } = setUpClient(options);
  const consoleHosts = consoleHostPolicy(endpoint);

  async function describeRegionsVia(service: 'region' | 'cvm'): Promise<Region[]> {
    const { data } = await transport.call({
      service,
      version: service === 'region' ? REGION_VERSION : CVM_VERSION,
      action: 'DescribeRegions',
      params: service === 'region' ? { Product: 'cvm' } : {},
      readOnly: true,
      schema: describeRegionsSchema,
    });
    return data.RegionSet.map((r) => ({
      region: r.Region,
      name: r.RegionName ?? r.Region,
      state: r.RegionState ?? '',
      available: (r.RegionState ?? 'AVAILABLE') === 'AVAILABLE',
    }));
  }

  async function describeRegions(): Promise<Region[]> {
    try {
      return await describeRegionsVia('region');
    } catch (err) {
      // The region service may be denied by a CVM-only CAM policy, or unreachable: ask CVM itself.
      if (!(err instanceof CloudError) || CREDENTIAL_FAILURES.has(err.code) || err.kind === 'clock')
        throw err;
      return describeRegionsVia('cvm');
    }
  }

  async function describeInstances(input: DescribeInstancesInput): Promise<InstancePage> {
    const region = checkRegion(input?.region);
    const params: Record<string, unknown> = {
      Offset: checkInt(input.offset ?? 0, 0, 10_000_000, 'Offset'),
      Limit: checkInt(input.limit ?? 20, 1, PAGE_SIZE, 'Limit'),
    };
    if (input.ids !== undefined && input.filters !== undefined) {
      throw invalid(
        'InvalidInput.IdsAndFilters',
        'cloud.error.input.request',
        'Give instance IDs or filters, not both.',
      );
    }
    if (input.ids !== undefined) params['InstanceIds'] = checkIds(input.ids, { min: 1, max: 100 });
    if (input.filters !== undefined && input.filters.length > 0)
      params['Filters'] = checkFilters(input.filters);
    const { data, requestId } = await transport.call({
      service: 'cvm',
      version: CVM_VERSION,
      action: 'DescribeInstances',
      region,
      params,
      readOnly: true,
      schema: describeInstancesSchema,
    });
    return {
      region,
      totalCount: data.TotalCount,
      instances: data.InstanceSet.map((raw) => normalizeInstance(raw, region)),
      requestId,
    };
  }

  async function listAllInstances(input: {
    region: string;
    filters?: InstanceFilter[];
  }): Promise<RegionInstances> {
    const base = { region: input?.region, ...(input?.filters ? { filters: input.filters } : {}) };
    const first = await describeInstances({ ...base, offset: 0, limit: PAGE_SIZE });
    const pages = pageCount(first.totalCount);
    // The rate limiter paces these; firing them together keeps the pipe full.
    const rest = await Promise.all(
      Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
        describeInstances({ ...base, offset: (i + 1) * PAGE_SIZE, limit: PAGE_SIZE }),
      ),
    );
    // An instance created between pages can shift another onto two pages: keep the first.
    const seen = new Set<string>();
    const instances: Instance[] = [];
    for (const page of [first, ...rest]) {
      for (const inst of page.instances) {
        if (seen.has(inst.instanceId)) continue;
        seen.add(inst.instanceId);
        instances.push(inst);
      }
    }
    return { region: first.region, totalCount: first.totalCount, instances };
  }

  async function* listInstancesEverywhere(
    input: { regions?: string[]; filters?: InstanceFilter[] } = {},
  ): AsyncGenerator<RegionListing> {
    const regions =
      input.regions ?? (await describeRegions()).filter((r) => r.available).map((r) => r.region);
    const filters = input.filters;
    const pending = new Map<string, Promise<{ key: string; listing: RegionListing }>>();
    for (const region of new Set(regions)) {
      const listing: Promise<RegionListing> = listAllInstances({
        region,
        ...(filters ? { filters } : {}),
      }).then(
        (r) => ({ ok: true as const, ...r }),
        (error: unknown) => ({
          ok: false as const,
          region,
          error:
            error instanceof CloudError
              ? error
              : localError('server', 'InternalError.Unexpected', 'cloud.error.server.unknown'),
        }),
      );
      pending.set(
        region,
        listing.then((l) => ({ key: region, listing: l })),
      );
    }
    while (pending.size > 0) {
      const { key, listing } = await Promise.race(pending.values());
      pending.delete(key);
      yield listing;
    }
  }

  async function describeInstanceVncUrl(input: {
    region: string;
    instanceId: string;
  }): Promise<VncConsoleUrl> {
    const region = checkRegion(input?.region);
    if (!isInstanceId(input.instanceId))
      throw invalid('InvalidInput.InstanceId', 'cloud.error.input.instanceId');
    const { data, requestId, sentAt } = await transport.call({
      service: 'cvm',
      version: CVM_VERSION,
      action: 'DescribeInstanceVncUrl',
      region,
      params: { InstanceId: input.instanceId },
      readOnly: true,
      schema: describeVncUrlSchema,
    });
    let parsed;
    try {
      parsed = parseVncUrl(data.InstanceVncUrl, consoleHosts);
    } catch (err) {
      if (err instanceof CloudError) {
        throw new CloudError({
          kind: err.kind,
          code: err.code,
          messageKey: err.messageKey,
          message: err.message,
          requestId,
          ...(err.detail ? { detail: err.detail } : {}),
        });
      }
      throw err;
    }
    return { url: parsed.url, issuedAt: sentAt, hints: parsed.hints };
  }

  async function powerAction(
    action: 'StartInstances' | 'StopInstances' | 'RebootInstances',
    input: { region: string; ids: string[]; stopType?: StopType; stoppedMode?: StoppedMode },
  ): Promise<ActionResult> {
    const region = checkRegion(input?.region);
    const params: Record<string, unknown> = { InstanceIds: checkIds(input.ids, { min: 1, max: 100 }) };
    const stopType = action === 'StartInstances' ? undefined : checkStopType(input.stopType);
    if (stopType) params['StopType'] = stopType;
    const stoppedMode = action === 'StopInstances' ? checkStoppedMode(input.stoppedMode) : undefined;
    if (stoppedMode) params['StoppedMode'] = stoppedMode;
    const { requestId } = await transport.call({
      service: 'cvm',
      version: CVM_VERSION,
      action,
      region,
      params,
      readOnly: false,
      schema: emptySchema,
    });
    return { requestId };
  }

  return {
    site,
    endpoint: endpoint?.origin,
    consoleHosts,
    describeRegions,
    describeInstances,
    listAllInstances,
    listInstancesEverywhere,
    describeInstanceVncUrl,
    startInstances: (input) => powerAction('StartInstances', input),
    stopInstances: (input) => powerAction('StopInstances', input),
    rebootInstances: (input) => powerAction('RebootInstances', input),
    clockOffsetMs: () => transport.clockOffsetMs(),
  };
}
