// Every IPC channel through the real dispatcher and handler table with generated malformed and
// oversized arguments: each call must end in a bounded invalid-input envelope, no handler may run,
// and nothing may change (settings, profiles, what main was asked to do, its log, Object.prototype).
import fc from 'fast-check';
import { DEFAULT_SETTINGS } from '../../../src-main/settings';
import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  contract,
  errorEnvelopeSchema,
  type Channel,
  type HandlerTable,
  type IpcResult,
  type Settings,
} from '../../../src-main/contract';
import { buildHandlers } from '../../../src-main/handlers';
import { dispatch } from '../../../src-main/ipc/dispatch';
import { MAX_MESSAGE_CHARS } from '../../../src-main/common/errors';
import type { InternalErrorRecord } from '../../../src-main/ipc/errors';
import { fakeServices } from '../../support/fake-services';
import { fuzzParams, fuzzTimeout, junk, oversized } from './fuzz-params';

const REF = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** One valid argument per channel: the fuzz mutates these. A new channel needs one here. */
const VALID: Partial<Record<Channel, unknown>> = {
  'app:info': undefined,
  'app:openLogFolder': undefined,
  'app:locale': undefined,
  'profiles:list': undefined,
  'profiles:details': undefined,
  'profiles:create': {
    kind: 'keys',
    name: 'prod',
    site: 'china',
    defaultRegion: 'ap-guangzhou',
    secretId: 'AKIDabcdefghijkl1234',
    secretKey: 'secretsecretsecretsecret',
  },
  'profiles:test': { profileId: 'key-abcdef1234' },
  'profiles:update': { profileId: 'key-abcdef1234', changes: { name: 'staging' } },
  'profiles:delete': { profileId: 'key-abcdef1234' },
  'profiles:setDefault': { profileId: 'key-abcdef1234' },
  'profiles:scanImports': undefined,
  'profiles:import': { choices: [{ ref: 'env', name: 'from env', storage: 'keychain' }] },
  'profiles:keychainStatus': { recheck: true },
  'instances:list': { profileId: 'demo', region: 'ap-guangzhou' },
  'instances:get': REF,
  'instances:find': { profileId: REF.profileId, instanceId: REF.instanceId },
  'console:showInFolder': { path: '/tmp/shot.png' },
  'console:copyText': { text: 'hello' },
  'instances:start': REF,
  'console:issueUrl': REF,
  'console:openWebConsole': REF,
  'console:saveScreenshot': { suggestedName: 'shot.png', pngBase64: PNG },
  'console:copyScreenshot': { pngBase64: PNG },
  'console:saveTranscript': { suggestedName: 'web-01 transcript.txt', text: 'login: root\n' },
  'console:report': { ref: REF, event: 'closed', code: 1006, wasClean: false },
  'settings:get': undefined,
  'settings:set': { rewriteTencentOrigin: false },
  'windows:openConsole': { ref: REF, title: 'web-prod-01' },
  'windows:reportConsoles': { consoles: [{ ref: REF, title: 'web-prod-01', phase: 'reconnecting' }] },
  'inventory:list': { profileId: 'demo', listingId: 'listing-1', regions: ['ap-guangzhou'] },
  'inventory:cached': { profileId: 'demo' },
  'inventory:power': {
    profileId: 'demo',
    action: 'stop',
    targets: [{ region: 'ap-guangzhou', instanceId: 'ins-demo0001' }],
    stopType: 'SOFT',
    stoppedMode: 'KEEP_CHARGING',
  },
  'inventory:marks': undefined,
  'inventory:mark': {
    profileId: 'demo',
    region: 'ap-guangzhou',
    instanceId: 'ins-demo0001',
    favourite: true,
    opened: true,
  },
};

/** The handler table over recording services, with a count of every handler call. */
function appUnderFuzz() {
  let settings: Settings = DEFAULT_SETTINGS;
  const effects: unknown[] = [];
  const record =
    (what: string) =>
    async (...args: unknown[]): Promise<never> => {
      effects.push([what, args]);
      throw new Error(`${what} must not be reached by a malformed call`);
    };
  const real = buildHandlers(
    fakeServices({
      consoleUrls: { issueUrl: record('issueUrl') },
      openExternal: record('openExternal'),
      saveFile: record('saveFile'),
      copyImage: record('copyImage'),
      openConsoleWindow: record('openConsoleWindow'),
      settings: {
        get: () => settings,
        update: async (patch) => (settings = { ...settings, ...patch }),
      },
      log: (r) => void effects.push(['log', r]),
    }),
  );
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      (input: unknown) => (calls.push(c), (real[c] as (i: unknown) => unknown)(input)),
    ]),
  ) as unknown as HandlerTable;
  const internal: InternalErrorRecord[] = [];
  const state = () =>
    JSON.stringify({ settings, effects, internal, protoKeys: Object.getOwnPropertyNames(Object.prototype) });
  return { handlers, calls, internal, state };
}

/** Leaf paths of a plain value, e.g. [['ref', 'region'], ['event']]. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return prefix.length > 0 ? [prefix] : [];
  return Object.entries(value).flatMap(([k, v]) => [...leafPaths(v, [...prefix, k]), [...prefix, k]]);
}

/** Sets (or with `undefined`, deletes) a path in a deep copy; an own `__proto__` key stays a key. */
function withPath(value: unknown, path: string[], replacement: unknown, remove = false): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (remove) delete at[last];
  else
    Object.defineProperty(at, last, {
      value: replacement,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

const oddKeys = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'then', ''),
  fc.string({ maxLength: 40 }),
  fc.constant('K'.repeat(100_000)),
);

/** A payload derived from the channel's valid one that the schema must refuse. */
function malformed(valid: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(valid);
  const value = fc.oneof({ weight: 4, arbitrary: junk }, { weight: 1, arbitrary: oversized });
  const choices: fc.Arbitrary<unknown>[] = [
    value,
    fc.tuple(oddKeys, value).map(([k, v]) => withPath(valid ?? {}, [k], v)),
    fc.constant([valid]),
    fc.constant(JSON.stringify(valid ?? null)),
  ];
  if (paths.length > 0) {
    const path = fc.constantFrom(...paths);
    choices.push(
      fc.tuple(path, value).map(([p, v]) => withPath(valid, p, v)),
      path.map((p) => withPath(valid, p, undefined, true)),
      fc.tuple(path, oddKeys, value).map(([p, k, v]) => withPath(valid, [...p.slice(0, -1), k], v)),
    );
  }
  return fc.oneof(...choices);
}

/** A refusal as the renderer must get it: a valid envelope, short, printable, of a known code. */
function expectBoundedRefusal(result: IpcResult<unknown>, code: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(errorEnvelopeSchema.strict().parse(result.error)).toEqual(result.error);
  expect(result.error).toMatchObject({ kind: 'invalid-input', code });
  expect(result.error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  // eslint-disable-next-line no-control-regex
  expect(result.error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  expect(JSON.stringify(result).length).toBeLessThan(2 * MAX_MESSAGE_CHARS + 200);
}

describe('IPC fuzz: every channel through the real dispatcher', () => {
  it('has a valid example for every channel, and each is accepted by its schema', () => {
    expect(CHANNELS.filter((c) => !(c in VALID))).toEqual([]);
    for (const c of CHANNELS) expect(contract[c].input.safeParse(VALID[c]).success, c).toBe(true);
  });

  it.each(CHANNELS)(
    '%s: malformed and oversized arguments get a bounded invalid-input envelope and change nothing',
    async (channel) => {
      const app = appUnderFuzz();
      const before = app.state();
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(malformed(VALID[channel]), async (input) => {
          fc.pre(!contract[channel].input.safeParse(input).success);
          tried++;
          const result = await dispatch(app.handlers, channel, input, (r) => void app.internal.push(r));
          expectBoundedRefusal(result, 'InvalidArgument');
          expect(app.calls).toEqual([]);
          expect(app.state()).toBe(before);
        }),
        fuzzParams(120),
      );
      expect(tried).toBeGreaterThan(50);
    },
    fuzzTimeout(60_000),
  );

  it(
    'refuses every name that is not a channel, whatever the argument',
    async () => {
      const app = appUnderFuzz();
      const before = app.state();
      const names = fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom(
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          'app:info ',
          'APP:INFO',
          'app:',
        ),
        fc.constantFrom(...CHANNELS).map((c) => `${c}\u0000`),
        fc.constant('c'.repeat(1 << 20)),
        junk,
      );
      await fc.assert(
        fc.asyncProperty(names, junk, async (name, input) => {
          fc.pre(!(CHANNELS as unknown[]).includes(name));
          const result = await dispatch(app.handlers, name, input, (r) => void app.internal.push(r));
          expectBoundedRefusal(result, 'UnknownChannel');
          expect(app.calls).toEqual([]);
          expect(app.state()).toBe(before);
        }),
        fuzzParams(300),
      );
    },
    fuzzTimeout(60_000),
  );
});
