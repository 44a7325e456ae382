// What the console benchmarks share: the built app in Chromium over the real handler table and demo
// cloud (as the e2e tests drive it), a bare noVNC page beside it, the URL invariant check, and the
// paired first-picture rounds: app, bare noVNC and a second bare noVNC (the noise pair) in each round,
// in rotating order, all judged by the same picture watcher (picture-detector.ts).
// Page code below avoids DOM globals: test/** is type-checked without the DOM lib.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { defineBenchmark, profiled, type BenchContext, type Benchmark } from './kit';
import {
  PICTURE_PIXELS,
  pictureWatcherSource,
  type PictureRule,
  type PictureTiming,
  type WatchOptions,
} from './picture-detector';
import { serveFolder, type StaticServer } from '../e2e/harness/static-server';
import { startAppRig, type AppRig } from '../e2e/harness/app-rig';
import {
  OPEN_BUTTON,
  canvasStats,
  consoleView,
  openAppPage,
  phaseOf,
  selectInstance,
  type AppPage,
} from '../e2e/console-helpers';
import type { DemoCloud } from '../../src-main/demo';
import { installTracer, traced } from './socket-trace';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const REGION = 'ap-guangzhou';
/** How long the pointer rests on Open console before the click. */
export const HOVER_DWELL_MS = 300;
// Lifts the gateway's 30 connects/min/instance cap, so back-to-back samples are never throttled.
const DEMO_OPTIONS = { cloud: { gateway: { connectsPerMinute: 1000 } } };

/** The production renderer, built first if it is missing (as test/e2e/harness/global-setup.ts does). */
async function ensureRenderer(root: string): Promise<string> {
  const dir = path.join(root, 'out/renderer');
  if (!existsSync(path.join(dir, 'index.html'))) {
    const { build } = await import('electron-vite');
    await build({ root, logLevel: 'warn' });
  }
  return dir;
}

export interface Rig extends AppRig {
  cloud: DemoCloud;
}

export async function startRig(root: string): Promise<Rig> {
  const rig = await startAppRig(DEMO_OPTIONS, await ensureRenderer(root));
  await rig.app.demo.client();
  const cloud = await rig.app.demo.cloud();
  if (!cloud) {
    await rig.close();
    throw new Error('the demo cloud did not start');
  }
  return { ...rig, cloud };
}

export async function pollUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

// console-helpers' tryDemo and waitForPicture poll with vitest's expect, which works only inside vitest.
/** Opens the app with the demo profile listed, ready to open consoles. */
export async function openDemoApp(rig: Rig): Promise<AppPage> {
  const app = await openAppPage(rig.browser, rig.server, rig.app);
  await app.page.getByTestId('try-demo').click();
  await pollUntil(
    'the demo instance list',
    async () => (await app.page.getByTestId('inventory-row').count()) > 5,
  );
  return app;
}

export async function waitForPicture(page: Page, instanceId: string): Promise<void> {
  await pollUntil(
    `a picture from ${instanceId}`,
    async () =>
      (await phaseOf(page, instanceId)) === 'connected' &&
      (await canvasStats(page, instanceId).catch(() => ({ foreground: 0 }))).foreground > 500,
  );
}

/**
 * The invariant behind every reconnect: each console URL accepted by the gateway was used once, within
 * 12 s of being issued, and none was reused or expired. A benchmark must not hide a broken one.
 */
export function checkTokens(cloud: DemoCloud, instanceId: string, expectedAccepted: number): void {
  const log = cloud.gateway.tokenLog().filter((e) => e.instanceId === instanceId);
  const accepted = log.filter((e) => e.outcome === 'accepted');
  const problems: string[] = [];
  if (accepted.length !== expectedAccepted)
    problems.push(`${accepted.length} tokens accepted, expected ${expectedAccepted}`);
  if (new Set(accepted.map((e) => e.tokenHash)).size !== accepted.length)
    problems.push('a token was accepted twice');
  const bad = log.filter((e) => e.outcome === 'reused' || e.outcome === 'expired').length;
  if (bad > 0) problems.push(`${bad} connects with a reused or expired token`);
  const late = accepted.filter((e) => e.usedAt === undefined || e.usedAt - e.issuedAt >= 12_000).length;
  if (late > 0) problems.push(`${late} tokens used 12 s or more after issue`);
  if (problems.length > 0)
    throw new Error(`console URL invariant broken for ${instanceId}: ${problems.join('; ')}`);
}

export async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The bare noVNC page (fixtures/bare-novnc), built as the renderer is; `remove()` deletes it. */
export async function buildBarePage(root: string): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cvm-bench-novnc-'));
  const { build } = await import('vite');
  // The same build target and minification as the renderer (electron.vite.config.ts).
  await build({
    root: path.join(root, 'test/bench/fixtures/bare-novnc'),
    logLevel: 'warn',
    configFile: false,
    build: { outDir: dir, emptyOutDir: true, target: 'chrome140', minify: true },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---- paired first-picture rounds ----

export interface FirstPictureOptions {
  root: string;
  instanceId: string;
  rule: PictureRule;
  /** Timed rounds; each is one app sample and two bare noVNC samples. */
  rounds: number;
  /** Untimed rounds that also compare every pixel with the reference on every frame (rule 'reference'). */
  validationRounds?: number;
  /** Points the instance at its VNC server before the first sample (e.g. a real Xvnc). */
  prepare?(cloud: DemoCloud): void;
}

export interface FirstPictureSamples {
  app: number[];
  bare: number[];
  /** Per round: the app minus the first bare sample. */
  appMinusBare: number[];
  /** Per round: the second bare sample minus the first: what "no difference" looks like here. */
  noise: number[];
  /** Per timed app sample: the app's own data-first-frame-ms minus the picture the watcher saw. */
  reportedMinusSeen: number[];
  /** Validation rounds, both pages: |frame of the shrunk-copy rule − frame of the every-pixel check|. */
  detectorVsFull: number[];
  /** Validation rounds, app only: frame the view said connected minus the frame the picture was complete. */
  connectedVsFull: number[];
}

/**
 * The rotating order of one paired round: the subject ('app'), its anchor ('bareA') and the anchor
 * again ('bareB', the noise pair); every position taken by every sample in turn over six rounds.
 * Every paired bench (first picture here, startup in footprint.bench.ts) runs its rounds in it.
 */
export const ORDERS = [
  ['app', 'bareA', 'bareB'],
  ['bareA', 'bareB', 'app'],
  ['bareB', 'app', 'bareA'],
  ['app', 'bareB', 'bareA'],
  ['bareB', 'bareA', 'app'],
  ['bareA', 'app', 'bareB'],
] as const;

const installWatcher = (page: Page) => page.evaluate(pictureWatcherSource());

type PageGlobals = {
  document: { querySelector(sel: string): { click(): void } | null };
  watchPicture(options: WatchOptions, threshold: number): Promise<PictureTiming>;
  captureReference(selector: string, quietMs: number): Promise<string>;
  connect(url: string, password?: string): void;
  disconnect(): void;
  /** socket-trace.ts's mark, there with CVM_BENCH_TRACE. */
  __cvmTraceMark?(what: string): void;
};

export async function measureFirstPictures(options: FirstPictureOptions): Promise<FirstPictureSamples> {
  const { root, instanceId: id, rule, rounds } = options;
  const validationRounds = rule === 'reference' ? (options.validationRounds ?? 0) : 0;
  const bundle = await buildBarePage(root);
  let bareServer: StaticServer | undefined;
  let rig: Rig | undefined;
  try {
    bareServer = await serveFolder(bundle.dir);
    rig = await startRig(root);
    const { cloud } = rig;
    options.prepare?.(cloud);
    const { page, close } = await openDemoApp(rig);
    const bare = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await bare.goto(`${bareServer.url}/index.html`);
    await bare.waitForFunction(() => 'connect' in globalThis);
    await installWatcher(page);
    await installWatcher(bare);
    await installTracer(page);
    await installTracer(bare);
    const client = await rig.app.demo.client();
    const idle = () => waitUntil('the console link to close', () => cloud.gateway.liveConnections(id) === 0);
    const appCanvas = `[data-testid="console-view"][data-instance="${id}"] [data-testid="console-screen"] canvas`;
    const appView = `[data-testid="console-view"][data-instance="${id}"]`;
    await selectInstance(page, id);
    const openButton = page.locator(OPEN_BUTTON);
    const closeTab = async () => {
      await page
        .locator(`[data-testid="console-tab"][data-instance="${id}"] [data-testid="tab-close"]`)
        .click();
      await consoleView(page, id).waitFor({ state: 'detached', timeout: 5000 });
      await idle();
    };

    /** As a user does: the pointer rests on the button (the app prefetches the URL meanwhile), then clicks. */
    const appSample = async (validate = false): Promise<PictureTiming & { reported: number }> => {
      await openButton.hover();
      await page.waitForTimeout(HOVER_DWELL_MS);
      const timing = await page.evaluate(
        ([button, watch, threshold]) => {
          const g = globalThis as unknown as PageGlobals;
          const target = g.document.querySelector(button);
          if (!target) throw new Error('no Open console button');
          const start = performance.now();
          g.__cvmTraceMark?.('start');
          target.click();
          return g.watchPicture({ ...watch, start }, threshold);
        },
        [
          OPEN_BUTTON,
          { canvas: appCanvas, rule, start: 0, ...(validate ? { validate: { phaseOf: appView } } : {}) },
          PICTURE_PIXELS,
        ] as const,
      );
      const reported = Number(await consoleView(page, id).getAttribute('data-first-frame-ms'));
      await closeTab();
      return { ...timing, reported };
    };
    const bareSample = async (validate = false): Promise<PictureTiming> => {
      const issued = await client.describeInstanceVncUrl({ region: REGION, instanceId: id });
      const timing = await bare.evaluate(
        ([url, password, watch, threshold]) => {
          const g = globalThis as unknown as PageGlobals;
          const start = performance.now();
          g.__cvmTraceMark?.('start');
          g.connect(url, password);
          return g.watchPicture({ ...watch, start }, threshold).finally(() => g.disconnect());
        },
        [
          issued.url,
          issued.hints.password,
          { canvas: '#screen canvas', rule, start: 0, ...(validate ? { validate: {} } : {}) },
          PICTURE_PIXELS,
        ] as const,
      );
      await idle();
      return timing;
    };

    // Warm-up (the lazy noVNC chunk, the JIT, the VNC server); for the reference rule it also
    // keeps each page's settled picture, and the two pages must hold the same one.
    if (rule === 'reference') {
      await openButton.click();
      const appRef = await page.evaluate(
        ([canvas]) => (globalThis as unknown as PageGlobals).captureReference(canvas, 700),
        [appCanvas] as const,
      );
      await closeTab();
      const issued = await client.describeInstanceVncUrl({ region: REGION, instanceId: id });
      const bareRef = await bare.evaluate(
        ([url, password]) => {
          const g = globalThis as unknown as PageGlobals;
          g.connect(url, password);
          return g.captureReference('#screen canvas', 700).finally(() => g.disconnect());
        },
        [issued.url, issued.hints.password] as const,
      );
      await idle();
      if (appRef !== bareRef)
        throw new Error(`the two pages settled on different pictures: ${appRef} vs ${bareRef}`);
    } else {
      await appSample();
      await bareSample();
    }

    const result: FirstPictureSamples = {
      app: [],
      bare: [],
      appMinusBare: [],
      noise: [],
      reportedMinusSeen: [],
      detectorVsFull: [],
      connectedVsFull: [],
    };
    for (let i = 0; i < validationRounds; i++) {
      const a = await appSample(true);
      const b = await bareSample(true);
      result.detectorVsFull.push(
        Math.abs(a.detectedFrame - a.fullFrame),
        Math.abs(b.detectedFrame - b.fullFrame),
      );
      result.connectedVsFull.push(a.connectedFrame - a.fullFrame);
    }
    for (let i = 0; i < rounds; i++) {
      const round: { app?: number; bareA?: number; bareB?: number } = {};
      for (const which of ORDERS[i % ORDERS.length]!) {
        if (which === 'app') {
          const sample = await profiled(page, `first-picture-app-${i}`, () =>
            traced(page, `app ${i}`, () => appSample()),
          );
          round.app = sample.ms;
          result.reportedMinusSeen.push(sample.reported - sample.ms);
        } else {
          round[which] = (
            await profiled(bare, `first-picture-${which}-${i}`, () =>
              traced(bare, `${which} ${i}`, () => bareSample()),
            )
          ).ms;
        }
      }
      result.app.push(round.app!);
      result.bare.push(round.bareA!);
      result.appMinusBare.push(round.app! - round.bareA!);
      result.noise.push(round.bareB! - round.bareA!);
    }
    checkTokens(cloud, id, 3 * rounds + 2 * validationRounds + 2);
    await bare.close();
    await close();
    return result;
  } finally {
    await rig?.close();
    await bareServer?.close();
    bundle.remove();
  }
}

/** Median and a distribution-free 95 % confidence interval of it (binomial order statistics). */
export function medianWithCi(values: readonly number[]): { median: number; low: number; high: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = n >> 1;
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  // The largest k with P(Binomial(n, ½) < k) ≤ 2.5 %: [x(k), x(n−k+1)] covers the median with ≥ 95 %.
  let k = 0;
  let cumulative = 0;
  let term = 0.5 ** n; // P(X = 0)
  for (let j = 0; j < n; j++) {
    if (cumulative + term > 0.025) break;
    cumulative += term;
    k = j + 1;
    term = (term * (n - j)) / (j + 1);
  }
  if (k === 0) return { median, low: sorted[0]!, high: sorted[n - 1]! };
  return { median, low: sorted[k - 1]!, high: sorted[n - k]! };
}

export const rounded = (n: number): number => Math.round(n * 10) / 10;

/**
 * The entries of one paired first-picture run: the app, bare noVNC, their per-round difference and
 * ratio, and the noise pair. `prefix` names them ('console: ' keeps the built-in console's names).
 */
export function firstPictureBenchmarks(spec: {
  prefix: string;
  /** Where it runs, for the descriptions. */
  setting: string;
  /** The picture rule in words. */
  rule: string;
  samples(context: BenchContext): Promise<FirstPictureSamples>;
}): Benchmark[] {
  const { prefix, setting, rule, samples } = spec;
  return [
    defineBenchmark({
      name: `${prefix}click → first frame`,
      unit: 'ms',
      description:
        `${setting}: ms from an in-page click on Open console (the pointer resting on it ${HOVER_DWELL_MS} ms ` +
        `first, as a user's) to ${rule} (requestAnimationFrame polling); tab closed between samples`,
      run: async (context) => (await samples(context)).app,
    }),
    defineBenchmark({
      name: `${prefix}bare noVNC connect → first frame`,
      unit: 'ms',
      description:
        `a bare @novnc/novnc page in the same Chromium and rounds: ms from new RFB(freshly issued console URL) ` +
        `to ${rule} (the same watcher); URL issuance not included`,
      run: async (context) => (await samples(context)).bare,
    }),
    defineBenchmark({
      name: `${prefix}first frame, app minus bare noVNC`,
      unit: 'ms',
      // DESIGN.md §7: the app's first frame no slower than bare noVNC's.
      budget: 0,
      description:
        "per round: the app's click → first frame minus bare noVNC's; the median of the differences (a round's " +
        'samples share the moment, so machine noise mostly cancels)',
      run: async (context) => (await samples(context)).appMinusBare,
    }),
    defineBenchmark({
      name: `${prefix}first frame, app ÷ bare noVNC`,
      unit: '×',
      budget: 1,
      description: "per round: the app's click → first frame divided by bare noVNC's",
      run: async (context) => {
        const { app, bare } = await samples(context);
        return app.map((ms, i) => ms / bare[i]!);
      },
    }),
    defineBenchmark({
      name: `${prefix}first frame, bare noVNC minus bare noVNC (noise)`,
      unit: 'ms',
      description:
        'per round, a second bare noVNC sample minus the first, run in the same rounds in rotating order: the ' +
        'spread the difference above would show if the app were exactly as fast, on this machine, in this run',
      run: async (context) => (await samples(context)).noise,
    }),
  ];
}
