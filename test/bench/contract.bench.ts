// The IPC wrapper in main parses every argument and event payload with the contract's zod schemas, so
// their cost is paid on every call. Measured on the payloads the contract has today.
import { contract, errorEnvelopeSchema, events } from '../../src-main/contract';
import { defineBenchmark, timeBatches } from './kit';

const PAYLOADS = 10_000;

interface Case {
  schema: { safeParse(value: unknown): { success: boolean } };
  value: unknown;
}

/** A mix of every schema in the contract, cycled to PAYLOADS entries. */
function validPayloads(): Case[] {
  const kinds = errorEnvelopeSchema.shape.kind.options;
  return Array.from({ length: PAYLOADS }, (_, i): Case => {
    switch (i % 3) {
      case 0:
        return { schema: contract['app:info'].input, value: undefined };
      case 1:
        return { schema: events['system:resume'], value: { at: 1_700_000_000_000 + i } };
      default:
        return {
          schema: errorEnvelopeSchema,
          value: {
            kind: kinds[i % kinds.length],
            code: 'RequestLimitExceeded',
            message: 'Too many requests; retrying shortly.',
            retryAfterMs: i % 1000,
          },
        };
    }
  });
}

/** The same schemas fed what a buggy or hostile renderer might send. */
function malformedPayloads(): Case[] {
  return Array.from({ length: PAYLOADS }, (_, i): Case => {
    switch (i % 3) {
      case 0:
        return { schema: contract['app:info'].input, value: { unexpected: i } };
      case 1:
        return { schema: events['system:resume'], value: { at: String(i) } };
      default:
        return { schema: errorEnvelopeSchema, value: { kind: 'nope', code: i, retryAfterMs: -1 } };
    }
  });
}

function parseAll(cases: Case[], expectSuccess: boolean): void {
  for (const { schema, value } of cases) {
    // Checking the outcome keeps the work observable (and proves the payloads are what we claim).
    if (schema.safeParse(value).success !== expectSuccess) throw new Error('payload parsed unexpectedly');
  }
}

export default [
  defineBenchmark({
    name: 'contract: parse 10,000 valid IPC payloads',
    unit: 'ms',
    description: 'one sample = safeParse of 10,000 valid payloads across every contract schema',
    run: ({ quick }) => {
      const cases = validPayloads();
      return timeBatches(() => parseAll(cases, true), { samples: quick ? 3 : 30 });
    },
  }),
  defineBenchmark({
    name: 'contract: reject 10,000 malformed IPC payloads',
    unit: 'ms',
    description: 'one sample = safeParse of 10,000 malformed payloads, each rejected with issues',
    run: ({ quick }) => {
      const cases = malformedPayloads();
      return timeBatches(() => parseAll(cases, false), { samples: quick ? 3 : 30 });
    },
  }),
];
