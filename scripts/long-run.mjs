// `npm run soak` and `npm run fuzz`: the very test files `npm test` runs in their short form, run at
// full length. The length is passed in CVM_LONG_RUN (read by test/support/long-run.ts), so the
// npm scripts need no shell syntax and work the same on Windows.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = {
  soak: ['--project', 'e2e', 'test/e2e/soak.test.ts'],
  fuzz: ['--project', 'unit', 'test/unit/fuzz'],
};
const which = process.argv[2] ?? '';
const args = RUNS[/** @type {keyof typeof RUNS} */ (which)];
if (!Object.hasOwn(RUNS, which) || !args) {
  process.stderr.write(`usage: long-run.mjs ${Object.keys(RUNS).join('|')}\n`);
  process.exit(2);
}
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const result = spawnSync(process.execPath, [vitest, 'run', ...args, ...process.argv.slice(3)], {
  stdio: 'inherit',
  env: { ...process.env, CVM_LONG_RUN: which },
});
process.exit(result.status ?? 1);
