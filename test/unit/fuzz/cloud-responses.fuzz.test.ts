// The cloud client against generated responses: statuses, headers and bodies from plain junk to the
// right API shapes filled with wrong types, echoed secrets, lying counts and odd console URLs, sent
// whole, in pieces or broken off. Every call must settle, with a CloudError of a known kind and a
// bounded message, or with a result of the documented shape; no secret may appear in either.
// (test/unit/cloud/hostile-server.test.ts covers the hand-written misbehaviours over real sockets.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS } from '../../../src-main/contract';
import {
  CloudError,
  createCvmClient,
  RateLimiterRegistry,
  type CvmClient,
} from '../../../src-main/cloud/index';
import type { FetchLike, FetchResponseLike } from '../../../src-main/cloud/transport';
import { fuzzParams, fuzzTimeout, junk } from './fuzz-params';

const SECRET_KEY = 'FUZZsecretKEY0xC4n4ry16';
const TOKEN = 'FUZZstsTOKEN0xT0k3n16';
const CREDS = { secretId: 'AKIDfuzz0000000000001', secretKey: SECRET_KEY, token: TOKEN };
const R = 'ap-guangzhou';
const ID = 'ins-r9hr2upy';

const ACTIONS = {
  describeRegions: (c: CvmClient) => c.describeRegions(),
  describeInstances: (c: CvmClient) => c.describeInstances({ region: R }),
  listAllInstances: (c: CvmClient) => c.listAllInstances({ region: R }),
  describeInstanceVncUrl: (c: CvmClient) => c.describeInstanceVncUrl({ region: R, instanceId: ID }),
  startInstances: (c: CvmClient) => c.startInstances({ region: R, ids: [ID] }),
};
type ActionName = keyof typeof ACTIONS;

// ---- generated answers ----

const secretish = fc.oneof(
  fc.constantFrom(
    SECRET_KEY,
    TOKEN,
    `x-${SECRET_KEY}-y`,
    encodeURIComponent(TOKEN),
    `SecretKey=${SECRET_KEY}`,
  ),
  fc.string({ maxLength: 40 }).map((s) => `${s}${SECRET_KEY}`),
);
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  secretish,
  fc.constant('z'.repeat(70_000)),
);
/** Something in place of any field: the right type or not. */
const field = fc.oneof(text, junk, fc.integer(), fc.double(), fc.constant(null));
const uuid = fc.uuid();

/** Mostly the documented type (with hostile content), sometimes anything. */
const typed = <T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: field });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 });

const instance = fc.record(
  {
    InstanceId: typed(fc.oneof(fc.constant(ID), fc.stringMatching(/^ins-[a-z0-9]{8}$/), text)),
    InstanceName: maybe(typed(text)),
    InstanceState: maybe(typed(fc.oneof(fc.constantFrom('RUNNING', 'STOPPED', 'REBOOTING'), text))),
    OsName: maybe(typed(text)),
    Placement: maybe(typed(fc.record({ Zone: typed(text) }))),
    PrivateIpAddresses: maybe(typed(fc.array(text, { maxLength: 3 }))),
    PublicIpAddresses: maybe(typed(fc.array(fc.ipV4(), { maxLength: 2 }))),
    Tags: maybe(typed(fc.array(fc.record({ Key: typed(text), Value: typed(text) }), { maxLength: 3 }))),
    CPU: maybe(typed(fc.integer({ min: -1, max: 1 << 30 }))),
  },
  { requiredKeys: ['InstanceId'] },
);

const vncUrl = fc.oneof(
  fc.constantFrom(
    'wss%3A%2F%2Fgzvnc.qcloud.com%3A26789%2Fvnc%3Fs%3DAAAA%2B%2F%3D%26password%3D%26isWindows%3Dfalse',
    'wss://gzvnc.qcloud.com:26789/vnc?s=AAAA&password=hunter2&isWindows=true&isUbuntu=false',
    'wss%3A%2F%2Fevil.example.com%2Fvnc%3Fs%3DAAAA',
    'ws%3A%2F%2Fgzvnc.qcloud.com%2Fvnc%3Fs%3DAAAA',
    'javascript:alert(1)',
    '%E0%A4%A',
    'wss%253A%252F%252Fgzvnc.qcloud.com%252Fvnc',
  ),
  fc
    .tuple(fc.base64String({ minLength: 4, maxLength: 80 }), text, fc.boolean())
    .map(([token, password, windows]) =>
      encodeURIComponent(
        `wss://gzvnc.qcloud.com:26789/vnc?s=${token}&password=${encodeURIComponent(password)}&isWindows=${windows}`,
      ),
    ),
  fc.webUrl({ withQueryParameters: true }),
  text,
  junk,
);

const responseBody = (action: ActionName): fc.Arbitrary<unknown> => {
  const success =
    action === 'describeRegions'
      ? fc.record({
          TotalCount: maybe(typed(fc.nat())),
          RegionSet: typed(
            fc.array(
              fc.record({
                Region: typed(fc.oneof(fc.constantFrom(R, 'ap-shanghai', 'na-ashburn'), text)),
                RegionName: maybe(typed(text)),
                RegionState: maybe(typed(fc.constantFrom('AVAILABLE', 'UNAVAILABLE'))),
              }),
              { maxLength: 4 },
            ),
          ),
        })
      : action === 'describeInstanceVncUrl'
        ? fc.record({ InstanceVncUrl: vncUrl })
        : action === 'startInstances'
          ? fc.dictionary(fc.string({ maxLength: 10 }), field, { maxKeys: 3 })
          : fc.record({
              TotalCount: typed(fc.oneof(fc.nat({ max: 5 }), fc.constantFrom(-1, 10_000_000, 2 ** 53))),
              InstanceSet: typed(fc.array(instance, { maxLength: 5 })),
            });
  const error = fc.record(
    {
      Code: fc.oneof(
        fc.constantFrom(
          'AuthFailure.SignatureExpire',
          'AuthFailure.SecretIdNotFound',
          'RequestLimitExceeded',
          'InternalError',
          'UnsupportedOperation.InstanceStateStopped',
          'InvalidInstanceId.NotFound',
          'ResourceInsufficient',
        ),
        text,
        junk,
      ),
      Message: fc.oneof(text, junk),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(success, uuid)
        .map(([s, id]) => ({ Response: { ...(s as object), RequestId: id } })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(error, fc.oneof(uuid, field))
        .map(([e, id]) => ({ Response: { Error: e, RequestId: id } })),
    },
    { weight: 1, arbitrary: fc.record({ Response: field }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: junk },
  );
};

interface Answer {
  status: number;
  type?: string;
  headers: Record<string, string>;
  body: Uint8Array;
  chunk: number;
  breakAfterFirstChunk: boolean;
}

const bodyBytes = (action: ActionName): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 6, arbitrary: responseBody(action).map((b) => new TextEncoder().encode(safeStringify(b))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s)) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '['.repeat(100_000),
          `{"Response":{"RequestId":"${'a'.repeat(11 << 20)}"}}`,
          '{"Response":{"RequestId":"1","Error":{"Code":"\\u0041uthFailure","Message":"\\u0046UZZsecretKEY0xC4n4ry16"}}}',
        )
        .map((s) => new TextEncoder().encode(s)),
    },
  );

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null';
  } catch {
    return String(value);
  }
}

const answer = (action: ActionName): fc.Arbitrary<Answer> =>
  fc.record({
    status: fc.oneof(
      { weight: 6, arbitrary: fc.constant(200) },
      { weight: 1, arbitrary: fc.constantFrom(0, 204, 301, 302, 400, 403, 404, 429, 500, 502, 503, 599) },
    ),
    type: fc.option(fc.constantFrom('basic', 'opaqueredirect'), { nil: undefined }),
    headers: fc.record(
      {
        date: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          fc.constantFrom('yesterday', '', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT'),
        ),
        'content-type': fc.constantFrom('application/json', 'text/html', 'application/octet-stream'),
        'content-length': fc.constantFrom('0', '5', '99999999999', 'x'),
        location: fc.constantFrom('https://evil.example.com/', '/'),
        'retry-after': fc.constantFrom('1', '-5', '99999999', 'soon'),
      },
      { requiredKeys: [] },
    ),
    body: bodyBytes(action),
    chunk: fc.integer({ min: 1, max: 4096 }),
    breakAfterFirstChunk: fc.boolean(),
  });

function respond(a: Answer): FetchResponseLike {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= a.body.length) return controller.close();
      if (offset > 0 && a.breakAfterFirstChunk) return controller.error(new Error('connection reset'));
      controller.enqueue(a.body.slice(offset, offset + a.chunk * 64));
      offset += a.chunk * 64;
    },
  });
  return {
    status: a.status,
    ...(a.type ? { type: a.type } : {}),
    headers: { get: (name) => a.headers[name.toLowerCase()] ?? null },
    body,
  };
}

// ---- the checks ----

const sane = {
  string: (v: unknown) => typeof v === 'string',
  count: (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0,
};

function expectDocumentedShape(action: ActionName, value: unknown): void {
  const v = value as Record<string, unknown>;
  if (action === 'describeRegions') {
    expect(Array.isArray(value)).toBe(true);
    for (const r of value as { region: unknown }[]) expect(sane.string(r.region)).toBe(true);
  } else if (action === 'describeInstanceVncUrl') {
    const url = new URL(v['url'] as string);
    // Without a configured endpoint only Tencent's console gateways over wss are allowed.
    expect(url.protocol).toBe('wss:');
    expect(url.hostname).toMatch(/\.qcloud\.com$|\.tencentcloud\.com$|\.tencentcloudapi\.com$/);
  } else if (action === 'startInstances') {
    expect(sane.string(v['requestId'])).toBe(true);
  } else {
    expect(sane.count(v['totalCount'])).toBe(true);
    for (const i of v['instances'] as Record<string, unknown>[]) {
      for (const k of ['instanceId', 'name', 'state', 'region', 'zone', 'osName', 'type'])
        expect(sane.string(i[k]), k).toBe(true);
      for (const k of ['privateIps', 'publicIps'])
        expect((i[k] as unknown[]).every((ip) => typeof ip === 'string')).toBe(true);
    }
  }
}

function expectNoSecret(what: unknown): void {
  const seen = safeStringify(what) + (what instanceof Error ? `${what.message}${what.stack ?? ''}` : '');
  expect(seen).not.toContain(SECRET_KEY);
  expect(seen).not.toContain(TOKEN);
}

describe('cloud client fuzz: generated responses', () => {
  it.each(Object.keys(ACTIONS) as ActionName[])(
    '%s settles with a bounded CloudError or a documented result, never leaking a secret',
    async (action) => {
      const seen = { results: 0, errors: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(answer(action), { minLength: 1, maxLength: 6 }), async (answers) => {
          let n = 0;
          const fetch: FetchLike = async () => respond(answers[n++ % answers.length]!);
          const client = createCvmClient({
            credentials: async () => CREDS,
            fetch,
            sleep: async () => {},
            random: () => 0.5,
            timeoutMs: 2000,
            rateLimiter: new RateLimiterRegistry({ clock: () => 0, sleep: async () => {} }),
          });
          const outcome = await Promise.race([
            ACTIONS[action](client).then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            ),
            new Promise<{ hung: true }>((r) => setTimeout(() => r({ hung: true }), 10_000)),
          ]);
          expect(outcome).not.toHaveProperty('hung');
          if ('error' in outcome) {
            seen.errors++;
            const e = outcome.error;
            expect(e).toBeInstanceOf(CloudError);
            const err = e as CloudError;
            expect(ERROR_KINDS).toContain(err.kind);
            expect(err.code.length).toBeLessThanOrEqual(100);
            expect(err.message.length).toBeLessThanOrEqual(1000);
            expectNoSecret(err);
          } else if ('value' in outcome) {
            seen.results++;
            expectDocumentedShape(action, outcome.value);
            expectNoSecret(outcome.value);
          }
          // A lying TotalCount must not make the client page forever.
          expect(n).toBeLessThanOrEqual(1000 * 4 + 8);
        }),
        fuzzParams(60),
      );
      // The generators reach both ends: answers the client takes and answers it refuses.
      expect(seen.results, 'results').toBeGreaterThan(0);
      expect(seen.errors, 'errors').toBeGreaterThan(0);
    },
    fuzzTimeout(90_000),
  );
});
