import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import { createCvmClient } from '../../../src-main/cloud/index';
import type { CvmClientOptions, FetchLike, RegionListing } from '../../../src-main/cloud/index';
import { CloudError } from '../../../src-main/cloud/errors';
import { RateLimiterRegistry } from '../../../src-main/cloud/rate-limiter';
import { signTc3 } from '../../../src-main/cloud/signer';
import { sdkAuthorization } from './helpers/sdk-signer';
import { apiErr, apiOk, fakeFetch, rid } from './helpers/fake-fetch';
import type { RecordedRequest, Reply } from './helpers/fake-fetch';

const NOW = 1_700_000_000_000;
const CREDS = { secretId: 'AKIDtestSecretId0001', secretKey: 'testSecretKey0123456789abcdef' };
const ID = 'ins-r9hr2upy';
const ID2 = 'ins-abcdef12';

function setup(
  handler: (req: RecordedRequest) => Reply | Promise<Reply>,
  options: Partial<CvmClientOptions> = {},
) {
  const { fetch, requests } = fakeFetch(handler);
  const sleeps: number[] = [];
  const limiterWaits: number[] = [];
  let clock = NOW;
  const client = createCvmClient({
    credentials: async () => CREDS,
    fetch,
    now: () => clock,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    rateLimiter: new RateLimiterRegistry({ clock: () => 0, sleep: async (ms) => void limiterWaits.push(ms) }),
    ...options,
  });
  return { client, requests, sleeps, limiterWaits, setClock: (ms: number) => (clock = ms) };
}

async function caught(p: Promise<unknown>): Promise<CloudError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CloudError);
    return err as CloudError;
  }
  throw new Error('expected the call to fail');
}

function rawInstance(id: string, extra: Record<string, unknown> = {}) {
  return { InstanceId: id, InstanceName: `name-${id}`, InstanceState: 'RUNNING', ...extra };
}

const vncOk = () =>
  apiOk({
    InstanceVncUrl: encodeURIComponent('wss://gzvnc.qcloud.com:26789/vnc?s=ab+c/d==&isWindows=false'),
  });

beforeEach(() => {
  vi.stubEnv('CVM_CONSOLE_API_ENDPOINT', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('requests', () => {
  it('POSTs JSON with the documented headers, signing exactly the bytes sent', async () => {
    const { client, requests } = setup(() => vncOk(), { language: 'en-US' });
    await client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID });
    const [req] = requests;
    expect(req?.url).toBe('https://cvm.tencentcloudapi.com/');
    expect(req?.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-tc-action': 'DescribeInstanceVncUrl',
      'x-tc-version': '2017-03-12',
      'x-tc-timestamp': String(NOW / 1000),
      'x-tc-region': 'ap-guangzhou',
      'x-tc-language': 'en-US',
    });
    expect(req?.headers['x-tc-token']).toBeUndefined();
    expect(req?.json).toEqual({ InstanceId: ID });
    // Recompute the signature over the received bytes, ours and the SDK's.
    const expected = signTc3({
      method: 'POST',
      host: 'cvm.tencentcloudapi.com',
      headers: { 'content-type': req!.headers['content-type']!, host: 'cvm.tencentcloudapi.com' },
      body: req!.bodyBytes,
      timestamp: NOW / 1000,
      service: 'cvm',
      ...CREDS,
    });
    expect(req?.headers['authorization']).toBe(expected.authorization);
    expect(req?.headers['authorization']).toBe(
      sdkAuthorization({
        url: req!.url,
        contentType: req!.headers['content-type']!,
        body: Buffer.from(req!.bodyBytes),
        timestamp: NOW / 1000,
        service: 'cvm',
        ...CREDS,
      }),
    );
  });

  it('sends X-TC-Token only with temporary credentials', async () => {
    const { client, requests } = setup(() => vncOk(), {
      credentials: async () => ({ ...CREDS, token: 'sts-token-value' }),
    });
    await client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID });
    expect(requests[0]?.headers['x-tc-token']).toBe('sts-token-value');
  });

  it('uses the intl host, regional hosts for finance regions, and the endpoint when configured', async () => {
    const intl = setup(() => vncOk(), { site: 'intl' });
    await intl.client.describeInstanceVncUrl({ region: 'ap-singapore', instanceId: ID });
    expect(intl.requests[0]?.url).toBe('https://cvm.intl.tencentcloudapi.com/');

    const fsi = setup(() => vncOk());
    await fsi.client.describeInstanceVncUrl({ region: 'ap-shenzhen-fsi', instanceId: ID });
    expect(fsi.requests[0]?.url).toBe('https://cvm.ap-shenzhen-fsi.tencentcloudapi.com/');

    const local = setup(() => vncOk(), { endpoint: 'http://127.0.0.1:4567' });
    await local.client.describeInstanceVncUrl({ region: 'ap-shenzhen-fsi', instanceId: ID });
    expect(local.requests[0]?.url).toBe('http://127.0.0.1:4567/');
    expect(local.client.endpoint).toBe('http://127.0.0.1:4567');
  });

  it('takes the endpoint from CVM_CONSOLE_API_ENDPOINT when none is given', async () => {
    vi.stubEnv('CVM_CONSOLE_API_ENDPOINT', 'http://127.0.0.1:9999');
    const { client, requests } = setup(() => vncOk());
    await client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID });
    expect(requests[0]?.url).toBe('http://127.0.0.1:9999/');
    expect(client.consoleHosts.loopbackPorts).toEqual([9999]);
  });

  it('refuses a bad endpoint or site up front', () => {
    expect(() => createCvmClient({ credentials: async () => CREDS, endpoint: 'http://10.0.0.1' })).toThrow(
      /loopback/,
    );
    expect(() =>
      createCvmClient({ credentials: async () => CREDS, site: 'mars' as unknown as 'china' }),
    ).toThrow(CloudError);
  });

  it('passes every call through the rate limiter, keyed by SecretId and action', async () => {
    const { client, limiterWaits } = setup(() => vncOk());
    await Promise.all(
      Array.from({ length: 12 }, () =>
        client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }),
      ),
    );
    // 10/s with a burst of 9: the 10th, 11th and 12th wait 100, 200 and 300 ms.
    expect(limiterWaits).toEqual([100, 200, 300]);
  });

  it('shares the process-wide limiter between clients by default', async () => {
    const { sharedRateLimiter } = await import('../../../src-main/cloud/rate-limiter');
    const spy = vi.spyOn(sharedRateLimiter, 'acquire').mockResolvedValue();
    const a = setup(() => vncOk(), { rateLimiter: undefined });
    const b = setup(() => vncOk(), { rateLimiter: undefined });
    await a.client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID });
    await b.client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID });
    expect(spy.mock.calls).toEqual([
      [CREDS.secretId, 'cvm', 'DescribeInstanceVncUrl'],
      [CREDS.secretId, 'cvm', 'DescribeInstanceVncUrl'],
    ]);
    spy.mockRestore();
  });
});

describe('input validation happens before any network call', () => {
  const cases: Array<[string, (c: ReturnType<typeof setup>['client']) => Promise<unknown>, string]> = [
    [
      'malformed instance ID',
      (c) => c.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-1122' }),
      'InvalidInput.InstanceId',
    ],
    [
      'bad region',
      (c) => c.describeInstanceVncUrl({ region: 'evil.com/x', instanceId: ID }),
      'InvalidInput.Region',
    ],
    [
      'ids and filters together',
      (c) =>
        c.describeInstances({
          region: 'ap-guangzhou',
          ids: [ID],
          filters: [{ name: 'zone', values: ['x'] }],
        }),
      'InvalidInput.IdsAndFilters',
    ],
    [
      '101 ids',
      (c) =>
        c.describeInstances({
          region: 'ap-guangzhou',
          ids: Array.from({ length: 101 }, (_, i) => `ins-${String(i).padStart(8, '0')}`),
        }),
      'InvalidInput.InstanceIds',
    ],
    [
      '11 filters',
      (c) =>
        c.describeInstances({
          region: 'ap-guangzhou',
          filters: Array.from({ length: 11 }, () => ({ name: 'zone', values: ['a'] })),
        }),
      'InvalidInput.Filters',
    ],
    [
      '6 filter values',
      (c) =>
        c.describeInstances({
          region: 'ap-guangzhou',
          filters: [{ name: 'zone', values: ['1', '2', '3', '4', '5', '6'] }],
        }),
      'InvalidInput.Filters',
    ],
    ['limit 101', (c) => c.describeInstances({ region: 'ap-guangzhou', limit: 101 }), 'InvalidInput.Paging'],
    [
      'negative offset',
      (c) => c.describeInstances({ region: 'ap-guangzhou', offset: -1 }),
      'InvalidInput.Paging',
    ],
    [
      'no ids to start',
      (c) => c.startInstances({ region: 'ap-guangzhou', ids: [] }),
      'InvalidInput.InstanceIds',
    ],
    [
      'bad id to stop',
      (c) => c.stopInstances({ region: 'ap-guangzhou', ids: [ID, 'i-x'] }),
      'InvalidInput.InstanceId',
    ],
    [
      'bad stop type',
      (c) => c.rebootInstances({ region: 'ap-guangzhou', ids: [ID], stopType: 'NOW' as 'SOFT' }),
      'InvalidInput.StopType',
    ],
    [
      'bad stopped mode',
      (c) => c.stopInstances({ region: 'ap-guangzhou', ids: [ID], stoppedMode: 'FREE' as 'STOP_CHARGING' }),
      'InvalidInput.StoppedMode',
    ],
  ];
  it.each(cases)('%s', async (_name, run, code) => {
    const { client, requests } = setup(() => apiOk({}));
    const err = await caught(run(client));
    expect(err.kind).toBe('invalid-input');
    expect(err.code).toBe(code);
    expect(requests).toHaveLength(0);
  });

  it('reports unusable credentials as auth errors without calling out', async () => {
    const broken = setup(() => apiOk({}), {
      credentials: async () => {
        throw new Error('keychain locked');
      },
    });
    const e1 = await caught(broken.client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect([e1.kind, e1.code]).toEqual(['auth', 'CredentialsUnavailable']);
    const bad = setup(() => apiOk({}), { credentials: async () => ({ secretId: 'AKID x', secretKey: 'k' }) });
    const e2 = await caught(bad.client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect([e2.kind, e2.code]).toEqual(['auth', 'CredentialsInvalid']);
    const badToken = setup(() => apiOk({}), { credentials: async () => ({ ...CREDS, token: 'a\nb' }) });
    expect((await caught(badToken.client.startInstances({ region: 'ap-guangzhou', ids: [ID] }))).code).toBe(
      'CredentialsInvalid',
    );
    expect(broken.requests.length + bad.requests.length + badToken.requests.length).toBe(0);
  });
});

describe('retries', () => {
  it('retries RequestLimitExceeded* with exponential backoff and jitter, then succeeds', async () => {
    let n = 0;
    const { client, requests, sleeps } = setup(() =>
      ++n <= 2
        ? apiErr(n === 1 ? 'RequestLimitExceeded' : 'RequestLimitExceeded.UinLimitExceeded')
        : apiOk({}),
    );
    await client.startInstances({ region: 'ap-guangzhou', ids: [ID] });
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([375, 750]); // 500·2^(n-1)·(0.5 + 0.5·random), random = 0.5
  });

  it('gives up after 3 throttled retries with kind throttled and a retryAfterMs hint', async () => {
    const { client, requests, sleeps } = setup(() => apiErr('RequestLimitExceeded', 'slow down', rid('t')));
    const err = await caught(client.describeInstances({ region: 'ap-guangzhou' }));
    expect(requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    expect(err).toMatchObject({
      kind: 'throttled',
      code: 'RequestLimitExceeded',
      requestId: rid('t'),
      retryAfterMs: 1000,
    });
  });

  it('retries network errors, timeouts and 5xx on Describe* calls', async () => {
    const replies: Reply[] = [
      { networkError: 'ECONNRESET' },
      { hang: true },
      { status: 502, text: '<html>bad gateway</html>' },
      apiOk({ TotalCount: 0, InstanceSet: [] }),
    ];
    const { client, requests, sleeps } = setup(() => replies.shift()!, { timeoutMs: 20 });
    const page = await client.describeInstances({ region: 'ap-guangzhou' });
    expect(page.totalCount).toBe(0);
    expect(requests).toHaveLength(4);
    expect(sleeps).toEqual([375, 750, 1500]);
    expect(requests[1]?.signal.aborted).toBe(true);
  });

  it('retries InternalError on Describe* but gives up after 3 retries with kind server', async () => {
    const { client, requests } = setup(() => apiErr('InternalError', 'boom', rid('ie')));
    const err = await caught(client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(requests).toHaveLength(4);
    expect(err).toMatchObject({ kind: 'server', code: 'InternalError', requestId: rid('ie') });
    expect(err.retryAfterMs).toBeUndefined();
  });

  it.each(['startInstances', 'stopInstances', 'rebootInstances'] as const)(
    'never retries %s after a network error, timeout or 5xx (it may have run)',
    async (method) => {
      for (const reply of [
        { networkError: 'ECONNRESET' },
        { hang: true as const },
        { status: 503, text: 'x' },
      ]) {
        const { client, requests, sleeps } = setup(() => reply, { timeoutMs: 10 });
        const err = await caught(client[method]({ region: 'ap-guangzhou', ids: [ID] }));
        expect(requests).toHaveLength(1);
        expect(sleeps).toHaveLength(0);
        expect(['network', 'server']).toContain(err.kind);
      }
    },
  );

  it('names timeouts and network failures without leaking their messages', async () => {
    const t = setup(() => ({ hang: true }), { timeoutMs: 5 });
    const timeout = await caught(t.client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(timeout).toMatchObject({ kind: 'network', code: 'RequestTimeout' });
    const n = setup(() => ({ networkError: 'ENOTFOUND' }));
    const net = await caught(n.client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(net).toMatchObject({ kind: 'network', code: 'NetworkError' });
    expect(net.message).toContain('cvm.tencentcloudapi.com (ENOTFOUND)');
  });

  it('does not retry errors that will not change', async () => {
    const { client, requests } = setup(() =>
      apiErr('UnsupportedOperation.InstanceStateStopped', 'stopped', rid('s')),
    );
    const err = await caught(client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(requests).toHaveLength(1);
    expect(err).toMatchObject({ kind: 'instance-stopped', requestId: rid('s') });
  });
});

describe('clock skew', () => {
  const serverMs = NOW + 3_600_000; // the server is an hour ahead
  const serverDate = new Date(serverMs).toUTCString();

  it('takes the server time from the Date header, remembers the offset and retries once', async () => {
    const { client, requests } = setup((req) =>
      Math.abs(Number(req.headers['x-tc-timestamp']) * 1000 - serverMs) > 300_000
        ? apiErr('AuthFailure.SignatureExpire', 'expired', rid('c'), { Date: serverDate })
        : vncOk(),
    );
    await client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID });
    expect(requests).toHaveLength(2);
    expect(Number(requests[1]?.headers['x-tc-timestamp'])).toBe(serverMs / 1000);
    expect(client.clockOffsetMs()).toBe(3_600_000);
    // The next call uses the corrected clock straight away.
    await client.startInstances({ region: 'ap-guangzhou', ids: [ID] });
    expect(requests).toHaveLength(3);
    expect(Number(requests[2]?.headers['x-tc-timestamp'])).toBe(serverMs / 1000);
  });

  it('fails with kind clock when the retry is rejected too, or there is no Date header', async () => {
    const twice = setup(() =>
      apiErr('AuthFailure.SignatureExpire', 'expired', rid('c'), { Date: serverDate }),
    );
    const e1 = await caught(twice.client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(twice.requests).toHaveLength(2);
    expect(e1).toMatchObject({ kind: 'clock', code: 'AuthFailure.SignatureExpire', requestId: rid('c') });

    const noDate = setup(() => apiErr('AuthFailure.SignatureExpire'));
    const e2 = await caught(noDate.client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(noDate.requests).toHaveLength(1);
    expect(e2.kind).toBe('clock');
  });
});

describe('responses are parsed with a schema', () => {
  it.each<[string, Reply, string, RegExp]>([
    ['not JSON', { text: '<html>oops</html>' }, 'MalformedResponse', /not JSON/],
    ['empty body', { text: '' }, 'MalformedResponse', /not JSON/],
    ['no Response', { json: { Foo: 1 } }, 'MalformedResponse', /Response/],
    ['no RequestId', { json: { Response: { InstanceVncUrl: 'x' } } }, 'MalformedResponse', /RequestId/],
    ['missing field', apiOk({}), 'MalformedResponse', /InstanceVncUrl/],
    ['wrong type', apiOk({ InstanceVncUrl: 42 }), 'MalformedResponse', /InstanceVncUrl/],
    ['HTTP 404 page', { status: 404, text: 'not found' }, 'HttpStatus.404', /HTTP 404/],
    ['JSON null', { text: 'null' }, 'MalformedResponse', /DescribeInstanceVncUrl/],
  ])('%s → kind server', async (_name, reply, code, why) => {
    const { client } = setup(() => reply);
    const err = await caught(client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(err.kind).toBe('server');
    expect(err.code).toBe(code);
    expect(err.message).toMatch(why);
  });

  it('rejects a DescribeInstances page with a wrongly typed instance field, naming the path', async () => {
    const { client } = setup(() =>
      apiOk({ TotalCount: 1, InstanceSet: [rawInstance(ID, { CPU: 'two' })] }, rid('m')),
    );
    const err = await caught(client.describeInstances({ region: 'ap-guangzhou' }));
    expect(err).toMatchObject({ kind: 'server', code: 'MalformedResponse', requestId: rid('m') });
    expect(err.message).toContain('InstanceSet.0.CPU');
  });

  it.each([
    ['AuthFailure.SecretIdNotFound', 'auth'],
    ['UnauthorizedOperation.MFAExpired', 'auth'],
    ['OperationDenied.InstanceOperationInProgress', 'instance-transitional'],
    ['UnsupportedOperation.InstanceStateRebooting', 'instance-transitional'],
    ['UnsupportedOperation.InstanceStateStopped', 'instance-stopped'],
    ['UnsupportedOperation.InstanceStateTerminated', 'instance-gone'],
    ['InvalidParameterValue', 'invalid-input'],
    ['FailedOperation.SomethingNew', 'server'],
  ])('an API error %s reaches the caller as kind %s, after one request', async (code, kind) => {
    const { client, requests } = setup(() => apiErr(code, 'msg', rid('k')));
    const err = await caught(client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(err).toMatchObject({ kind, code, requestId: rid('k') });
    expect(requests).toHaveLength(1);
  });

  it('carries the RequestId and server message of API errors', async () => {
    const { client } = setup(() =>
      apiErr('InvalidInstanceId.NotFound', 'no such instance ins-r9hr2upy', rid('nf')),
    );
    const err = await caught(client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(err).toMatchObject({
      kind: 'instance-gone',
      code: 'InvalidInstanceId.NotFound',
      requestId: rid('nf'),
    });
    expect(err.message).toContain('no such instance');
  });
});

describe('actions', () => {
  it('describeInstances normalizes instances, tolerating nulls and unknown states', async () => {
    const { client, requests } = setup(() =>
      apiOk({
        TotalCount: 2,
        InstanceSet: [
          rawInstance(ID, {
            InstanceType: 'S5.MEDIUM4',
            CPU: 2,
            Memory: 4,
            OsName: 'Ubuntu 22.04',
            Placement: { Zone: 'ap-guangzhou-3', ProjectId: 0 },
            PrivateIpAddresses: ['10.0.0.2'],
            PublicIpAddresses: null,
            Tags: [{ Key: 'env', Value: 'prod' }],
            LatestOperation: 'StartInstances',
            LatestOperationState: 'SUCCESS',
            RestrictState: 'NORMAL',
            CreatedTime: '2024-01-01T00:00:00Z',
            SomeNewField: { anything: true },
          }),
          { InstanceId: ID2, InstanceState: 'HIBERNATING' },
        ],
      }),
    );
    const page = await client.describeInstances({
      region: 'ap-guangzhou',
      filters: [{ name: 'instance-name', values: ['未命名'] }],
      offset: 20,
      limit: 50,
    });
    expect(requests[0]?.json).toEqual({
      Offset: 20,
      Limit: 50,
      Filters: [{ Name: 'instance-name', Values: ['未命名'] }],
    });
    expect(page.instances[0]).toEqual({
      instanceId: ID,
      name: `name-${ID}`,
      state: 'RUNNING',
      rawState: 'RUNNING',
      type: 'S5.MEDIUM4',
      cpu: 2,
      memory: 4,
      osName: 'Ubuntu 22.04',
      zone: 'ap-guangzhou-3',
      region: 'ap-guangzhou',
      privateIps: ['10.0.0.2'],
      publicIps: [],
      tags: [{ key: 'env', value: 'prod' }],
      latestOperation: 'StartInstances',
      latestOperationState: 'SUCCESS',
      restrictState: 'NORMAL',
      createdTime: '2024-01-01T00:00:00Z',
      chargeType: '',
    });
    expect(page.instances[1]).toMatchObject({
      instanceId: ID2,
      state: 'OTHER',
      rawState: 'HIBERNATING',
      name: '',
    });
  });

  it('describeInstances by ids sends InstanceIds (deduplicated)', async () => {
    const { client, requests } = setup(() => apiOk({ TotalCount: 0, InstanceSet: [] }));
    await client.describeInstances({ region: 'ap-guangzhou', ids: [ID, ID2, ID] });
    expect(requests[0]?.json).toEqual({ Offset: 0, Limit: 20, InstanceIds: [ID, ID2] });
  });

  it('listAllInstances reads page 1 for TotalCount, then the rest in parallel, deduplicated', async () => {
    const all = Array.from({ length: 250 }, (_, i) => rawInstance(`ins-${String(i).padStart(8, '0')}`));
    let inFlight = 0;
    let maxInFlight = 0;
    const { client, requests } = setup(async (req) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      const offset = req.json['Offset'] as number;
      // Page 2 repeats the last instance of page 1, as a concurrent creation would.
      const start = offset === 100 ? 99 : offset;
      return apiOk({ TotalCount: 250, InstanceSet: all.slice(start, offset + 100) });
    });
    const result = await client.listAllInstances({
      region: 'ap-seoul',
      filters: [{ name: 'zone', values: ['z'] }],
    });
    expect(requests.map((r) => r.json['Offset'])).toEqual([0, 100, 200]);
    expect(requests.every((r) => r.json['Limit'] === 100 && Array.isArray(r.json['Filters']))).toBe(true);
    expect(maxInFlight).toBe(2);
    expect(result.totalCount).toBe(250);
    expect(result.instances.map((i) => i.instanceId)).toEqual(all.map((i) => i.InstanceId));
    expect(result.instances.every((i) => i.region === 'ap-seoul')).toBe(true);
  });

  it('listAllInstances refuses an absurd TotalCount instead of paging forever', async () => {
    const { client, requests } = setup(() => apiOk({ TotalCount: 1e9, InstanceSet: [] }));
    const err = await caught(client.listAllInstances({ region: 'ap-seoul' }));
    expect(err.kind).toBe('server');
    expect(requests).toHaveLength(1);
  });

  it('listInstancesEverywhere yields each region as it completes, failures included', async () => {
    // Each region answers when the test opens its gate, so the order is the test's, not the machine's.
    const gates = new Map<string, () => void>();
    const { client } = setup(async (req) => {
      const region = req.headers['x-tc-region']!;
      await new Promise<void>((open) => gates.set(region, open));
      if (region === 'ap-tokyo') return apiErr('UnsupportedRegion', 'nope', rid('u'));
      return apiOk({ TotalCount: 1, InstanceSet: [rawInstance(ID)] });
    });
    const seen: RegionListing[] = [];
    const done = (async () => {
      for await (const listing of client.listInstancesEverywhere({
        regions: ['ap-guangzhou', 'ap-seoul', 'ap-tokyo'],
      })) {
        seen.push(listing);
      }
    })();
    await vi.waitFor(() => expect(gates.size).toBe(3));
    for (const [i, region] of ['ap-seoul', 'ap-tokyo', 'ap-guangzhou'].entries()) {
      gates.get(region)!();
      await vi.waitFor(() => expect(seen).toHaveLength(i + 1));
      expect(seen[i]?.region).toBe(region);
    }
    await done;
    expect(seen[0]).toMatchObject({ ok: true, totalCount: 1 });
    const failed = seen[1];
    expect(failed?.ok).toBe(false);
    if (failed && !failed.ok)
      expect(failed.error).toMatchObject({ kind: 'invalid-input', code: 'UnsupportedRegion' });
  });

  it('listInstancesEverywhere asks describeRegions for the available regions when none are given', async () => {
    const { client, requests } = setup((req) =>
      req.action === 'DescribeRegions'
        ? apiOk({
            TotalCount: 2,
            RegionSet: [
              { Region: 'ap-guangzhou', RegionName: 'Guangzhou', RegionState: 'AVAILABLE' },
              { Region: 'ap-mars', RegionName: 'Mars', RegionState: 'UNAVAILABLE' },
            ],
          })
        : apiOk({ TotalCount: 0, InstanceSet: [] }),
    );
    const regions: string[] = [];
    for await (const l of client.listInstancesEverywhere()) regions.push(l.region);
    expect(regions).toEqual(['ap-guangzhou']);
    expect(requests.map((r) => r.action)).toEqual(['DescribeRegions', 'DescribeInstances']);
  });

  it('describeRegions asks the region service for Product=cvm', async () => {
    const { client, requests } = setup(() =>
      apiOk({
        TotalCount: 1,
        RegionSet: [{ Region: 'ap-seoul', RegionName: 'Seoul', RegionState: 'AVAILABLE' }],
      }),
    );
    expect(await client.describeRegions()).toEqual([
      { region: 'ap-seoul', name: 'Seoul', state: 'AVAILABLE', available: true },
    ]);
    expect(requests[0]?.url).toBe('https://region.tencentcloudapi.com/');
    expect(requests[0]?.headers).toMatchObject({
      'x-tc-version': '2022-06-27',
      'x-tc-action': 'DescribeRegions',
    });
    expect(requests[0]?.headers['x-tc-region']).toBeUndefined();
    expect(requests[0]?.json).toEqual({ Product: 'cvm' });
    expect(requests[0]?.headers['authorization']).toContain('/region/tc3_request');
  });

  it('describeRegions falls back to cvm DescribeRegions when the region service is denied', async () => {
    const { client, requests } = setup((req) =>
      req.url.includes('region.')
        ? apiErr('UnauthorizedOperation', 'CAM denies region:DescribeRegions')
        : apiOk({
            TotalCount: 1,
            RegionSet: [{ Region: 'ap-tokyo', RegionName: 'Tokyo', RegionState: 'AVAILABLE' }],
          }),
    );
    expect((await client.describeRegions()).map((r) => r.region)).toEqual(['ap-tokyo']);
    expect(requests[1]?.url).toBe('https://cvm.tencentcloudapi.com/');
    expect(requests[1]?.headers['x-tc-version']).toBe('2017-03-12');
    expect(requests[1]?.headers['authorization']).toContain('/cvm/tc3_request');
  });

  it('describeRegions does not fall back when the keys themselves are bad', async () => {
    const { client, requests } = setup(() => apiErr('AuthFailure.SecretIdNotFound'));
    expect((await caught(client.describeRegions())).kind).toBe('auth');
    expect(requests).toHaveLength(1);
  });

  it('describeInstanceVncUrl decodes once, keeps + and returns hints and issuedAt', async () => {
    const { client } = setup(() => vncOk());
    expect(await client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID })).toEqual({
      url: 'wss://gzvnc.qcloud.com:26789/vnc?s=ab+c/d==&isWindows=false',
      issuedAt: NOW,
      hints: { isWindows: false },
    });
  });

  it('describeInstanceVncUrl rejects a URL off the allowed hosts, with the RequestId', async () => {
    const { client } = setup(() =>
      apiOk({ InstanceVncUrl: 'wss%3A%2F%2Fevil.example%2Fvnc%3Fs%3Dx' }, rid('v')),
    );
    const err = await caught(client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(err).toMatchObject({ kind: 'server', code: 'UnexpectedConsoleUrl', requestId: rid('v') });
  });

  it('describeInstanceVncUrl accepts ws: to a loopback endpoint, on its own port only', async () => {
    const { client } = setup(() => apiOk({ InstanceVncUrl: 'ws://127.0.0.1:40000/vnc?s=tok' }), {
      endpoint: 'http://localhost:40000',
    });
    expect((await client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID })).url).toBe(
      'ws://127.0.0.1:40000/vnc?s=tok',
    );
    const other = setup(() => apiOk({ InstanceVncUrl: 'ws://127.0.0.1:40001/vnc?s=tok' }), {
      endpoint: 'http://127.0.0.1:40000',
    });
    const err = await caught(other.client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(err.code).toBe('UnexpectedConsoleUrl');
  });

  it('start/stop/reboot send InstanceIds and StopType and return the RequestId', async () => {
    const { client, requests } = setup((req) => apiOk({}, rid(req.action)));
    expect(await client.startInstances({ region: 'ap-guangzhou', ids: [ID] })).toEqual({
      requestId: rid('StartInstances'),
    });
    await client.stopInstances({ region: 'ap-guangzhou', ids: [ID, ID2], stopType: 'SOFT_FIRST' });
    await client.stopInstances({ region: 'ap-guangzhou', ids: [ID], stoppedMode: 'STOP_CHARGING' });
    await client.rebootInstances({ region: 'ap-guangzhou', ids: [ID] });
    await client.rebootInstances({ region: 'ap-guangzhou', ids: [ID], stopType: 'HARD' });
    expect(requests.map((r) => [r.action, r.json])).toEqual([
      ['StartInstances', { InstanceIds: [ID] }],
      ['StopInstances', { InstanceIds: [ID, ID2], StopType: 'SOFT_FIRST' }],
      ['StopInstances', { InstanceIds: [ID], StoppedMode: 'STOP_CHARGING' }],
      ['RebootInstances', { InstanceIds: [ID] }],
      ['RebootInstances', { InstanceIds: [ID], StopType: 'HARD' }],
    ]);
  });
});

describe('redirects are never followed (issue 9, defect 1)', () => {
  it.each([301, 302, 303, 307, 308, 300, 304])('HTTP %i is a server error, not retried', async (status) => {
    const { client, requests } = setup(() => ({
      status,
      headers: { Location: 'https://evil.example/steal' },
      ...apiOk({ InstanceVncUrl: 'wss://gzvnc.qcloud.com/vnc?s=x' }),
    }));
    const err = await caught(client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(err).toMatchObject({ kind: 'server', code: 'HttpRedirect' });
    expect(requests).toHaveLength(1);
  });

  it('asks fetch not to follow (redirect: manual)', async () => {
    let init: Parameters<FetchLike>[1] | undefined;
    const client = createCvmClient({
      credentials: async () => CREDS,
      fetch: async (_url, i) => {
        init = i;
        return new Response(JSON.stringify({ Response: { RequestId: rid('x') } }));
      },
      rateLimiter: new RateLimiterRegistry({ clock: () => 0, sleep: async () => {} }),
    });
    await client.startInstances({ region: 'ap-guangzhou', ids: [ID] });
    expect(init?.redirect).toBe('manual');
  });

  it('treats an opaque redirect (browser-style manual mode) and a rejected redirect as redirects', async () => {
    const opaque = setup(() => ({
      response: { status: 0, type: 'opaqueredirect', headers: new Headers(), body: null },
    }));
    const e1 = await caught(opaque.client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(e1).toMatchObject({ kind: 'server', code: 'HttpRedirect' });
    // Older Electron net.fetch rejects a manual-mode redirect instead of returning it.
    const electron = setup(() => ({ reject: new Error('Redirect was cancelled') }));
    const e2 = await caught(electron.client.describeRegions());
    expect(e2).toMatchObject({ kind: 'server', code: 'HttpRedirect' });
    expect(electron.requests).toHaveLength(2); // region service, then the cvm fallback; no retries
  });
});

describe('server strings are bounded and scrubbed (issue 9, defect 2)', () => {
  const TOKEN = 'stsTokenEchoedBack0123456789';
  const withToken = { credentials: async () => ({ ...CREDS, token: TOKEN }) };

  it.each([
    ['the SecretKey as the code', CREDS.secretKey],
    ['the token as the code', TOKEN],
    ['the token inside a code', `AuthFailure.${TOKEN}`],
    ['a 1 MB code', `A${'b'.repeat(1_000_000)}`],
    ['a code of the wrong shape', 'Auth Failure<script>'],
    ['a code of 101 characters', `A${'.b'.repeat(50)}`],
  ])('%s becomes the placeholder code, nowhere repeated', async (_name, code) => {
    const { client } = setup(() => apiErr(code, 'msg'), withToken);
    const err = await caught(client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(err.code).toBe('InvalidErrorCode');
    expect(err.kind).toBe('server');
    const envelope = JSON.stringify({ ...err, message: err.message });
    expect(envelope.length).toBeLessThan(1000);
    for (const secret of [CREDS.secretKey, TOKEN, 'bbbbbbbbbb']) expect(envelope).not.toContain(secret);
  });

  it.each([
    ['the token', TOKEN],
    ['a 1 MB RequestId', 'r'.repeat(1_000_000)],
    ['not a UUID', 'req-123'],
  ])('a RequestId that is %s becomes the placeholder, on errors and on success', async (_name, id) => {
    const failing = setup(() => apiErr('InternalError', 'msg', id), withToken);
    const err = await caught(failing.client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(err.requestId).toBe('invalid-request-id');
    const ok = setup(() => apiOk({}, id), withToken);
    expect(await ok.client.startInstances({ region: 'ap-guangzhou', ids: [ID] })).toEqual({
      requestId: 'invalid-request-id',
    });
  });

  it('scrubs a secret from every string of a successful answer, such as an instance name', async () => {
    const { client } = setup(
      () => apiOk({ TotalCount: 1, InstanceSet: [rawInstance(ID, { InstanceName: `x ${TOKEN} y` })] }),
      withToken,
    );
    const page = await client.describeInstances({ region: 'ap-guangzhou' });
    expect(page.instances[0]?.name).toBe('x *** y');
  });

  it('a JSON-escaped echo is scrubbed too', async () => {
    const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const { client } = setup(
      () => ({
        text: `{"Response":{"Error":{"Code":"InternalError","Message":"${escaped}"},"RequestId":"x"}}`,
      }),
      withToken,
    );
    const err = await caught(client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).toContain('***');
  });
});

describe('a lying Date header cannot poison the client (issue 9, defect 5)', () => {
  it.each([
    'Mon, 01 Jan 1900 00:00:00 GMT',
    'Sat, 13 Sep 275760 00:00:00 GMT',
    new Date(NOW + 2 * 86_400_000).toUTCString(),
    new Date(NOW - 2 * 86_400_000).toUTCString(),
  ])('Date: %s → a clock error, no correction kept, and the next call still works', async (date) => {
    let lie = true;
    const { client, requests } = setup(() =>
      lie ? apiErr('AuthFailure.SignatureExpire', 'expired', rid('c'), { Date: date }) : apiOk({}),
    );
    const err = await caught(client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(err.kind).toBe('clock');
    expect(requests).toHaveLength(1);
    expect(client.clockOffsetMs()).toBe(0);
    lie = false;
    await client.startInstances({ region: 'ap-guangzhou', ids: [ID] });
    expect(Number(requests[1]?.headers['x-tc-timestamp'])).toBe(NOW / 1000);
  });

  it('accepts a correction within a day', async () => {
    const serverMs = NOW + 23 * 3_600_000;
    const { client } = setup((req) =>
      Number(req.headers['x-tc-timestamp']) * 1000 === serverMs
        ? apiOk({})
        : apiErr('AuthFailure.SignatureExpire', 'expired', rid('c'), {
            Date: new Date(serverMs).toUTCString(),
          }),
    );
    await client.startInstances({ region: 'ap-guangzhou', ids: [ID] });
    expect(client.clockOffsetMs()).toBe(23 * 3_600_000);
  });

  it('a clock no request can be signed with is a typed clock error, and it does not stick', async () => {
    const { client, requests, setClock } = setup(() => apiOk({}));
    for (const broken of [1e16, -5_000, Number.NaN]) {
      setClock(broken);
      const err = await caught(client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
      expect(err).toMatchObject({ kind: 'clock', code: 'ClockUnusable' });
    }
    expect(requests).toHaveLength(0);
    setClock(NOW);
    await client.startInstances({ region: 'ap-guangzhou', ids: [ID] });
    expect(requests).toHaveLength(1);
  });
});

describe('response size is capped (issue 9, defect 6)', () => {
  /** A body of `mb` megabytes made on demand, counting the chunks the client pulled. */
  function lazyBody(mb: number) {
    const counter = { pulled: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (counter.pulled++ < mb) controller.enqueue(new Uint8Array(1 << 20).fill(0x20));
        else controller.close();
      },
    });
    return { stream, counter };
  }

  it('stops reading a huge body past 10 MB: a server error, not retried', async () => {
    const bodies: Array<ReturnType<typeof lazyBody>> = [];
    const { client, requests } = setup(() => {
      const body = lazyBody(64);
      bodies.push(body);
      return { stream: body.stream };
    });
    const err = await caught(client.describeInstances({ region: 'ap-guangzhou' }));
    expect(err).toMatchObject({ kind: 'server', code: 'ResponseTooLarge' });
    expect(requests).toHaveLength(1);
    expect(bodies[0]!.counter.pulled).toBeLessThan(16);
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const body = lazyBody(12);
    const { client } = setup(() => ({
      stream: body.stream,
      headers: { 'Content-Length': String(12 << 20) },
    }));
    const err = await caught(client.startInstances({ region: 'ap-guangzhou', ids: [ID] }));
    expect(err.code).toBe('ResponseTooLarge');
    expect(body.counter.pulled).toBeLessThanOrEqual(1); // a stream may pull once when created
  });

  it('reads an answer just under the cap', async () => {
    const name = 'n'.repeat((10 << 20) - 200);
    const { client } = setup(() =>
      apiOk({ TotalCount: 1, InstanceSet: [rawInstance(ID, { InstanceName: name })] }),
    );
    const page = await client.describeInstances({ region: 'ap-guangzhou' });
    expect(page.instances[0]?.name.length).toBe(name.length);
  });

  it('refuses a console URL longer than 4096 characters', async () => {
    const { client } = setup(() =>
      apiOk({ InstanceVncUrl: `wss://gzvnc.qcloud.com/vnc?s=${'A'.repeat(50_000)}` }),
    );
    const err = await caught(client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: ID }));
    expect(err).toMatchObject({ kind: 'server', code: 'UnexpectedConsoleUrl' });
    expect(err.message.length).toBeLessThan(200);
  });
});
