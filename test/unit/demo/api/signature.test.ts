import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { KEY, startSim, type SimFixture } from './fixture';
import { errorCode, rawPost } from './helpers';

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim({ size: 50 });
});
afterAll(() => sim.close());
// The clock is fake: move it on so the per-second rate limits refill between tests.
beforeEach(() => sim.advance(1000));

const ok = (res: Awaited<ReturnType<SimFixture['call']>>) => expect(res.json.Response.Error).toBeUndefined();

describe('TC3 signature verification', () => {
  it('accepts a correctly signed request with the minimal SignedHeaders (content-type;host)', async () => {
    const res = await sim.call('DescribeInstances', { Limit: 1 });
    expect(res.status).toBe(200);
    ok(res);
    expect(res.json.Response.TotalCount).toBeGreaterThan(0);
  });

  it('accepts other SignedHeaders sets, rebuilt from the headers received', async () => {
    for (const alsoSign of [
      ['x-tc-action'],
      ['x-tc-action', 'x-tc-timestamp'],
      ['x-tc-region', 'x-tc-version', 'x-tc-action'],
    ]) {
      const res = await sim.call('DescribeInstances', { Limit: 1 }, { alsoSign });
      ok(res);
    }
  });

  it('accepts any Host and Content-Type the client signed (loopback endpoint, no charset)', async () => {
    ok(
      await sim.call(
        'DescribeInstances',
        {},
        { host: `127.0.0.1:${sim.port}`, contentType: 'application/json' },
      ),
    );
    ok(await sim.call('DescribeInstances', {}, { host: 'cvm.ap-guangzhou.tencentcloudapi.com' }));
  });

  it('accepts the official test vector A1 byte for byte (server clock at 1551113065)', async () => {
    const vectorSim = await startSim({
      size: 20,
      start: 1551113065 * 1000,
      credentials: [
        { secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' },
      ],
    });
    try {
      const body =
        '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
      expect(Buffer.byteLength(body)).toBe(86);
      const res = await rawPost(
        vectorSim.port,
        {
          Authorization:
            'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
            'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
          'Content-Type': 'application/json; charset=utf-8',
          Host: 'cvm.tencentcloudapi.com',
          'X-TC-Action': 'DescribeInstances',
          'X-TC-Version': '2017-03-12',
          'X-TC-Timestamp': '1551113065',
          'X-TC-Region': 'ap-guangzhou',
        },
        body,
      );
      ok(res);
      expect(res.json.Response.TotalCount).toBe(0); // nobody is named 未命名 among the first 20
    } finally {
      await vectorSim.close();
    }
  });

  it('rejects a tampered body, a tampered signed header and a wrong secret with SignatureFailure', async () => {
    const tamperedBody = await sim.call('DescribeInstances', { Limit: 1 }, { bodyOverride: '{"Limit":2}' });
    expect(errorCode(tamperedBody)).toBe('AuthFailure.SignatureFailure');
    const tamperedHeader = await sim.call(
      'DescribeInstances',
      {},
      {
        alsoSign: ['x-tc-action'],
        mutate: (h) => {
          h['x-tc-action'] = 'DescribeRegions';
        },
      },
    );
    expect(errorCode(tamperedHeader)).toBe('AuthFailure.SignatureFailure');
    const tamperedType = await sim.call(
      'DescribeInstances',
      {},
      {
        mutate: (h) => {
          h['content-type'] = 'application/json';
        },
      },
    );
    expect(errorCode(tamperedType)).toBe('AuthFailure.SignatureFailure');
    const tamperedHost = await sim.call(
      'DescribeInstances',
      {},
      {
        host: 'cvm.tencentcloudapi.com',
        mutate: (h) => {
          h['host'] = 'cvm.ap-shanghai.tencentcloudapi.com';
        },
      },
    );
    expect(errorCode(tamperedHost)).toBe('AuthFailure.SignatureFailure');
    const wrongSecret = await sim.call('DescribeInstances', {}, { secretKey: `${KEY.secretKey}x` });
    expect(errorCode(wrongSecret)).toBe('AuthFailure.SignatureFailure');
    // The error carries a RequestId and the documented shape.
    expect(wrongSecret.json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof wrongSecret.json.Response.Error?.Message).toBe('string');
  });

  it('ignores changes to headers that were not signed (as the real service does)', async () => {
    const res = await sim.call(
      'DescribeInstances',
      { Limit: 1 },
      {
        mutate: (h) => {
          h['x-tc-region'] = 'ap-tokyo';
        },
      },
    );
    ok(res);
    expect((res.json.Response.InstanceSet as { Placement: { Zone: string } }[])[0]?.Placement.Zone).toMatch(
      /^ap-tokyo-/,
    );
  });

  it('rejects a local (non-UTC) date in the credential scope', async () => {
    // 1551113065 is 2019-02-25 in UTC but already the 26th in UTC+8.
    const local = await startSim({ size: 10, start: 1551113065 * 1000 });
    try {
      const res = await local.call(
        'DescribeInstances',
        {},
        {
          mutate: (h) => {
            h['authorization'] = h['authorization']!.replace('/2019-02-25/', '/2019-02-26/');
          },
        },
      );
      expect(errorCode(res)).toBe('AuthFailure.SignatureFailure');
    } finally {
      await local.close();
    }
  });

  it('rejects a service in the scope that is not the one of the tencentcloudapi.com host', async () => {
    const res = await sim.call(
      'DescribeRegions',
      { Product: 'cvm' },
      { service: 'region', host: 'cvm.tencentcloudapi.com', version: '2022-06-27' },
    );
    expect(errorCode(res)).toBe('AuthFailure.SignatureFailure');
  });

  it('unknown SecretId → SecretIdNotFound; no or bad Authorization → InvalidAuthorization', async () => {
    expect(errorCode(await sim.call('DescribeInstances', {}, { secretId: 'AKIDnobody' }))).toBe(
      'AuthFailure.SecretIdNotFound',
    );
    const missing = await sim.call('DescribeInstances', {}, { mutate: (h) => delete h['authorization'] });
    expect(errorCode(missing)).toBe('AuthFailure.InvalidAuthorization');
    const garbage = await sim.call(
      'DescribeInstances',
      {},
      { mutate: (h) => (h['authorization'] = 'Basic Zm9vOmJhcg==') },
    );
    expect(errorCode(garbage)).toBe('AuthFailure.InvalidAuthorization');
    const noHost = await sim.call(
      'DescribeInstances',
      {},
      {
        mutate: (h) =>
          (h['authorization'] = h['authorization']!.replace(
            'SignedHeaders=content-type;host',
            'SignedHeaders=content-type',
          )),
      },
    );
    expect(errorCode(noHost)).toBe('AuthFailure.InvalidAuthorization');
  });

  it('STS credentials need the matching, unexpired X-TC-Token', async () => {
    const sts = {
      secretId: 'AKIDstsTEMP0001',
      secretKey: 'stsKey0001',
      token: 'sts-token-abc',
      expiresAt: sim.now() + 60_000,
    };
    sim.control.addCredential(sts);
    try {
      const creds = { secretId: sts.secretId, secretKey: sts.secretKey };
      expect(errorCode(await sim.call('DescribeInstances', {}, creds))).toBe('AuthFailure.TokenFailure');
      expect(errorCode(await sim.call('DescribeInstances', {}, { ...creds, token: 'other' }))).toBe(
        'AuthFailure.TokenFailure',
      );
      ok(await sim.call('DescribeInstances', {}, { ...creds, token: sts.token }));
      sim.advance(61_000);
      expect(errorCode(await sim.call('DescribeInstances', {}, { ...creds, token: sts.token }))).toBe(
        'AuthFailure.TokenFailure',
      );
    } finally {
      sim.control.removeCredential(sts.secretId);
    }
    expect(
      errorCode(
        await sim.call('DescribeInstances', {}, { secretId: sts.secretId, secretKey: sts.secretKey }),
      ),
    ).toBe('AuthFailure.SecretIdNotFound');
  });

  it('agrees with the official SDK signer (tencentcloud-sdk-nodejs-common Sign.sign3)', async () => {
    const require = createRequire(import.meta.url);
    const Sign = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign').default as {
      sign3(o: Record<string, unknown>): string;
    };
    const body = Buffer.from('{"Limit":3}');
    const timestamp = Math.floor(sim.now() / 1000);
    const authorization = Sign.sign3({
      method: 'POST',
      url: 'https://cvm.tencentcloudapi.com/',
      payload: body,
      timestamp,
      service: 'cvm',
      secretId: KEY.secretId,
      secretKey: KEY.secretKey,
      multipart: false,
      headers: { 'Content-Type': 'application/json' },
    });
    const res = await rawPost(
      sim.port,
      {
        Authorization: authorization,
        'Content-Type': 'application/json',
        Host: 'cvm.tencentcloudapi.com',
        'X-TC-Action': 'DescribeInstances',
        'X-TC-Version': '2017-03-12',
        'X-TC-Timestamp': String(timestamp),
        'X-TC-Region': 'ap-guangzhou',
      },
      body,
    );
    ok(res);
    expect(res.json.Response.InstanceSet).toHaveLength(3);
  });
});

describe('timestamp window and the Date header', () => {
  it('accepts ±300 s, refuses beyond with SignatureExpire', async () => {
    const nowS = Math.floor(sim.now() / 1000);
    ok(await sim.call('DescribeInstances', {}, { timestamp: nowS - 300 }));
    ok(await sim.call('DescribeInstances', {}, { timestamp: nowS + 300 }));
    expect(errorCode(await sim.call('DescribeInstances', {}, { timestamp: nowS - 301 }))).toBe(
      'AuthFailure.SignatureExpire',
    );
    expect(errorCode(await sim.call('DescribeInstances', {}, { timestamp: nowS + 3600 }))).toBe(
      'AuthFailure.SignatureExpire',
    );
  });

  it('sends the server clock as Date on every response, success or error', async () => {
    sim.control.setClockOffset(10 * 60_000);
    try {
      const res = await sim.call('DescribeInstances', {});
      expect(errorCode(res)).toBe('AuthFailure.SignatureExpire');
      const serverDate = Date.parse(String(res.headers['date']));
      expect(Math.abs(serverDate - (sim.now() + 10 * 60_000))).toBeLessThan(1000);
      // A client that adopts the Date header gets through.
      ok(await sim.call('DescribeInstances', {}, { timestamp: Math.floor(serverDate / 1000) }));
    } finally {
      sim.control.setClockOffset(0);
    }
    const fine = await sim.call('DescribeInstances', {});
    expect(Math.abs(Date.parse(String(fine.headers['date'])) - sim.now())).toBeLessThan(1000);
  });

  it('a missing or non-numeric X-TC-Timestamp is refused', async () => {
    const missing = await sim.call('DescribeInstances', {}, { mutate: (h) => delete h['x-tc-timestamp'] });
    expect(errorCode(missing)).toBe('MissingParameter');
    const bad = await sim.call('DescribeInstances', {}, { mutate: (h) => (h['x-tc-timestamp'] = 'soon') });
    expect(errorCode(bad)).toBe('InvalidParameterValue');
  });
});

describe('request log', () => {
  it('records action, region, SecretId and outcome, and never a SecretKey or token', async () => {
    sim.control.clearRequestLog();
    await sim.call('DescribeInstances', {});
    await sim.call('DescribeInstances', {}, { secretKey: 'wrong-key-value-123' });
    const log = sim.control.requestLog();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      action: 'DescribeInstances',
      region: 'ap-guangzhou',
      secretId: KEY.secretId,
      outcome: 'ok',
      service: 'cvm',
    });
    expect(log[1]).toMatchObject({ outcome: 'AuthFailure.SignatureFailure', secretId: KEY.secretId });
    const text = JSON.stringify(log);
    expect(text).not.toContain(KEY.secretKey);
    expect(text).not.toContain('wrong-key-value-123');
  });
});
