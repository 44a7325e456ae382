// A fetch that answers DescribeRegions and DescribeInstances from a demo Fleet after a delay
// (setTimeout, so fake timers drive it), recording when each request was sent. Lets the real
// cloud client, signer and rate limiter run against 10,000 instances on a virtual clock.
import type { Fleet } from '../../../src-main/demo/fleet';
import { REGIONS } from '../../../src-main/demo/fleet-catalog';
import { toApiInstance } from '../../../src-main/demo/api/instances';
import { apiErr, apiOk, fakeFetch, type Reply } from '../cloud/helpers/fake-fetch';

export interface SentRequest {
  action: string;
  region: string;
  /** performance.now() when fetch was called (the fake clock under fake timers). */
  at: number;
  json: Record<string, unknown>;
}

export function fleetFetch(
  fleet: Fleet,
  opts: {
    /** Every answer's delay, or one per action. */
    latencyMs?: number | ((action: string) => number);
    fail?: (action: string, region: string) => Reply | undefined;
  } = {},
) {
  const sent: SentRequest[] = [];
  const { fetch } = fakeFetch(async (req) => {
    const region = req.headers['x-tc-region'] ?? '';
    sent.push({ action: req.action, region, at: performance.now(), json: req.json });
    const latency = typeof opts.latencyMs === 'function' ? opts.latencyMs(req.action) : opts.latencyMs;
    if (latency) await new Promise((r) => setTimeout(r, latency));
    const failure = opts.fail?.(req.action, region);
    if (failure) return failure;
    if (req.action === 'DescribeRegions') {
      return apiOk({
        TotalCount: REGIONS.length,
        RegionSet: REGIONS.map((r) => ({ Region: r.region, RegionName: r.nameEn, RegionState: 'AVAILABLE' })),
      });
    }
    if (req.action === 'DescribeInstances') {
      const all = fleet.inRegion(region);
      const ids = req.json['InstanceIds'] as string[] | undefined;
      const matched = ids ? all.filter((r) => ids.includes(r.id)) : all;
      const offset = Number(req.json['Offset'] ?? 0);
      const limit = Number(req.json['Limit'] ?? 20);
      return apiOk({
        TotalCount: matched.length,
        InstanceSet: matched.slice(offset, offset + limit).map(toApiInstance),
      });
    }
    return apiErr('InvalidAction', `not simulated here: ${req.action}`);
  });
  return { fetch, sent };
}
