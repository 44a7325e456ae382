// The soak: the built app in Chromium with four consoles open as tabs over the real handler table
// and demo cloud (real gateway limits: 30 connects per instance per minute, 15 s single-use tokens),
// while the gateway drops their links again and again, mixed with silent black holes, refused
// upgrades, random API errors, latency spikes and one reboot. At the end one console is
// disconnected by the user. Every outage must end with the console connected again; the verdict
// comes from the demo cloud's own logs (soak-audit.ts), not from the app's word.
// Page code below avoids DOM globals: test/** is type-checked without the DOM lib.
import type { Page } from 'playwright-core';
import { DEFAULT_RATE_LIMITS, type DemoCloud } from '../../../src-main/demo';
import { DEFAULT_RECONNECT_OPTIONS } from '../../../src-renderer/console/reconnect-types';
import { startAppRig } from '../harness/app-rig';
import { openAppPage, openConsole } from '../console-helpers';
import { seededRandom } from '../../support/timeline';
import { auditApi, auditTokens, type ApiAudit, type TokenAudit } from './soak-audit';

export interface SoakOptions {
  /** Forced gateway drops over all consoles. */
  drops: number;
  /** Silent black holes (the link stays open but carries nothing), spread over the consoles. */
  blackHoles: number;
  /** Drops whose next connect the gateway refuses (503). */
  refusedUpgrades: number;
  /** Share of API calls answered with InternalError while the faults run. */
  apiErrorRate: number;
  /** Windows of 3 s with 800 ms of API latency and 150 ms on every gateway chunk. */
  latencySpikes: number;
  /** The first console's instance reboots once, half-way. */
  reboot: boolean;
  /** Seed of the fault schedule and the pauses between faults. */
  seed: number;
  /** Progress lines (stderr). */
  progress?: (line: string) => void;
}

export const SOAK_INSTANCES = ['ins-demo0001', 'ins-demo0002', 'ins-demo0003', 'ins-demo0007'] as const;
/** One outage must be over within this, or the console counts as not restored. */
const RESTORE_TIMEOUT_MS = 45_000;

type FaultKind = 'drop' | 'refused-drop' | 'black-hole' | 'reboot';

export interface FaultRecord {
  instanceId: string;
  kind: FaultKind;
  at: number;
  restored: boolean;
  /** Fault → connected again as the test saw it (wall clock, ms). */
  seenMs?: number;
  /** Drop → first complete picture, the console's own figure (data-restored-ms). */
  machineMs?: number;
}

export interface SoakReport {
  durationMs: number;
  faults: FaultRecord[];
  counts: Record<FaultKind, number>;
  restored: number;
  injectedApiErrors: number;
  latencySpikes: number;
  disconnect: { instanceId: string; at: number; urlRequestsAfter: number; tokensAfter: number };
  tokens: TokenAudit;
  api: ApiAudit;
  pageErrors: string[];
}

interface ViewState {
  phase: string;
  connects: number;
  restoredMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Per console, the faults in order: its share of drops, some refused, with black holes and the reboot among them. */
export function schedule(options: SoakOptions, random: () => number): FaultKind[][] {
  const n = SOAK_INSTANCES.length;
  const plans: FaultKind[][] = SOAK_INSTANCES.map((_, i) =>
    Array.from({ length: Math.floor(options.drops / n) + (i < options.drops % n ? 1 : 0) }, () => 'drop'),
  );
  const insert = (kind: FaultKind, console: number) => {
    const plan = plans[console]!;
    plan.splice(1 + Math.floor(random() * plan.length), 0, kind);
  };
  for (let i = 0; i < options.refusedUpgrades; i++) {
    const plan = plans[i % n]!;
    const drops = plan.map((k, j) => (k === 'drop' ? j : -1)).filter((j) => j >= 0);
    plan[drops[Math.floor(random() * drops.length)]!] = 'refused-drop';
  }
  for (let i = 0; i < options.blackHoles; i++) insert('black-hole', i % n);
  if (options.reboot) {
    const plan = plans[0]!;
    plan.splice(Math.floor(plan.length / 2), 0, 'reboot');
  }
  return plans;
}

async function readViews(page: Page): Promise<Map<string, ViewState>> {
  const rows = await page.$$eval('[data-testid="console-view"]', (nodes) =>
    nodes.map((node) => {
      const n = node as unknown as { getAttribute(name: string): string | null };
      return {
        id: n.getAttribute('data-instance') ?? '',
        phase: n.getAttribute('data-phase') ?? '',
        connects: Number(n.getAttribute('data-connects') ?? 0),
        restoredMs: Number(n.getAttribute('data-restored-ms') ?? 0),
      };
    }),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const progress = options.progress ?? (() => {});
  const random = seededRandom(options.seed);
  const rig = await startAppRig();
  let stopPolling = false;
  let poller: Promise<void> | undefined;
  try {
    const app = await openAppPage(rig.browser, rig.server, rig.app);
    const { page } = app;
    await page.getByTestId('try-demo').click();
    await until('the demo instance list', async () => (await page.getByTestId('inventory-row').count()) > 5);
    const cloud = (await rig.app.demo.cloud()) as DemoCloud;

    // One poller reads all four consoles' state; the console loops wait on it.
    let views = new Map<string, ViewState>();
    poller = (async () => {
      while (!stopPolling) {
        views = await readViews(page).catch(() => views);
        await sleep(50);
      }
    })();
    const view = (id: string): ViewState => views.get(id) ?? { phase: '', connects: 0, restoredMs: 0 };
    const waitFor = async (what: string, check: () => boolean, timeoutMs: number): Promise<boolean> => {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) {
          progress(`soak: timed out waiting for ${what}`);
          return false;
        }
        await sleep(25);
      }
      return true;
    };

    for (const id of SOAK_INSTANCES) {
      await openConsole(page, id);
      if (!(await waitFor(`${id} to connect`, () => view(id).phase === 'connected', 30_000)))
        throw new Error(`the console of ${id} did not connect`);
    }

    const startedAt = Date.now();
    const requestsBefore = cloud.simulator.requestLog().length;
    // A low-discrepancy sequence instead of coin flips: the share of failed calls stays close to
    // the rate even over a short run, so the short soak always sees some.
    let weyl = random();
    const evenly = () => (weyl = (weyl + 0.6180339887) % 1);
    cloud.simulator.failRandomly({ rate: options.apiErrorRate, codes: ['InternalError'], random: evenly });
    const faults: FaultRecord[] = [];
    const plans = schedule(options, random);
    const total = plans.reduce((sum, p) => sum + p.length, 0);
    let done = 0;
    let refusals = 0;

    const runConsole = async (index: number): Promise<void> => {
      const id = SOAK_INSTANCES[index]!;
      for (const kind of plans[index]!) {
        // Connected and stable (DESIGN §4: a drop after a stable link is retried at once), then a
        // pause, so each instance sees about 20 connects a minute.
        await waitFor(`${id} connected`, () => view(id).phase === 'connected', RESTORE_TIMEOUT_MS);
        await sleep(DEFAULT_RECONNECT_OPTIONS.stableAfterMs + 500 + random() * 1000);
        const before = view(id).connects;
        const record: FaultRecord = { instanceId: id, kind, at: Date.now(), restored: false };
        faults.push(record);
        if (kind === 'reboot') {
          cloud.simulator.setState(id, 'REBOOTING', { settleTo: 'RUNNING', afterMs: 4000 });
        } else if (kind === 'black-hole') {
          cloud.gateway.faults.blackHole(id);
        } else {
          if (kind === 'refused-drop') {
            // refuseNext sets the number of refusals still to come; add one to those not yet used.
            refusals++;
            const used = cloud.gateway.tokenLog().filter((e) => e.outcome === 'refused').length;
            cloud.gateway.faults.refuseNext(refusals - used);
          }
          if (cloud.gateway.faults.dropAll(id) !== 1) progress(`soak: ${id} had no live link to drop`);
        }
        record.restored = await waitFor(
          `${id} to come back after a ${kind}`,
          () => view(id).connects > before && view(id).phase === 'connected',
          RESTORE_TIMEOUT_MS,
        );
        if (record.restored) {
          record.seenMs = Date.now() - record.at;
          record.machineMs = view(id).restoredMs;
        }
        if (++done % 25 === 0)
          progress(`soak: ${done}/${total} faults, ${Math.round((Date.now() - startedAt) / 1000)} s`);
      }
    };

    // Latency spikes at even intervals over the expected run (~2.9 s per fault and console).
    const expectedMs = (total / SOAK_INSTANCES.length) * 2900;
    let spikes = 0;
    const spiker = (async () => {
      for (let i = 1; i <= options.latencySpikes; i++) {
        await sleep(expectedMs / (options.latencySpikes + 1));
        cloud.simulator.setLatency(800);
        cloud.gateway.faults.setLatency(150);
        spikes++;
        await sleep(3000);
        cloud.simulator.setLatency(0);
        cloud.gateway.faults.setLatency(0);
      }
    })();

    await Promise.all(SOAK_INSTANCES.map((_, i) => runConsole(i)));
    await spiker;
    cloud.simulator.failRandomly(null);

    // The user's Disconnect: afterwards no URL request and no connect for that instance, even when
    // its (closed) link would be dropped again.
    const quitter = SOAK_INSTANCES[0];
    await page.locator(`[data-testid="console-tab"][data-instance="${quitter}"] [role="tab"]`).click();
    await waitFor(`${quitter} connected`, () => view(quitter).phase === 'connected', RESTORE_TIMEOUT_MS);
    const disconnectAt = Date.now();
    await page
      .locator(`[data-testid="console-view"][data-instance="${quitter}"] [data-testid="disconnect"]`)
      .click();
    await waitFor(`${quitter} idle`, () => view(quitter).phase === 'idle', 10_000);
    cloud.gateway.faults.dropAll(quitter);
    await sleep(DEFAULT_RECONNECT_OPTIONS.stableAfterMs + 3000);
    const durationMs = Date.now() - startedAt;

    const apiLog = cloud.simulator.requestLog().slice(requestsBefore);
    const tokenLog = cloud.gateway.tokenLog();
    const counts: Record<FaultKind, number> = { drop: 0, 'refused-drop': 0, 'black-hole': 0, reboot: 0 };
    for (const f of faults) counts[f.kind]++;
    return {
      durationMs,
      faults,
      counts,
      restored: faults.filter((f) => f.restored).length,
      injectedApiErrors: apiLog.filter((e) => e.outcome === 'InternalError').length,
      latencySpikes: spikes,
      disconnect: {
        instanceId: quitter,
        at: disconnectAt,
        urlRequestsAfter: apiLog.filter(
          (e) =>
            e.action === 'DescribeInstanceVncUrl' && e.instanceIds?.includes(quitter) && e.at >= disconnectAt,
        ).length,
        tokensAfter: tokenLog.filter((e) => e.instanceId === quitter && e.issuedAt >= disconnectAt).length,
      },
      tokens: auditTokens(tokenLog, SOAK_INSTANCES),
      api: auditApi(apiLog, DEFAULT_RATE_LIMITS, SOAK_INSTANCES),
      pageErrors: app.pageErrors,
    };
  } finally {
    stopPolling = true;
    await poller;
    await rig.close();
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1] ?? NaN;

/** The figures, one per line, for the console and docs/benchmarks.md. */
export function formatSoak(r: SoakReport): string[] {
  const drops = r.faults.filter((f) => f.kind === 'drop' && f.restored);
  const machine = drops.map((f) => f.machineMs!).filter((ms) => ms > 0);
  const seen = drops.map((f) => f.seenMs!);
  const holes = r.faults.filter((f) => f.kind === 'black-hole' && f.restored).map((f) => f.seenMs!);
  const reboot = r.faults.find((f) => f.kind === 'reboot');
  const perMinute = Object.entries(r.tokens.connectsPerRollingMinute).map(([id, n]) => `${id} ${n}`);
  const urls = Object.entries(r.api.vncUrlsPerRollingMinute).map(([id, n]) => `${id} ${n}`);
  const peaks = Object.entries(r.api.peakPerSecond).map(
    ([k, { peak, limit }]) => `${k} ${peak}/s (limit ${limit ?? '?'})`,
  );
  return [
    `soak: ${Math.round(r.durationMs / 1000)} s, ${r.faults.length} faults over ${SOAK_INSTANCES.length} consoles: ` +
      `${r.counts.drop + r.counts['refused-drop']} forced drops (${r.counts['refused-drop']} with the next upgrade refused), ` +
      `${r.counts['black-hole']} black holes, ${r.counts.reboot} reboot, ${r.latencySpikes} latency spikes, ` +
      `${r.injectedApiErrors} injected API errors`,
    `restored: ${r.restored}/${r.faults.length} (${((100 * r.restored) / r.faults.length).toFixed(1)} %)`,
    `drop → first complete picture (app's figure): median ${median(machine)} ms, p95 ${p95(machine)} ms, max ${Math.max(...machine)} ms; ` +
      `as the test saw it: median ${median(seen)} ms, p95 ${p95(seen)} ms`,
    `black hole → connected again: median ${median(holes)} ms, max ${Math.max(...holes)} ms; ` +
      `reboot → connected again: ${reboot?.seenMs ?? 'n/a'} ms`,
    `tokens: ${r.tokens.issued} issued, ${r.tokens.presented} presented, outcomes ${JSON.stringify(r.tokens.outcomes)}; ` +
      `reused or stale ${r.tokens.reusedOrStale}; used ≥ 12 s after issue ${r.tokens.olderThanAppLimit}; ` +
      `age when used median ${r.tokens.acceptedAgeMedianMs} ms, max ${r.tokens.acceptedAgeMaxMs} ms`,
    `connects per instance, most in any rolling minute (cap 30): ${perMinute.join(', ')}`,
    `console URLs per instance, most in any rolling minute (budget 30): ${urls.join(', ')}`,
    `API: ${r.api.calls} calls ${JSON.stringify(r.api.perAction)}, outcomes ${JSON.stringify(r.api.outcomes)}; ` +
      `peak per second: ${peaks.join(', ')}`,
    `after the user's Disconnect of ${r.disconnect.instanceId}: ${r.disconnect.urlRequestsAfter} URL requests, ` +
      `${r.disconnect.tokensAfter} tokens`,
  ];
}
