// The composed demo cloud: API simulator + console gateway + built-in VNC servers on one port.
// DescribeInstanceVncUrl → decode once → open the ws URL → the instance's VNC server answers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startDemoCloud, type DemoCloud } from '../../../src-main/demo';
import { consoleIdentity } from '../../../src-main/demo/demo-cloud';
import { createCvmClient, RateLimiterRegistry } from '../../../src-main/cloud';
import { call, errorCode } from './api/helpers';

const RFB_BANNER = 'RFB 003.008\n';

let t = Date.now();
const now = () => t;
let cloud: DemoCloud;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  cloud = await startDemoCloud({ instances: 300, seed: 'it', now });
});
afterAll(() => cloud.close());
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
  t += 61_000; // fresh per-second API and per-minute connect budgets
  cloud.simulator.reset();
});

function api(action: string, params: unknown, region = 'ap-guangzhou') {
  return call(cloud.port, { action, params, region, timestamp: Math.floor(t / 1000), ...cloud.credentials });
}

async function consoleUrl(
  instanceId: string,
  region = 'ap-guangzhou',
): Promise<{ raw: string; url: string }> {
  const res = await api('DescribeInstanceVncUrl', { InstanceId: instanceId }, region);
  expect(res.json.Response.Error).toBeUndefined();
  const raw = res.json.Response.InstanceVncUrl as string;
  return { raw, url: decodeURIComponent(raw) };
}

interface Opened {
  ws: WebSocket;
  /** Every byte received so far. */
  received: () => Buffer;
  /** Resolves once at least n bytes have arrived. */
  waitBytes: (n: number) => Promise<Buffer>;
  closed: Promise<number>;
}

/** Opens a console URL; rejects with the HTTP status when the gateway refuses the upgrade. */
function open(url: string): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary']);
    sockets.push(ws);
    let buf = Buffer.alloc(0);
    const waiters: { n: number; resolve: (b: Buffer) => void }[] = [];
    ws.on('message', (data: Buffer) => {
      buf = Buffer.concat([buf, data]);
      for (const w of waiters.splice(0)) {
        if (buf.length >= w.n) w.resolve(buf);
        else waiters.push(w);
      }
    });
    const closed = new Promise<number>((res) => ws.on('close', (code) => res(code)));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', (err) => reject(err));
    ws.on('open', () =>
      resolve({
        ws,
        received: () => buf,
        waitBytes: (n) =>
          buf.length >= n ? Promise.resolve(buf) : new Promise((r) => waiters.push({ n, resolve: r })),
        closed,
      }),
    );
  });
}

describe('console URL → gateway → built-in VNC server', () => {
  it('returns a percent-encoded ws URL on 127.0.0.1 whose token opens the RFB console once', async () => {
    const { raw, url } = await consoleUrl('ins-demo0001');
    expect(raw.startsWith(`ws%3A%2F%2F127.0.0.1%3A${cloud.port}%2Fvnc%3Fs%3D`)).toBe(true);
    expect(url).toMatch(
      new RegExp(
        `^ws://127\\.0\\.0\\.1:${cloud.port}/vnc\\?s=[^&]+&password=&isWindows=false&isUbuntu=false$`,
      ),
    );
    const first = await open(url);
    expect((await first.waitBytes(12)).subarray(0, 12).toString('latin1')).toBe(RFB_BANNER);
    await expect(open(url)).rejects.toThrow('HTTP 403'); // spent
    const token = new URL(url).searchParams.get('s')!;
    const logged = cloud.gateway
      .tokenLog()
      .find((e) => e.instanceId === 'ins-demo0001' && e.usedAt !== undefined);
    expect(logged).toMatchObject({ outcome: 'accepted' });
    expect(JSON.stringify(cloud.gateway.tokenLog())).not.toContain(token);
  });

  it('a token unused for more than 15 s is refused', async () => {
    const { url } = await consoleUrl('ins-demo0001');
    t += 15_001;
    await expect(open(url)).rejects.toThrow('HTTP 403');
  });

  it('the Cloud core client gets a URL it accepts (ws: on the demo host) with the hints, and it connects', async () => {
    const client = createCvmClient({
      credentials: async () => cloud.credentials,
      endpoint: cloud.endpoint,
      now,
      rateLimiter: new RateLimiterRegistry(),
    });
    const win = await client.describeInstanceVncUrl({ region: 'ap-guangzhou', instanceId: 'ins-demo0003' });
    expect(win.url.startsWith(`${cloud.vncBase}/vnc?s=`)).toBe(true);
    expect(win.hints).toMatchObject({ isWindows: true, isUbuntu: false });
    const opened = await open(win.url);
    expect((await opened.waitBytes(12)).subarray(0, 12).toString('latin1')).toBe(RFB_BANNER);
    const ubuntu = await client.describeInstanceVncUrl({
      region: 'ap-guangzhou',
      instanceId: 'ins-demo0002',
    });
    expect(ubuntu.hints).toMatchObject({ isWindows: false, isUbuntu: true });
    const locked = await client.describeInstanceVncUrl({ region: 'ap-shanghai', instanceId: 'ins-demo0006' });
    expect(locked.hints.password).toBe('cvmdemo1');
  });

  it('an instance with a VNC password offers VNC authentication (security type 2) only', async () => {
    const { url } = await consoleUrl('ins-demo0006', 'ap-shanghai');
    const c = await open(url);
    await c.waitBytes(12);
    c.ws.send(Buffer.from(RFB_BANNER, 'latin1'));
    const buf = await c.waitBytes(13);
    const count = buf[12]!;
    expect([...buf.subarray(13, 13 + count)]).toEqual([2]);
  });

  it('keys typed through the gateway reach that instance’s built-in server', async () => {
    const { url } = await consoleUrl('ins-demo0001');
    const c = await open(url);
    await c.waitBytes(12);
    c.ws.send(Buffer.from(RFB_BANNER, 'latin1'));
    await c.waitBytes(13);
    c.ws.send(Buffer.from([1])); // security None
    await c.waitBytes(12 + 2 + 4); // SecurityResult
    c.ws.send(Buffer.from([1])); // ClientInit, shared
    await c.waitBytes(12 + 2 + 4 + 24); // ServerInit header
    const key = (keysym: number, down: boolean) => {
      const msg = Buffer.alloc(8);
      msg[0] = 4;
      msg[1] = down ? 1 : 0;
      msg.writeUInt32BE(keysym, 4);
      return msg;
    };
    for (const ch of 'ls') {
      c.ws.send(key(ch.charCodeAt(0), true));
      c.ws.send(key(ch.charCodeAt(0), false));
    }
    const server = cloud.vncServer('ins-demo0001')!;
    await expect.poll(() => server.typedText()).toContain('ls');
    expect(
      server
        .keyEvents()
        .filter((k) => k.down)
        .map((k) => k.keysym),
    ).toEqual(expect.arrayContaining([0x6c, 0x73]));
    expect(server.connections).toBeGreaterThan(0);
    expect(consoleIdentity(cloud.fleet.get('ins-demo0001')!)).toEqual({
      title: 'TencentOS Server 3.1 (TK4) web-prod-01 tty1',
      hostname: 'web-prod-01',
    });
  });
});

describe('power actions and the console', () => {
  it('StopInstances closes live viewers; tokens minted before are refused; Start brings it back', async () => {
    const { url } = await consoleUrl('ins-demo0002');
    const viewer = await open(url);
    await viewer.waitBytes(12);
    const stale = await consoleUrl('ins-demo0002');
    expect(errorCode(await api('StopInstances', { InstanceIds: ['ins-demo0002'] }))).toBeUndefined();
    await viewer.closed;
    await expect(open(stale.url)).rejects.toThrow('HTTP 409');
    expect(errorCode(await api('DescribeInstanceVncUrl', { InstanceId: 'ins-demo0002' }))).toBe(
      'UnsupportedOperation.InstanceStateStopping',
    );
    t += 3000;
    expect(errorCode(await api('StartInstances', { InstanceIds: ['ins-demo0002'] }))).toBeUndefined();
    t += 3000;
    const fresh = await open((await consoleUrl('ins-demo0002')).url);
    expect((await fresh.waitBytes(12)).subarray(0, 12).toString('latin1')).toBe(RFB_BANNER);
  });

  it('RebootInstances drops viewers and the console comes back from a fresh boot', async () => {
    const before = cloud.vncServer('ins-demo0001');
    const viewer = await open((await consoleUrl('ins-demo0001')).url);
    await viewer.waitBytes(12);
    expect(errorCode(await api('RebootInstances', { InstanceIds: ['ins-demo0001'] }))).toBeUndefined();
    await viewer.closed;
    expect(errorCode(await api('DescribeInstanceVncUrl', { InstanceId: 'ins-demo0001' }))).toBe(
      'UnsupportedOperation.InstanceStateRebooting',
    );
    t += 4000;
    const again = await open((await consoleUrl('ins-demo0001')).url);
    expect((await again.waitBytes(12)).subarray(0, 12).toString('latin1')).toBe(RFB_BANNER);
    expect(cloud.vncServer('ins-demo0001')).not.toBe(before);
  });

  it('simulator.stopInstance cuts the console at once', async () => {
    const viewer = await open((await consoleUrl('ins-demo0007', 'ap-tokyo')).url);
    await viewer.waitBytes(12);
    cloud.simulator.stopInstance('ins-demo0007');
    await viewer.closed;
    expect(cloud.gateway.liveConnections('ins-demo0007')).toBe(0);
    expect(cloud.fleet.get('ins-demo0007')?.state).toBe('STOPPED');
  });
});

describe('backends, routing and lifecycle', () => {
  let fake: Server;
  let fakePort = 0;
  const fromViewer: Buffer[] = [];
  beforeAll(async () => {
    fake = createServer((s: Socket) => {
      s.on('error', () => {});
      s.write('RFB 003.003\n'); // clearly not the built-in server's banner
      s.on('data', (d) => fromViewer.push(d));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    fakePort = (fake.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => fake.close(() => r())));

  it('an instance can be pointed at any TCP VNC server, and back at the built-in one', async () => {
    cloud.setBackend('ins-demo0001', { kind: 'tcp', host: '127.0.0.1', port: fakePort });
    const viaTcp = await open((await consoleUrl('ins-demo0001')).url);
    expect((await viaTcp.waitBytes(12)).toString('latin1')).toBe('RFB 003.003\n');
    viaTcp.ws.send(Buffer.from('hello'));
    await expect.poll(() => Buffer.concat(fromViewer).toString()).toBe('hello');
    expect(cloud.vncServer('ins-demo0001')).toBeUndefined();
    cloud.setBackend('ins-demo0001', undefined);
    const builtin = await open((await consoleUrl('ins-demo0001')).url);
    expect((await builtin.waitBytes(12)).subarray(0, 12).toString('latin1')).toBe(RFB_BANNER);
  });

  it('backends given at start are used', async () => {
    const other = await startDemoCloud({
      instances: 20,
      backends: { 'ins-demo0002': { kind: 'tcp', host: '127.0.0.1', port: fakePort } },
    });
    try {
      const res = await call(other.port, {
        action: 'DescribeInstanceVncUrl',
        params: { InstanceId: 'ins-demo0002' },
        region: 'ap-guangzhou',
        ...other.credentials,
      });
      const c = await open(decodeURIComponent(res.json.Response.InstanceVncUrl as string));
      expect((await c.waitBytes(12)).toString('latin1')).toBe('RFB 003.003\n');
    } finally {
      await other.close();
    }
  });

  it('upgrades elsewhere than /vnc get 404; GET / gets an API error; each run has its own random key', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${cloud.vncBase}/elsewhere`);
      ws.on('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0));
      ws.on('error', reject);
    });
    expect(status).toBe(404);
    const body = await new Promise<string>((resolve, reject) => {
      request(`${cloud.endpoint}/`, (res) => {
        let s = '';
        res.on('data', (d) => (s += d));
        res.on('end', () => resolve(s));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body).Response.Error.Code).toBe('UnsupportedProtocol');
    expect(cloud.credentials.secretId).toMatch(/^AKID[A-Za-z0-9]{32}$/);
    expect(cloud.credentials.secretKey).toMatch(/^[A-Za-z0-9]{32}$/);
    const second = await startDemoCloud({ instances: 10 });
    expect(second.credentials.secretId).not.toBe(cloud.credentials.secretId);
    await second.close();
  });

  it('starts a 10,000-instance demo cloud quickly (VNC servers are created on demand) and closes cleanly', async () => {
    const began = performance.now();
    const big = await startDemoCloud({ instances: 10_000, latencyMs: 0 });
    const startMs = performance.now() - began;
    expect(startMs).toBeLessThan(2000);
    expect(big.fleet.size).toBe(10_000);
    const res = await call(big.port, {
      action: 'DescribeInstanceVncUrl',
      params: { InstanceId: 'ins-demo0001' },
      region: 'ap-guangzhou',
      ...big.credentials,
    });
    const viewer = await open(decodeURIComponent(res.json.Response.InstanceVncUrl as string));
    await viewer.waitBytes(12);
    await big.close();
    await viewer.closed;
    await expect(
      new Promise((resolve, reject) => {
        request(`${big.endpoint}/`, resolve).on('error', reject).end();
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
