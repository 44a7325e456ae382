// What a benchmark module exports, and helpers to take measurements.
// test/bench/run.mjs loads every test/bench/*.bench.ts, runs the benchmarks in order, and prints one
// JSON report. A module registers entries by default-exporting an array of `defineBenchmark(...)`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export interface BenchContext {
  /** Fewer samples, for the smoke test of the runner; the numbers are then only indicative. */
  quick: boolean;
  /** Absolute path of the repository root. */
  root: string;
}

/** Thrown by a benchmark that cannot run here (e.g. no build output); reported as skipped, not failed. */
export class BenchSkipped extends Error {
  override name = 'BenchSkipped';
}

export interface Benchmark {
  /** Stable identifier, `area: what is measured`; dashboards key on it. */
  name: string;
  /** Unit of every sample and of the headline value, e.g. 'ms', 'bytes'. */
  unit: string;
  /** The DESIGN.md §7 ceiling for the headline value, where there is one. */
  budget?: number;
  /** One sentence: what a sample is. */
  description: string;
  /** Returns the samples; the report's `value` is their median. */
  run(context: BenchContext): Promise<number[]>;
}

export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}

/**
 * Times `batch` repeatedly and returns milliseconds per call. Batches (rather than single calls) keep
 * timer resolution and call overhead out of sub-microsecond work. Warm-up runs let the JIT settle first.
 */
export async function timeBatches(
  batch: () => unknown,
  { samples, warmup = 3 }: { samples: number; warmup?: number },
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await batch();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await batch();
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * With CVM_BENCH_CPU_PROFILE=<folder>, writes the page's CPU profile of `step` there as
 * `<name>.cpuprofile` (open it in Chromium's DevTools, Performance panel): how the causes of a slow
 * figure were found. Without it, just runs `step`.
 */
export async function profiled<T>(page: Page, name: string, step: () => Promise<T>): Promise<T> {
  const stop = await startProfile(page, name);
  const stopTimeline = await startTimeline(page, name);
  try {
    return await step();
  } finally {
    await stopTimeline?.();
    await stop?.();
  }
}

// What a Chromium timeline records: every task of every thread with its CPU time (tts/tdur), the
// V8 calls, style, layout, paint and the compositor's frames.
const TIMELINE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'blink',
  'cc',
  'gpu',
];

/**
 * With CVM_BENCH_TIMELINE=<folder>, writes Chromium's timeline of the span (all of the browser's
 * processes and threads, with each task's CPU time) as `<name>.json` (DevTools' Performance panel
 * opens it): where a figure's time goes when wall time is shared with other work.
 */
async function startTimeline(page: Page, name: string): Promise<(() => Promise<void>) | undefined> {
  const folder = process.env['CVM_BENCH_TIMELINE'];
  const browser = page.context().browser();
  if (!folder || !browser) return undefined;
  mkdirSync(folder, { recursive: true });
  await browser.startTracing(page, {
    path: path.join(folder, `${name}.json`),
    categories: TIMELINE_CATEGORIES,
  });
  return async () => void (await browser.stopTracing());
}

/**
 * Starts the page's CPU profile (with CVM_BENCH_CPU_PROFILE) for a span that is not one call (from
 * a navigation on, say); the function returned saves it as `<name>.cpuprofile`.
 */
export async function startProfile(page: Page, name: string): Promise<(() => Promise<void>) | undefined> {
  const folder = process.env['CVM_BENCH_CPU_PROFILE'];
  if (!folder) return undefined;
  mkdirSync(folder, { recursive: true });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(path.join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  };
}
