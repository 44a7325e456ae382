// The soak's verdict, from what the demo cloud itself recorded: the gateway's token log (every
// console URL token, when it was issued and presented, and what became of it) and the simulator's
// request log (every API call, its action and outcome). Pure functions over those logs.
import type { RequestLogEntry } from '../../../src-main/demo';
import type { TokenLogEntry } from '../../../src-main/demo/gateway-tokens';
import { maxInAnyWindow } from '../../support/timeline';

export interface TokenAudit {
  issued: number;
  /** Tokens presented to the gateway (each is one connect attempt). */
  presented: number;
  accepted: number;
  /** Outcome → count, for every presented token. */
  outcomes: Record<string, number>;
  /** Presented twice, or presented after the gateway's 15 s. */
  reusedOrStale: number;
  /** Accepted 12 s or more after issue: the app's own rule (DESIGN §4), stricter than the gateway's. */
  olderThanAppLimit: number;
  /** Per instance: the most tokens presented in any rolling 60 s. */
  connectsPerRollingMinute: Record<string, number>;
  /** Median and maximum age of an accepted token when it was used (ms). */
  acceptedAgeMedianMs: number;
  acceptedAgeMaxMs: number;
}

export function auditTokens(log: readonly TokenLogEntry[], instanceIds: readonly string[]): TokenAudit {
  const mine = log.filter((e) => instanceIds.includes(e.instanceId) || e.instanceId === '');
  const presented = mine.filter((e) => e.usedAt !== undefined || e.outcome !== undefined);
  const outcomes: Record<string, number> = {};
  for (const e of presented) outcomes[e.outcome ?? 'pending'] = (outcomes[e.outcome ?? 'pending'] ?? 0) + 1;
  const accepted = mine.filter((e) => e.outcome === 'accepted');
  const ages = accepted.map((e) => e.usedAt! - e.issuedAt).sort((a, b) => a - b);
  const connectsPerRollingMinute: Record<string, number> = {};
  for (const id of instanceIds) {
    const times = presented
      .filter((e) => e.instanceId === id && e.usedAt !== undefined)
      .map((e) => e.usedAt!);
    connectsPerRollingMinute[id] = maxInAnyWindow(times, 60_000);
  }
  return {
    issued: mine.filter((e) => e.instanceId !== '').length,
    presented: presented.length,
    accepted: accepted.length,
    outcomes,
    reusedOrStale:
      (outcomes['reused'] ?? 0) +
      (outcomes['expired'] ?? 0) +
      (outcomes['unknown'] ?? 0) +
      (accepted.length - new Set(accepted.map((e) => e.tokenHash)).size),
    olderThanAppLimit: ages.filter((ms) => ms >= 12_000).length,
    connectsPerRollingMinute,
    acceptedAgeMedianMs: ages[ages.length >> 1] ?? 0,
    acceptedAgeMaxMs: ages.at(-1) ?? 0,
  };
}

export interface ApiAudit {
  calls: number;
  /** `service:Action` → calls. */
  perAction: Record<string, number>;
  /** `service:Action` → the most calls in any rolling second, beside the documented limit. */
  peakPerSecond: Record<string, { peak: number; limit: number | undefined }>;
  /** Outcome → count (the injected errors show here under their code). */
  outcomes: Record<string, number>;
  /** DescribeInstanceVncUrl per instance in any rolling minute (main's broker allows 30). */
  vncUrlsPerRollingMinute: Record<string, number>;
}

export function auditApi(
  log: readonly RequestLogEntry[],
  limits: Readonly<Record<string, number>>,
  instanceIds: readonly string[],
): ApiAudit {
  const perAction: Record<string, number> = {};
  const times = new Map<string, number[]>();
  const outcomes: Record<string, number> = {};
  for (const e of log) {
    const key = `${e.service ?? '?'}:${e.action ?? '?'}`;
    perAction[key] = (perAction[key] ?? 0) + 1;
    times.set(key, [...(times.get(key) ?? []), e.at]);
    outcomes[e.outcome] = (outcomes[e.outcome] ?? 0) + 1;
  }
  const peakPerSecond: ApiAudit['peakPerSecond'] = {};
  for (const [key, ts] of times) peakPerSecond[key] = { peak: maxInAnyWindow(ts, 1000), limit: limits[key] };
  const vncUrlsPerRollingMinute: Record<string, number> = {};
  for (const id of instanceIds) {
    const ts = log
      .filter((e) => e.action === 'DescribeInstanceVncUrl' && e.instanceIds?.includes(id))
      .map((e) => e.at);
    vncUrlsPerRollingMinute[id] = maxInAnyWindow(ts, 60_000);
  }
  return { calls: log.length, perAction, peakPerSecond, outcomes, vncUrlsPerRollingMinute };
}

/** The API calls over the documented per-second limits, as readable lines (none is the goal). */
export function apiOverLimits(audit: ApiAudit): string[] {
  return Object.entries(audit.peakPerSecond)
    .filter(([, { peak, limit }]) => limit === undefined || peak > limit)
    .map(([key, { peak, limit }]) => `${key}: ${peak} in one second (limit ${limit ?? 'unknown'})`);
}
