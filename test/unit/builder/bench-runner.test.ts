// `npm run bench` (test/bench/run.mjs): one JSON object on stdout, benchmarks found by file name,
// TypeScript loaded without a build, medians computed, skips and failures reported as such.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const runner = path.join(root, 'test/bench/run.mjs');
const fixtures = path.join(root, 'test/unit/builder/fixtures/bench');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [runner, ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface Entry {
  name: string;
  unit: string;
  file: string;
  value?: number;
  samples?: number;
  stats?: { min: number; p95: number; max: number; mean: number };
  budget?: number;
  withinBudget?: boolean;
  skipped?: string;
  error?: string;
}

function report(stdout: string) {
  return JSON.parse(stdout) as { suite: string; version: string; node: string; results: Entry[] };
}

describe('test/bench/run.mjs', () => {
  it('reports every registered benchmark: medians, budgets, skips and failures', async () => {
    const { code, stdout, stderr } = await run('--quick', '--dir', fixtures);
    const { suite, version, node, results } = report(stdout);
    expect({ suite, node }).toEqual({ suite: 'cvm-console', node: process.version });
    const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version).toBe(packageJson.version);

    const byName = Object.fromEntries(results.map((entry) => [entry.name, entry]));
    expect(byName['fixture: fixed samples']).toMatchObject({
      unit: 'ms',
      file: 'test/unit/builder/fixtures/bench/sample.bench.ts',
      value: 3,
      samples: 5,
      stats: { min: 1, p95: 100, max: 100, mean: 22 },
      budget: 3,
      withinBudget: true,
    });
    expect(byName['fixture: over budget']).toMatchObject({ value: 5, samples: 1, withinBudget: false });
    expect(byName['fixture: sees the context']).toMatchObject({ value: 1 });
    expect(byName['fixture: cannot run here']).toMatchObject({
      skipped: 'needs something this machine lacks',
    });
    expect(byName['fixture: cannot run here']).not.toHaveProperty('value');
    expect(byName['fixture: broken']).toMatchObject({ error: 'boom' });
    // A broken benchmark fails the run, after the report has been printed.
    expect(code).toBe(1);
    expect(stderr).toContain('bench: fixture: fixed samples');
  });

  it('runs the real TypeScript benchmarks, filtered by name', async () => {
    const { code, stdout } = await run('--quick', '--filter', 'contract:');
    expect(code).toBe(0);
    const { results } = report(stdout);
    expect(results.map((entry) => entry.name)).toEqual([
      'contract: parse 10,000 valid IPC payloads',
      'contract: reject 10,000 malformed IPC payloads',
    ]);
    for (const entry of results) {
      expect(entry).toMatchObject({ unit: 'ms', samples: 3 });
      expect(entry.value).toBeGreaterThan(0);
    }
    // Loading every bench file through jiti takes ~5 s alone and over 20 s on a loaded CI core.
  }, 60_000);

  it('refuses an unknown argument', async () => {
    const { code, stdout, stderr } = await run('--fast');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown argument --fast');
  });
});
