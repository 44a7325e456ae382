import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import type WebSocket from 'ws';
import { BuiltinVncServer } from '../../../../src-main/demo/vnc-server/vnc-server';
import { startGateway, until } from './gateway-harness';
import type { GatewayHarness } from './gateway-harness';
import { freePort } from '../../../support/free-port';
import { openWebSocket, RfbTestClient, upgradeStatus } from '../vnc-server/rfb-test-client';

let h: GatewayHarness;
let server: BuiltinVncServer;
const sockets: WebSocket[] = [];
const ID = 'ins-web00001';
const HINTS = { isWindows: false, isUbuntu: true };

beforeEach(async () => {
  h = await startGateway();
  server = new BuiltinVncServer({ title: 'Ubuntu 22.04 LTS web-01 tty1', flavour: 'linux' });
  h.backends.set(ID, { kind: 'builtin', server });
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await h.close();
  await server.close();
});

function mint(id = ID): string {
  return h.gateway.mintUrl(id, h.base, HINTS);
}

async function connect(
  url: string,
): Promise<{ ws: WebSocket; rfb: RfbTestClient; closeCode: Promise<number> }> {
  const { ws, stream } = await openWebSocket(url);
  sockets.push(ws);
  const closeCode = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const rfb = await RfbTestClient.connect(stream);
  return { ws, rfb, closeCode };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const tokenOf = (url: string) => /[?&]s=([^&]*)/.exec(url)![1]!;

describe('VncGateway URLs and tokens', () => {
  it('mints the decoded URL shape the real DescribeInstanceVncUrl value decodes to', () => {
    const url = mint();
    expect(url).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/vnc\?s=[A-Za-z0-9+/]{67}=&password=&isWindows=false&isUbuntu=true$/,
    );
    expect(decodeURIComponent(encodeURIComponent(url))).toBe(url);
    const withPassword = h.gateway.mintUrl(ID, `${h.base}/`, {
      password: 'p&ss=w+rd',
      isWindows: true,
      isUbuntu: false,
    });
    expect(withPassword).toContain('/vnc?s=');
    expect(new URL(withPassword).searchParams.get('password')).toBe('p&ss=w+rd');
    expect(new URL(withPassword).searchParams.get('isWindows')).toBe('true');
  });

  it("puts '+' and '/' into tokens, as real base64 tokens have", () => {
    const tokens = Array.from({ length: 40 }, () => tokenOf(mint()));
    expect(tokens.some((t) => t.includes('+'))).toBe(true);
    expect(tokens.some((t) => t.includes('/'))).toBe(true);
    expect(new Set(tokens).size).toBe(40);
  });

  it('accepts a fresh token, offers the binary subprotocol and pipes RFB to the instance', async () => {
    const { ws, rfb } = await connect(mint());
    expect(ws.protocol).toBe('binary');
    expect(rfb.name).toBe('Ubuntu 22.04 LTS web-01 tty1');
    rfb.requestUpdate(false);
    expect(await rfb.readUpdate()).toHaveLength(1);
    rfb.type('root\n');
    await until(() => server.typedText() === 'root\n');
    expect(h.gateway.liveConnections(ID)).toBe(1);
    expect(h.gateway.liveConnections()).toBe(1);
    expect(h.gateway.liveConnections('ins-other000')).toBe(0);
  });

  it("keeps '+' literal: raw and %2B-encoded tokens work, a form-decoded one (space) does not", async () => {
    let url = mint();
    while (!tokenOf(url).includes('+')) url = mint();
    const token = tokenOf(url);
    expect(await upgradeStatus(url.replace(token, token.replaceAll('+', ' ').replaceAll(' ', '%20')))).toBe(
      403,
    );
    // That attempt named an unknown token, so the real one is still unspent.
    expect(await upgradeStatus(url)).toBe(101);
    let url2 = mint();
    while (!tokenOf(url2).includes('+')) url2 = mint();
    const t2 = tokenOf(url2);
    expect(await upgradeStatus(url2.replace(t2, encodeURIComponent(t2)))).toBe(101);
  });

  it('lets a token work exactly once and logs both attempts without the token', async () => {
    const url = mint();
    expect(await upgradeStatus(url)).toBe(101);
    expect(await upgradeStatus(url)).toBe(403);
    const token = tokenOf(url);
    const mine = h.gateway.tokenLog().filter((e) => e.tokenHash === sha256(token));
    expect(mine.map((e) => e.outcome)).toEqual(['accepted', 'reused']);
    expect(mine[0]).toMatchObject({ instanceId: ID, issuedAt: h.clock.now, usedAt: h.clock.now });
    expect(JSON.stringify(h.gateway.tokenLog())).not.toContain(token);
    expect(JSON.stringify(h.gateway.tokenLog())).not.toContain(encodeURIComponent(token));
  });

  it('honours the 15 s lifetime on the injected clock (15 000 ms ok, 15 001 ms expired)', async () => {
    const onTime = mint();
    const late = mint();
    h.clock.now += 15_000;
    expect(await upgradeStatus(onTime)).toBe(101);
    h.clock.now += 1;
    expect(await upgradeStatus(late)).toBe(403);
    const outcome = (url: string) =>
      h.gateway.tokenLog().find((e) => e.tokenHash === sha256(tokenOf(url)))?.outcome;
    expect(outcome(onTime)).toBe('accepted');
    expect(outcome(late)).toBe('expired');
  });

  it('caps an instance at 30 connects per rolling minute with 429 and Retry-After', async () => {
    for (let i = 0; i < 30; i++) {
      expect(await upgradeStatus(mint())).toBe(101);
      h.clock.now += 1000;
    }
    const capped = mint();
    const res = await rawUpgrade(capped);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('30'); // the first connect leaves the window 30 s from now
    // Another instance has its own budget.
    h.backends.set('ins-other000', { kind: 'builtin', server });
    expect(await upgradeStatus(mint('ins-other000'))).toBe(101);
    h.clock.now += 30_001;
    expect(await upgradeStatus(mint())).toBe(101);
    const outcomes = h.gateway.tokenLog().map((e) => e.outcome);
    expect(outcomes.filter((o) => o === 'rate-limited')).toHaveLength(1);
  });

  it('refuses non-running or unknown instances with 409', async () => {
    h.stopped.add(ID);
    const url = mint();
    expect(await upgradeStatus(url)).toBe(409);
    expect(await upgradeStatus(mint('ins-nobackend'))).toBe(409);
    expect(h.gateway.tokenLog().filter((e) => e.outcome === 'not-running')).toHaveLength(2);
  });

  it('answers unknown tokens 403, other paths 404, and non-WebSocket upgrades 400 without spending the token', async () => {
    expect(await upgradeStatus(`${h.base}/vnc?s=bm90LWEtdG9rZW4=`)).toBe(403);
    expect(await upgradeStatus(`${h.base}/vnc`)).toBe(403);
    const unknown = h.gateway.tokenLog().filter((e) => e.outcome === 'unknown');
    expect(unknown).toHaveLength(2);
    expect(unknown[0]!.instanceId).toBe('');
    const url = mint();
    expect(await upgradeStatus(url.replace('/vnc?', '/elsewhere?'))).toBe(404);
    const bad = await rawUpgrade(url, { 'Sec-WebSocket-Key': 'short' });
    expect(bad.status).toBe(400);
    expect(await upgradeStatus(url)).toBe(101);
  });

  it('answers 502 when a TCP backend does not answer, and spends the token', async () => {
    const closedPort = await freePort();
    h.backends.set('ins-tcp00001', { kind: 'tcp', host: '127.0.0.1', port: closedPort });
    const url = mint('ins-tcp00001');
    expect(await upgradeStatus(url)).toBe(502);
    expect(h.gateway.tokenLog().find((e) => e.tokenHash === sha256(tokenOf(url)))?.outcome).toBe('refused');
  });
});

describe('VncGateway fault injection', () => {
  it('dropAll closes live connections abruptly (1006) and only for the given instance', async () => {
    h.backends.set('ins-b0000002', { kind: 'builtin', server });
    const a = await connect(mint());
    const b = await connect(mint());
    const other = await connect(mint('ins-b0000002'));
    await until(() => server.connections === 3);
    expect(h.gateway.faults.dropAll(ID)).toBe(2);
    expect(await a.closeCode).toBe(1006);
    expect(await b.closeCode).toBe(1006);
    await until(() => server.connections === 1);
    expect(h.gateway.liveConnections()).toBe(1);
    other.rfb.requestUpdate(false);
    expect(await other.rfb.readUpdate()).toHaveLength(1);
    expect(h.gateway.faults.dropAll()).toBe(1);
    await until(() => server.connections === 0);
  });

  it('dropAfter drops what is live when the time comes', async () => {
    const c = await connect(mint());
    const t0 = Date.now();
    h.gateway.faults.dropAfter(120);
    expect(await c.closeCode).toBe(1006);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(h.gateway.liveConnections()).toBe(0);
  });

  it('randomDrops drops every connection within [min, max], and null stops it', async () => {
    const drops = { minMs: 40, maxMs: 120 };
    h.gateway.faults.randomDrops(drops);
    const t0 = Date.now();
    // Plain WebSockets: under load an RFB handshake could itself outlast the 40 ms minimum.
    // The close listener is attached in the same tick as 'open', so no drop can slip past it.
    const closeCode = (url: string) =>
      openWebSocket(url).then(
        ({ ws }) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))),
      );
    const codes = await Promise.all([closeCode(mint()), closeCode(mint()), closeCode(mint())]);
    expect(codes).toEqual([1006, 1006, 1006]);
    expect(Date.now() - t0).toBeLessThan(1000);
    h.gateway.faults.randomDrops(null);
    const survivor = await connect(mint());
    // Past the longest random drop that could have been armed, the link still carries data.
    await new Promise((r) => setTimeout(r, 2 * drops.maxMs));
    expect(h.gateway.liveConnections()).toBe(1);
    survivor.rfb.requestUpdate(false);
    expect(await survivor.rfb.readUpdate()).toHaveLength(1);
    expect(survivor.ws.readyState).toBe(survivor.ws.OPEN);
  });

  it('blackHole forwards nothing either way and closes nothing; new connections still work', async () => {
    const c = await connect(mint());
    c.rfb.requestUpdate(false);
    await c.rfb.readUpdate();
    h.gateway.faults.blackHole(ID);
    c.rfb.requestUpdate(false); // would be answered at once by a live server
    c.rfb.type('lost');
    let ponged = false;
    c.ws.on('pong', () => (ponged = true));
    c.ws.ping();
    expect(await c.rfb.staysQuiet(300)).toBe(true);
    expect(ponged).toBe(false);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    expect(server.typedText()).toBe('');
    expect(server.connections).toBe(1);
    expect(h.gateway.liveConnections()).toBe(1);
    // A fresh connection is not affected.
    const fresh = await connect(mint());
    fresh.ws.ping();
    await new Promise<void>((resolve) => fresh.ws.once('pong', () => resolve()));
    fresh.rfb.requestUpdate(false);
    expect(await fresh.rfb.readUpdate()).toHaveLength(1);
  });

  it('refuseNext refuses exactly n valid connects with 503', async () => {
    h.gateway.faults.refuseNext(2);
    expect(await upgradeStatus(`${h.base}/vnc?s=unknown`)).toBe(403); // invalid tokens do not use up refusals
    expect(await upgradeStatus(mint())).toBe(503);
    expect(await upgradeStatus(mint())).toBe(503);
    expect(await upgradeStatus(mint())).toBe(101);
    expect(h.gateway.tokenLog().filter((e) => e.outcome === 'refused')).toHaveLength(2);
  });

  it('setLatency delays the upgrade and each direction; 0 restores speed', async () => {
    const small = { x: 0, y: 0, w: 16, h: 16 }; // tiny updates: the time measured is latency, not transfer
    h.gateway.faults.setLatency(150);
    let t0 = Date.now();
    const c = await connect(mint());
    // The upgrade and each of the 7 handshake messages that follow wait 150 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150 * 8 - 20);
    t0 = Date.now();
    c.rfb.requestUpdate(false, small);
    await c.rfb.readUpdate();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290); // one way and back
    h.gateway.faults.setLatency(0);
    t0 = Date.now();
    c.rfb.requestUpdate(false, small);
    await c.rfb.readUpdate();
    expect(Date.now() - t0).toBeLessThan(150);
  });

  it('stopInstance closes its connections cleanly (1000), and the stopped instance refuses connects', async () => {
    const c = await connect(mint());
    h.stopped.add(ID); // the simulator flips the state...
    h.gateway.faults.stopInstance(ID); // ...and the gateway drops the consoles
    expect(await c.closeCode).toBe(1000);
    await until(() => server.connections === 0);
    expect(await upgradeStatus(mint())).toBe(409);
  });

  it('reset clears latency and pending refusals', async () => {
    h.gateway.faults.refuseNext(5);
    h.gateway.faults.setLatency(500);
    const dropAfterMs = 100;
    h.gateway.faults.dropAfter(dropAfterMs);
    h.gateway.faults.reset();
    const t0 = Date.now();
    const c = await connect(mint());
    expect(Date.now() - t0).toBeLessThan(400);
    // Past the drop that reset cancelled, the link still carries data.
    await new Promise((r) => setTimeout(r, 2 * dropAfterMs));
    expect(h.gateway.liveConnections()).toBe(1);
    c.rfb.requestUpdate(false);
    expect(await c.rfb.readUpdate()).toHaveLength(1);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });

  it('closes the viewer cleanly when the VNC server goes away', async () => {
    const c = await connect(mint());
    await server.close();
    expect(await c.closeCode).toBe(1000);
    await until(() => h.gateway.liveConnections() === 0);
  });
});

/** A hand-made upgrade request, to see the gateway's raw HTTP answer (status and headers). */
async function rawUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string> }> {
  const { request } = await import('node:http');
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      path: `${u.pathname}${u.search}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string> });
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string> });
    });
    req.on('error', reject);
    req.end();
  });
}
