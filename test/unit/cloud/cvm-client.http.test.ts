// The client against a real local HTTP server (global fetch, real sockets) that verifies every
// request's signature with the official SDK signer and serves paging, throttling, clock-skew
// and malformed-response scenarios.
import { afterAll, beforeAll, beforeEach, describe, it, expect } from 'vitest';
import { createCvmClient, RateLimiterRegistry } from '../../../src-main/cloud/index';
import type { CvmClient, RegionListing } from '../../../src-main/cloud/index';
import { CloudError } from '../../../src-main/cloud/errors';
import { startSignedApiServer } from './helpers/signed-api-server';
import type { ApiAnswer, ApiRequest, SignedApiServer } from './helpers/signed-api-server';

const KEYS = { AKIDintegration0001: 'integrationSecretKey0123456789ab' };
const CREDS = {
  secretId: 'AKIDintegration0001',
  secretKey: 'integrationSecretKey0123456789ab',
  token: 'sts-tok-1',
};
const FLEET = Array.from({ length: 250 }, (_, i) => ({
  InstanceId: `ins-${i.toString(36).padStart(8, '0')}`,
  InstanceName: `web-${i}`,
  InstanceState: i % 10 === 0 ? 'STOPPED' : 'RUNNING',
  PublicIpAddresses: i % 2 ? null : [`203.0.113.${i % 250}`],
}));

let server: SignedApiServer;
let scenario: (req: ApiRequest) => ApiAnswer | undefined = () => undefined;
const seen: ApiRequest[] = [];
let sleeps: number[] = [];

function defaultAnswer(req: ApiRequest): ApiAnswer {
  switch (req.action) {
    case 'DescribeRegions':
      return {
        fields: {
          TotalCount: 3,
          RegionSet: ['ap-guangzhou', 'ap-seoul', 'ap-tokyo'].map((Region) => ({
            Region,
            RegionName: Region,
            RegionState: 'AVAILABLE',
          })),
        },
      };
    case 'DescribeInstances': {
      const offset = Number(req.params['Offset'] ?? 0);
      const limit = Number(req.params['Limit'] ?? 20);
      const fleet = req.region === 'ap-guangzhou' ? FLEET : FLEET.slice(0, 3);
      return { fields: { TotalCount: fleet.length, InstanceSet: fleet.slice(offset, offset + limit) } };
    }
    case 'DescribeInstanceVncUrl':
      return {
        fields: {
          // The demo cloud's shape: the gateway on the API endpoint's own port.
          InstanceVncUrl: encodeURIComponent(
            `ws://127.0.0.1:${new URL(server.endpoint).port}/vnc?s=tok+en/=&password=pw&isWindows=true`,
          ),
        },
      };
    default:
      return { fields: {} };
  }
}

beforeAll(async () => {
  server = await startSignedApiServer(KEYS, (req) => {
    seen.push(req);
    return scenario(req) ?? defaultAnswer(req);
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  scenario = () => undefined;
  seen.length = 0;
  server.log.length = 0;
  server.skewMs = 0;
  sleeps = [];
});

function client(extra: { timeoutMs?: number } = {}): CvmClient {
  return createCvmClient({
    credentials: async () => CREDS,
    endpoint: server.endpoint,
    sleep: async (ms) => void sleeps.push(ms),
    rateLimiter: new RateLimiterRegistry(),
    language: 'en-US',
    ...extra,
  });
}

function allVerified() {
  expect(server.log.length).toBeGreaterThan(0);
  expect(server.log.filter((l) => !l.verified)).toEqual([]);
}

async function caught(p: Promise<unknown>): Promise<CloudError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudError);
  return err as CloudError;
}

describe('CVM client over HTTP, every request verified by the SDK signer', () => {
  it('gets a console URL, sending the token, region and language', async () => {
    const url = await client().describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-r9hr2upy' });
    expect(url.url).toBe(
      `ws://127.0.0.1:${new URL(server.endpoint).port}/vnc?s=tok+en/=&password=pw&isWindows=true`,
    );
    expect(url.hints).toEqual({ password: 'pw', isWindows: true });
    expect(seen[0]).toMatchObject({
      action: 'DescribeInstanceVncUrl',
      version: '2017-03-12',
      region: 'ap-guangzhou',
      service: 'cvm',
      token: 'sts-tok-1',
      params: { InstanceId: 'ins-r9hr2upy' },
    });
    expect(seen[0]?.headers['x-tc-language']).toBe('en-US');
    allVerified();
  });

  it('signs UTF-8 bodies (CJK, emoji) exactly as sent', async () => {
    await client().describeInstances({
      region: 'ap-guangzhou',
      filters: [{ name: 'instance-name', values: ['未命名', '服务器 🚀'] }],
    });
    expect(seen[0]?.params['Filters']).toEqual([{ Name: 'instance-name', Values: ['未命名', '服务器 🚀'] }]);
    allVerified();
  });

  it('pages through 250 instances: page 1, then pages 2 and 3', async () => {
    const result = await client().listAllInstances({ region: 'ap-guangzhou' });
    expect(result.totalCount).toBe(250);
    expect(result.instances.map((i) => i.instanceId)).toEqual(FLEET.map((i) => i.InstanceId));
    expect(result.instances[1]?.publicIps).toEqual([]);
    expect(result.instances[10]?.state).toBe('STOPPED');
    expect(seen.map((r) => r.params['Offset'])).toEqual([0, 100, 200]);
    allVerified();
  });

  it('lists every region (from the region service) as each completes', async () => {
    const listings: RegionListing[] = [];
    for await (const l of client().listInstancesEverywhere()) listings.push(l);
    expect(listings.map((l) => l.region).sort()).toEqual(['ap-guangzhou', 'ap-seoul', 'ap-tokyo']);
    expect(listings.every((l) => l.ok)).toBe(true);
    expect(seen[0]).toMatchObject({ action: 'DescribeRegions', service: 'region', version: '2022-06-27' });
    allVerified();
  });

  it('retries throttling with backoff until the server lets it through', async () => {
    let throttled = 0;
    scenario = (req) =>
      req.action === 'StartInstances' && throttled++ < 2
        ? { error: 'RequestLimitExceeded', message: 'too many requests' }
        : undefined;
    const res = await client().startInstances({ region: 'ap-guangzhou', ids: ['ins-r9hr2upy'] });
    expect(res.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(server.log.map((l) => l.action)).toEqual(['StartInstances', 'StartInstances', 'StartInstances']);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]! / 2);
    allVerified();
  });

  it('corrects for a server clock an hour ahead using its Date header, and retries once', async () => {
    server.skewMs = 3_600_000;
    const c = client();
    await c.startInstances({ region: 'ap-guangzhou', ids: ['ins-r9hr2upy'] });
    expect(server.log.map((l) => l.why)).toEqual(['expired', undefined]);
    expect(Math.abs(c.clockOffsetMs() - 3_600_000)).toBeLessThan(2_000);
    // Remembered: the next call is accepted first time.
    await c.rebootInstances({ region: 'ap-guangzhou', ids: ['ins-r9hr2upy'] });
    expect(server.log).toHaveLength(3);
    allVerified();
  });

  it.each<[string, ApiAnswer, string]>([
    ['truncated JSON', { raw: '{"Response": {"TotalCount": 1, "Inst' }, 'MalformedResponse'],
    [
      'an HTML error page',
      { raw: '<h1>bad gateway</h1>', status: 502, contentType: 'text/html' },
      'HttpStatus.502',
    ],
    ['a wrongly typed field', { fields: { TotalCount: '1', InstanceSet: [] } }, 'MalformedResponse'],
    [
      'an instance without an ID',
      { fields: { TotalCount: 1, InstanceSet: [{ InstanceName: 'x' }] } },
      'MalformedResponse',
    ],
  ])('turns %s into a clear server error', async (_name, answer, code) => {
    scenario = () => answer;
    const err = await caught(client().describeInstances({ region: 'ap-guangzhou' }));
    expect(err.kind).toBe('server');
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/Tencent Cloud/);
    allVerified();
  });

  it('times out a server that never answers, and retries a Describe*', async () => {
    scenario = () => ({ hang: true });
    const err = await caught(client({ timeoutMs: 50 }).describeInstances({ region: 'ap-guangzhou' }));
    expect(err).toMatchObject({ kind: 'network', code: 'RequestTimeout' });
    expect(server.log).toHaveLength(4);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startSignedApiServer(KEYS, () => ({ fields: {} }));
    const endpoint = closed.endpoint;
    await closed.close();
    const c = createCvmClient({
      credentials: async () => CREDS,
      endpoint,
      sleep: async () => {},
      rateLimiter: new RateLimiterRegistry(),
    });
    const err = await caught(c.stopInstances({ region: 'ap-guangzhou', ids: ['ins-r9hr2upy'] }));
    expect(err).toMatchObject({ kind: 'network', code: 'NetworkError' });
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('a wrong SecretKey is caught by the server-side SDK check (the test server can fail)', async () => {
    const c = createCvmClient({
      credentials: async () => ({ secretId: CREDS.secretId, secretKey: 'wrong-key-0000000000' }),
      endpoint: server.endpoint,
      rateLimiter: new RateLimiterRegistry(),
    });
    const err = await caught(
      c.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-r9hr2upy' }),
    );
    expect(err).toMatchObject({ kind: 'auth', code: 'AuthFailure.SignatureFailure' });
    expect(server.log).toEqual([
      { verified: false, action: 'DescribeInstanceVncUrl', why: 'signature mismatch' },
    ]);
  });
});
