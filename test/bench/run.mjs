// `npm run bench`: runs every test/bench/*.bench.ts and prints ONE JSON object on stdout
// (progress goes to stderr), e.g. `npm run -s bench > bench.json`.
//
//   node test/bench/run.mjs [--quick] [--filter <text>]… [--dir <folder of *.bench.ts>] [--out <file.json>]
// (--filter may be given several times: a benchmark runs when its name contains any of them)
//
// Benchmarks are TypeScript importing the app's own modules, which plain Node 20 cannot load. Vite
// (already the build tool) transpiles them on the fly through its SSR module loader: no extra
// package, no build step, and node_modules stay native Node imports. Each *.bench.ts default-exports
// an array of `defineBenchmark(...)` entries (see kit.ts); adding a file is all it takes to register more.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE =
  'usage: run.mjs [--quick] [--filter <text>]… [--dir <folder of *.bench.ts>] [--out <file.json>]';

function parseArgs(argv) {
  const options = {
    quick: false,
    filters: /** @type {string[]} */ ([]),
    out: /** @type {string | undefined} */ (undefined),
    dir: path.join(root, 'test/bench'),
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') options.quick = true;
    else if (argv[i] === '--filter') options.filters.push(argv[++i] ?? '');
    else if (argv[i] === '--dir') options.dir = path.resolve(argv[++i] ?? '');
    else if (argv[i] === '--out') options.out = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${argv[i]}; ${USAGE}`);
  }
  if (path.relative(root, options.dir).startsWith('..'))
    throw new Error('--dir must be inside the repository');
  return options;
}

/** Median and spread of the samples, rounded to 4 significant digits (more is noise). */
function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const round = (n) => Number(n.toPrecision(4));
  const mean = sorted.reduce((sum, n) => sum + n, 0) / sorted.length;
  return {
    value: round(median),
    stats: { min: round(sorted[0]), p95: round(at(0.95)), max: round(sorted.at(-1)), mean: round(mean) },
  };
}

async function runOne(benchmark, file, context) {
  const entry = { name: benchmark.name, unit: benchmark.unit, file, description: benchmark.description };
  if (benchmark.budget !== undefined) entry.budget = benchmark.budget;
  try {
    const samples = await benchmark.run(context);
    if (!Array.isArray(samples) || samples.length === 0 || !samples.every(Number.isFinite)) {
      throw new Error('run() must return a non-empty array of finite numbers');
    }
    const { value, stats } = summarize(samples);
    Object.assign(entry, { value, samples: samples.length }, samples.length > 1 ? { stats } : {});
    if (entry.budget !== undefined) entry.withinBudget = value <= entry.budget;
  } catch (error) {
    if (error?.name === 'BenchSkipped') entry.skipped = error.message;
    else entry.error = error instanceof Error ? error.message : String(error);
  }
  return entry;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const files = (await readdir(options.dir)).filter((name) => name.endsWith('.bench.ts')).sort();

  const vite = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const results = [];
  try {
    for (const name of files) {
      const file = path.relative(root, path.join(options.dir, name)).split(path.sep).join('/');
      const module = await vite.ssrLoadModule(`/${file}`);
      for (const benchmark of module.default ?? []) {
        if (options.filters.length > 0 && !options.filters.some((f) => benchmark.name.includes(f))) continue;
        process.stderr.write(`bench: ${benchmark.name} … `);
        const entry = await runOne(benchmark, file, { quick: options.quick, root });
        results.push(entry);
        const shown = entry.error ?? entry.skipped ?? `${entry.value} ${entry.unit}`;
        process.stderr.write(`${entry.error ? 'ERROR ' : entry.skipped ? 'skipped: ' : ''}${shown}\n`);
      }
    }
  } finally {
    await vite.close();
  }

  const report = {
    suite: 'cvm-console',
    version,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    quick: options.quick,
    results,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  // `npm run bench` also keeps the report in bench/results.json and prints a table (on stderr, so
  // stdout stays one JSON object).
  if (options.out) {
    await mkdir(path.dirname(options.out), { recursive: true });
    await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  }
  process.stderr.write(`\n${table(results)}\n`);
  // A benchmark that broke fails the run; one that could not run here (skipped) does not.
  if (results.some((entry) => entry.error)) process.exitCode = 1;
}

/** The results as a text table: name, median, p95, budget and whether it is met. */
function table(results) {
  const rows = [['benchmark', 'median', 'p95', 'budget', '']];
  for (const e of results) {
    rows.push([
      e.name,
      e.error ? 'ERROR' : e.skipped ? 'skipped' : `${e.value} ${e.unit}`,
      e.stats ? `${e.stats.p95}` : '',
      e.budget === undefined ? '' : `${e.budget}`,
      e.withinBudget === undefined ? '' : e.withinBudget ? 'ok' : 'MISS',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

await main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
