// What a benchmark module exports, and helpers to take measurements.
// test/bench/run.mjs loads every test/bench/*.bench.ts, runs the benchmarks in order, and prints one
// JSON report. A module registers entries by default-exporting an array of `defineBenchmark(...)`.

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
