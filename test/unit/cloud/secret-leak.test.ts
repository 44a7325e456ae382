// Runs the client through every scenario of the other suites — success, each retry path, each
// error kind, hostile servers that echo secrets back — with recognisable secrets, then greps
// everything observable (console output, thrown errors with all their properties, stacks,
// envelopes, results) for them.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, it, expect, vi } from 'vitest';
import { createCvmClient, RateLimiterRegistry } from '../../../src-main/cloud/index';
// The envelope every error becomes on its way to the window (src-main/ipc/dispatch.ts).
import { toErrorEnvelope as toEnvelope } from '../../../src-main/ipc/errors';
import type { CvmClient, CvmClientOptions } from '../../../src-main/cloud/index';
import { apiErr, apiOk, fakeFetch } from './helpers/fake-fetch';
import type { RecordedRequest, Reply } from './helpers/fake-fetch';
import { startSignedApiServer } from './helpers/signed-api-server';
import type { SignedApiServer } from './helpers/signed-api-server';

const SECRET_KEY = 'CANARYsecretKEY0x5eC7e7';
const TOKEN = 'CANARYstsTOKEN0x70Ken';
const VNC_TOKEN = 'CANARYvncTOKEN0xVnc';
const SECRET_ID = 'AKIDcanary0000000001';
const CANARIES = [SECRET_KEY, TOKEN, VNC_TOKEN];
const CREDS = { secretId: SECRET_ID, secretKey: SECRET_KEY, token: TOKEN };
const ID = 'ins-r9hr2upy';
const R = 'ap-guangzhou';
const SERVER_DATE = new Date(Date.now() + 3_600_000).toUTCString();

const captured: string[] = [];
const consoleSpies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
  vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
    captured.push(args.map((a) => inspect(a, { depth: 10 })).join(' '));
  }),
);

/** Everything one can learn from a thrown value. */
function dump(err: unknown): string {
  const parts = [String(err), inspect(err, { showHidden: true, depth: 10 }), JSON.stringify(toEnvelope(err))];
  if (err && typeof err === 'object') {
    const all: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(err)) all[key] = (err as Record<string, unknown>)[key];
    parts.push(JSON.stringify(all), String((err as Error).stack), String((err as Error).message));
  }
  return parts.join('\n');
}

const echo = `secret=${SECRET_KEY} token=${TOKEN}`;

type Run = (c: CvmClient) => Promise<unknown>;
const vnc: Run = (c) => c.describeInstanceVncUrl({ region: R, instanceId: ID });
const describeAll: Run = (c) => c.listAllInstances({ region: R });
const start: Run = (c) => c.startInstances({ region: R, ids: [ID] });

// [name, reply script, action, extra options]
const FAKE_SCENARIOS: Array<
  [string, (req: RecordedRequest, n: number) => Reply, Run, Partial<CvmClientOptions>?]
> = [
  ['success', () => apiOk({ InstanceVncUrl: 'wss://gzvnc.qcloud.com/vnc?s=ok' }), vnc],
  ['auth failure echoing secrets', () => apiErr('AuthFailure.SignatureFailure', echo), vnc],
  ['token failure echoing secrets', () => apiErr('AuthFailure.TokenFailure', echo), start],
  ['unknown code echoing secrets', () => apiErr('FailedOperation.Weird', echo), start],
  ['throttled ×4', () => apiErr('RequestLimitExceeded', echo), start],
  ['internal error ×4', () => apiErr('InternalError', echo), vnc],
  ['clock skew twice', () => apiErr('AuthFailure.SignatureExpire', echo, 'r', { Date: SERVER_DATE }), start],
  ['clock skew without Date', () => apiErr('AuthFailure.SignatureExpire', echo), start],
  ['instance stopped', () => apiErr('UnsupportedOperation.InstanceStateStopped', echo), vnc],
  ['malformed JSON with secret', () => ({ text: `{"Response": "${SECRET_KEY}` }), vnc],
  ['wrong type with secret', () => apiOk({ InstanceVncUrl: { key: SECRET_KEY, token: TOKEN } }), vnc],
  ['HTTP 500 with secret', () => ({ status: 500, text: echo }), start],
  ['HTTP 404 with secret', () => ({ status: 404, text: echo }), vnc],
  ['network error mentioning secret', () => ({ networkError: `ECONNRESET ${SECRET_KEY}` }), vnc],
  ['network error code', () => ({ networkError: 'ECONNREFUSED' }), describeAll],
  ['timeout', () => ({ hang: true }), start, { timeoutMs: 5 }],
  [
    'console URL off the allowlist',
    () => apiOk({ InstanceVncUrl: `wss://evil.example/vnc?s=${VNC_TOKEN}` }),
    vnc,
  ],
  [
    'console URL over ws:',
    () => apiOk({ InstanceVncUrl: encodeURIComponent(`ws://gzvnc.qcloud.com/vnc?s=${VNC_TOKEN}`) }),
    vnc,
  ],
  [
    'console URL badly encoded',
    () => apiOk({ InstanceVncUrl: `wss%3A%2F%2Fgzvnc.qcloud.com%2Fvnc%3Fs%3D${VNC_TOKEN}%E0%A4%A` }),
    vnc,
  ],
  [
    'paging with a failing page',
    (req) =>
      req.json['Offset'] === 0 ? apiOk({ TotalCount: 300, InstanceSet: [] }) : apiErr('InternalError', echo),
    describeAll,
  ],
  ['regions fallback failing', () => apiErr('UnauthorizedOperation', echo), (c) => c.describeRegions()],
  [
    'everywhere with failures',
    () => apiErr('UnsupportedRegion', echo),
    async (c) => {
      const out = [];
      for await (const l of c.listInstancesEverywhere({ regions: [R, 'ap-seoul'] }))
        out.push(l.ok ? l : dump(l.error));
      return out;
    },
  ],
  [
    'credentials provider throws with the secret',
    () => apiOk({}),
    start,
    {
      credentials: async () => {
        throw new Error(`keychain said ${SECRET_KEY} ${TOKEN}`);
      },
    },
  ],
  [
    'credentials with a bad character',
    () => apiOk({}),
    start,
    {
      credentials: async () => ({ secretId: SECRET_ID, secretKey: `${SECRET_KEY}\n`, token: `${TOKEN} x` }),
    },
  ],
  ['invalid input', () => apiOk({}), (c) => c.stopInstances({ region: R, ids: ['ins-1122'] })],
];

const outcomes: string[] = [];

async function runScenario(client: CvmClient, run: Run) {
  try {
    outcomes.push(inspect(await run(client), { depth: 10 }));
  } catch (err) {
    outcomes.push(dump(err));
  }
}

describe('no secret leaks', () => {
  let server: SignedApiServer;
  beforeAll(async () => {
    let n = 0;
    server = await startSignedApiServer({ [SECRET_ID]: SECRET_KEY }, (req) => {
      n += 1;
      if (req.action === 'StartInstances')
        return { error: 'AuthFailure.UnauthorizedOperation', message: echo };
      if (req.action === 'StopInstances') return { raw: echo, status: 502 };
      if (req.action === 'RebootInstances')
        return n % 2 ? { error: 'RequestLimitExceeded', message: echo } : { fields: {} };
      return { fields: { InstanceVncUrl: encodeURIComponent(`ws://127.0.0.1:1/vnc?s=${VNC_TOKEN}`) } };
    });
  });
  afterAll(async () => {
    await server.close();
    consoleSpies.forEach((s) => s.mockRestore());
  });

  it.each(FAKE_SCENARIOS)('scenario: %s', async (_name, script, run, extra) => {
    let n = 0;
    const { fetch } = fakeFetch((req) => script(req, n++));
    const client = createCvmClient({
      credentials: async () => CREDS,
      fetch,
      endpoint: 'https://api.example.com',
      sleep: async () => {},
      rateLimiter: new RateLimiterRegistry({ clock: () => 0, sleep: async () => {} }),
      ...extra,
    });
    const before = outcomes.length;
    await runScenario(client, run);
    expect(outcomes).toHaveLength(before + 1);
    for (const canary of CANARIES) expect(outcomes.at(-1)).not.toContain(canary);
  });

  it('scenarios against the signed local server (real fetch, skewed clock)', async () => {
    server.skewMs = 3_600_000;
    const client = createCvmClient({
      credentials: async () => CREDS,
      endpoint: server.endpoint,
      sleep: async () => {},
      rateLimiter: new RateLimiterRegistry(),
    });
    await runScenario(client, (c) => c.startInstances({ region: R, ids: [ID] }));
    await runScenario(client, (c) => c.stopInstances({ region: R, ids: [ID] }));
    await runScenario(client, (c) => c.rebootInstances({ region: R, ids: [ID] }));
    expect(server.log.filter((l) => !l.verified)).toEqual([]);
    expect(server.log.length).toBeGreaterThanOrEqual(4);
  });

  it('nothing captured contains a SecretKey, STS token or console token', () => {
    // The run produced real material to search: errors from every scenario and their messages.
    expect(outcomes.length).toBe(FAKE_SCENARIOS.length + 3);
    const haystack = [...captured, ...outcomes].join('\n');
    expect(haystack).toContain('AuthFailure.SignatureFailure');
    expect(haystack).toContain('***'); // the echoed secrets were there, and were scrubbed
    for (const canary of CANARIES) {
      const at = haystack.indexOf(canary);
      expect(at, `found ${canary} near: ${haystack.slice(Math.max(0, at - 200), at + 50)}`).toBe(-1);
    }
  });

  it('the grep itself works: a leaked secret would be found', () => {
    expect(dump(new Error(`oops ${SECRET_KEY}`))).toContain(SECRET_KEY);
  });
});
