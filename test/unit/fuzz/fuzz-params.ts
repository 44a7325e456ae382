// fast-check parameters for the fuzz tests: a fixed seed and few runs inside `npm test` (the same
// cases every time), a fresh seed and many more runs with `npm run fuzz`. A long run prints its seed,
// so a failure can be replayed: CVM_FUZZ_SEED=<seed> npm run fuzz (or the single test file).
import fc from 'fast-check';
import { isLongRun } from '../../support/long-run';

export const LONG = isLongRun('fuzz');
/** Long runs try this many times more cases than the fixed-seed run in `npm test`. */
const LONG_FACTOR = 25;

export function fuzzParams<T>(shortRuns: number): fc.Parameters<T> {
  const given = process.env['CVM_FUZZ_SEED'];
  const seed = given ? Number(given) : LONG ? Date.now() ^ (Math.random() * 0x7fffffff) : 16;
  if (LONG) process.stderr.write(`fuzz: seed ${seed}, ${shortRuns * LONG_FACTOR} runs\n`);
  return { seed, numRuns: LONG ? shortRuns * LONG_FACTOR : shortRuns, endOnFailure: true };
}

/** Vitest's time limit for a fuzz test whose short form takes at most `shortMs`. */
export function fuzzTimeout(shortMs: number): number {
  return LONG ? shortMs * LONG_FACTOR * 2 : shortMs;
}

/** Values no schema should take: every JS type, odd numbers, unicode, prototype-ish keys. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withUnicodeString: true,
  }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1, 2 ** 53, '', '\u0000', '\u202e', '__proto__'),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

/** Payloads far beyond any limit: megabyte strings, deep nesting, long arrays, wide objects. */
export const oversized: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(1 << 16, 1 << 20, 33 << 20).map((n) => 'A'.repeat(n)),
  fc.integer({ min: 200, max: 5000 }).map((depth) => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  }),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => new Array<number>(n).fill(7)),
  fc
    .integer({ min: 1000, max: 20_000 })
    .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
);
