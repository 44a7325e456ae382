// DESIGN.md §7 console timings, in Debian's Chromium against the local demo cloud, with the built
// renderer (out/renderer) over the real handler table, exactly as the e2e tests drive it:
//   - drop → restored: the gateway drops the live link, the console view leaves and regains 'connected';
//   - click → first frame: Open console clicked → the console canvas shows real pixels;
//   - bare noVNC: `new RFB(url)` → the same, the floor the app's number is compared with.
// Page code below avoids DOM globals: test/** is type-checked without the DOM lib.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { defineBenchmark } from './kit';
import { foregroundPixels, PICTURE_PIXELS, type CanvasLike } from './picture-detector';
import { serveFolder, type StaticServer } from '../e2e/harness/static-server';
import { startAppRig, type AppRig } from '../e2e/harness/app-rig';
import { canvasStats, consoleView, openAppPage, phaseOf, type AppPage } from '../e2e/console-helpers';
import type { DemoCloud } from '../../src-main/demo';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The demo instance every first-frame sample (app and bare) connects to: a Linux text console.
const FRAME_INSTANCE = 'ins-demo0002';
const FRAME_REGION = 'ap-guangzhou';
const DROP_INSTANCE = 'ins-demo0001';
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

interface Rig extends AppRig {
  cloud: DemoCloud;
}

async function startRig(root: string): Promise<Rig> {
  const rig = await startAppRig(DEMO_OPTIONS, await ensureRenderer(root));
  await rig.app.demo.client();
  const cloud = await rig.app.demo.cloud();
  if (!cloud) {
    await rig.close();
    throw new Error('the demo cloud did not start');
  }
  return { ...rig, cloud };
}

async function pollUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

// console-helpers' tryDemo and waitForPicture poll with vitest's expect, which works only inside vitest.
/** Opens the app with the demo profile listed, ready to open consoles. */
async function openDemoApp(rig: Rig): Promise<AppPage> {
  const app = await openAppPage(rig.browser, rig.server, rig.app.handlers);
  await app.page.getByTestId('try-demo').click();
  await pollUntil(
    'the demo instance list',
    async () => (await app.page.getByTestId('instance-row').count()) > 5,
  );
  return app;
}

async function waitForPicture(page: Page, instanceId: string): Promise<void> {
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
function checkTokens(cloud: DemoCloud, instanceId: string, expectedAccepted: number): void {
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

async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// ---- drop → restored ----

/** Arms an in-page observer: resolves (epoch ms) when the view leaves 'connected' and comes back. */
async function armRestoreWatch(page: Page, instanceId: string): Promise<void> {
  await page.evaluate((id) => {
    interface El {
      getAttribute(name: string): string | null;
    }
    type Observer = { observe(el: El, opts: object): void; disconnect(): void };
    const g = globalThis as unknown as {
      document: { querySelector(sel: string): El | null };
      MutationObserver: new (callback: () => void) => Observer;
      benchRestore?: Promise<number>;
    };
    const el = g.document.querySelector(`[data-testid="console-view"][data-instance="${id}"]`);
    if (!el) throw new Error('no console view');
    g.benchRestore = new Promise((resolve, reject) => {
      let left = false;
      const timer = setTimeout(
        () => (observer.disconnect(), reject(new Error('not restored in 10 s'))),
        10_000,
      );
      const observer = new g.MutationObserver(() => {
        if (el.getAttribute('data-phase') !== 'connected') left = true;
        else if (left) {
          const at = Date.now();
          clearTimeout(timer);
          observer.disconnect();
          resolve(at);
        }
      });
      observer.observe(el, { attributes: true, attributeFilter: ['data-phase'] });
    });
  }, instanceId);
}

async function measureDrops(root: string, drops: number): Promise<number[]> {
  const rig = await startRig(root);
  try {
    const { page, close } = await openDemoApp(rig);
    const id = DROP_INSTANCE;
    await page
      .locator(`[data-testid="instance-row"][data-instance="${id}"] [data-testid="open-console"]`)
      .click();
    await waitForPicture(page, id);
    const samples: number[] = [];
    const machine: number[] = [];
    for (let i = 0; i < drops; i++) {
      // A link that stayed up 1.5 s counts as stable, and its drop is retried at once (DESIGN §4).
      await sleep(1600);
      await armRestoreWatch(page, id);
      const droppedAt = Date.now();
      const dropped = rig.cloud.gateway.faults.dropAll(id);
      if (dropped !== 1) throw new Error(`drop ${i + 1} found ${dropped} live connections, expected 1`);
      const backAt = await page.evaluate(
        () => (globalThis as unknown as { benchRestore: Promise<number> }).benchRestore,
      );
      samples.push(backAt - droppedAt);
      machine.push(Number(await consoleView(page, id).getAttribute('data-restored-ms')));
    }
    checkTokens(rig.cloud, id, drops + 1);
    process.stderr.write(`\n  (reconnect machine's own restoredInMs: ${machine.join(', ')})\n  `);
    await close();
    return samples;
  } finally {
    await rig.close();
  }
}

// ---- click → first frame, app and bare noVNC ----

/** Clicks Open console in the page itself and resolves with the ms until the canvas shows a picture. */
/** How long the pointer rests on Open console before the click. */
const HOVER_DWELL_MS = 300;

async function clickToPicture(page: Page, instanceId: string): Promise<number> {
  // The very detector the bare page is built with, installed in the app's page.
  // Once per page, like the bare page's bundled copy: a fresh function every sample would run cold.
  await page.evaluate(`globalThis.__cvmForeground ??= ${foregroundPixels.toString()}`);
  return page.evaluate(
    ([id, threshold]) => {
      const g = globalThis as unknown as {
        document: { querySelector(sel: string): ({ click(): void } & CanvasLike) | null };
        requestAnimationFrame(callback: () => void): number;
        __cvmForeground: (c: CanvasLike) => number;
      };
      const button = g.document.querySelector(
        `[data-testid="instance-row"][data-instance="${id}"] [data-testid="open-console"]`,
      );
      if (!button) throw new Error('no Open console button');
      const canvasSelector = `[data-testid="console-view"][data-instance="${id}"] [data-testid="console-screen"] canvas`;
      return new Promise<number>((resolve, reject) => {
        const start = performance.now();
        button.click();
        const poll = () => {
          const canvas = g.document.querySelector(canvasSelector);
          if (canvas && g.__cvmForeground(canvas) > threshold) resolve(performance.now() - start);
          else if (performance.now() - start > 15_000) reject(new Error('no picture within 15 s'));
          else g.requestAnimationFrame(poll);
        };
        g.requestAnimationFrame(poll);
      });
    },
    [instanceId, PICTURE_PIXELS] as const,
  );
}

async function buildBarePage(root: string): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cvm-bench-novnc-'));
  const { build } = await import('vite');
  // The same build target as the renderer (electron.vite.config.ts).
  await build({
    root: path.join(root, 'test/bench/fixtures/bare-novnc'),
    logLevel: 'warn',
    configFile: false,
    build: { outDir: dir, emptyOutDir: true, target: 'chrome140' },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface FrameSamples {
  app: number[];
  bare: number[];
  /** Bare noVNC minus bare noVNC, pair by pair: what "no difference" looks like on this machine. */
  noise: number[];
}

async function measureFirstFrames(root: string, samples: number): Promise<FrameSamples> {
  const bundle = await buildBarePage(root);
  let bareServer: StaticServer | undefined;
  let rig: Rig | undefined;
  try {
    bareServer = await serveFolder(bundle.dir);
    rig = await startRig(root);
    const { cloud } = rig;
    const id = FRAME_INSTANCE;
    const { page, close } = await openDemoApp(rig);
    const bare = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await bare.goto(`${bareServer.url}/index.html`);
    await bare.waitForFunction(() => 'connect' in globalThis);
    const client = await rig.app.demo.client();
    const idle = () => waitUntil('the console link to close', () => cloud.gateway.liveConnections(id) === 0);

    const appSample = async (): Promise<number> => {
      // As a user does: the pointer rests on the button for a moment (the app prefetches the URL
      // meanwhile, DESIGN.md §7), then clicks. 300 ms is a short human hover-to-click dwell.
      await page
        .locator(`[data-testid="instance-row"][data-instance="${id}"] [data-testid="open-console"]`)
        .hover();
      await page.waitForTimeout(HOVER_DWELL_MS);
      const ms = await clickToPicture(page, id);
      await page
        .locator(`[data-testid="console-tab"][data-instance="${id}"] [data-testid="tab-close"]`)
        .click();
      await consoleView(page, id).waitFor({ state: 'detached', timeout: 5000 });
      await idle();
      return ms;
    };
    const bareSample = async (): Promise<number> => {
      const issued = await client.describeInstanceVncUrl({ region: FRAME_REGION, instanceId: id });
      const ms = await bare.evaluate(
        ([url, password]) =>
          (globalThis as unknown as { connect(u: string, p?: string): Promise<number> }).connect(
            url!,
            password,
          ),
        [issued.url, issued.hints.password] as const,
      );
      await idle();
      return ms;
    };

    // One discarded round first: the lazy noVNC chunk, JIT and the demo VNC server warm up.
    await appSample();
    await bareSample();
    const result: FrameSamples = { app: [], bare: [], noise: [] };
    for (let i = 0; i < samples; i++) {
      // Alternate the order so neither side always runs right after the other.
      if (i % 2 === 0) {
        result.app.push(await appSample());
        result.bare.push(await bareSample());
      } else {
        result.bare.push(await bareSample());
        result.app.push(await appSample());
      }
    }
    // The same number of pairs with bare noVNC on both sides (its URLs do not pass main's budget),
    // alternating which one counts as "the app", as above.
    for (let i = 0; i < samples; i++) {
      const [first, second] = [await bareSample(), await bareSample()];
      result.noise.push(i % 2 === 0 ? first - second : second - first);
    }
    checkTokens(cloud, id, 4 * samples + 2);
    await bare.close();
    await close();
    return result;
  } finally {
    await rig?.close();
    await bareServer?.close();
    bundle.remove();
  }
}

// The first-frame benchmarks share one interleaved run (same instance, same conditions). 20 pairs:
// the app's 21 console URLs for one instance stay under main's 30 per minute.
let firstFrames: Promise<FrameSamples> | undefined;
const sharedFirstFrames = (root: string, quick: boolean) =>
  (firstFrames ??= measureFirstFrames(root, quick ? 3 : 20));

export default [
  defineBenchmark({
    name: 'console: drop → restored',
    unit: 'ms',
    budget: 300,
    description:
      `built app in Chromium on the demo cloud, one live console (${DROP_INSTANCE}); 20 times, 1.6 s apart: ` +
      'ms from gateway.faults.dropAll() (node) to the console view regaining data-phase=connected after ' +
      'leaving it (in-page MutationObserver); token log checked: each URL accepted once, < 12 s after issue',
    run: ({ root, quick }) => measureDrops(root, quick ? 5 : 20),
  }),
  defineBenchmark({
    name: 'console: click → first frame',
    unit: 'ms',
    description:
      `built app in Chromium on the demo cloud (gateway cap lifted to 1000 connects/min): ms from an in-page ` +
      `click on ${FRAME_INSTANCE}'s Open console (pointer resting on it ${HOVER_DWELL_MS} ms first, as a user's) to > 500 ` +
      'non-background canvas pixels (requestAnimationFrame polling); tab closed between samples; 1 warm-up discarded',
    run: async ({ root, quick }) => (await sharedFirstFrames(root, quick)).app,
  }),
  defineBenchmark({
    name: 'console: bare noVNC connect → first frame',
    unit: 'ms',
    description:
      `a bare @novnc/novnc page in the same Chromium, interleaved with the app samples on ${FRAME_INSTANCE}: ` +
      'ms from new RFB(freshly issued console URL) to > 500 non-background canvas pixels (rAF polling); ' +
      'URL issuance not included; 1 warm-up discarded',
    run: async ({ root, quick }) => (await sharedFirstFrames(root, quick)).bare,
  }),
  defineBenchmark({
    name: 'console: first frame, app minus bare noVNC',
    unit: 'ms',
    // DESIGN.md §7: the app's first frame no slower than bare noVNC's.
    budget: 0,
    description:
      "per interleaved pair of the two samples above: the app's click → first frame minus bare noVNC's; " +
      'the median of the differences (pairs share the moment, so machine noise mostly cancels)',
    run: async ({ root, quick }) => {
      const { app, bare } = await sharedFirstFrames(root, quick);
      return app.map((ms, i) => ms - bare[i]!);
    },
  }),
  defineBenchmark({
    name: 'console: first frame, bare noVNC minus bare noVNC (noise)',
    unit: 'ms',
    description:
      'as many pairs again, with bare noVNC on both sides: the spread the entry above would show if the app ' +
      'were exactly as fast, on this machine, in this run',
    run: async ({ root, quick }) => (await sharedFirstFrames(root, quick)).noise,
  }),
];
