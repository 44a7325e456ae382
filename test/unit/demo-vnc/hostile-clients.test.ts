// The demo cloud against hostile viewers, all at once, within 200 connections: viewers that never
// read while asking for the whole screen 900 times every 500 ms, floods of 1,500 update requests per
// frame at 8 and 32 bpp, malformed RFB over and over (straight to a VNC server and through the
// gateway), and slowloris (a byte every 500 ms into RFB handshakes, HTTP upgrades, WebSocket frames
// and clipboard messages). Meanwhile a good viewer and the app's cloud client keep using it.
//
// The demo cloud runs here, as in the app's main process; the attackers run in a child process of
// the lowest priority, as if elsewhere. Bounds, once the attack is in place: this process's RSS stays
// under 200 MB above its baseline, and everything the good viewer waits for (a console URL from the
// API, the upgrade, the handshake, the first frame, a key's echo, the liveness probe, an API call)
// comes within 100 ms. Each wait is checked on the lesser of its wall-clock time and this process's
// CPU time meanwhile (see latency.ts), so time the shared 2-core machine gives other processes does
// not count; both are printed. The ramp (190 connections opening at once) is measured and printed,
// not bounded. (The 50 ms bound for API calls under an update flood is demo-event-loop.test.ts.)
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type WebSocket from 'ws';
import { startDemoCloud, type DemoCloud } from '../../../src-main/demo/demo-cloud';
import { createCvmClient, type CvmClient } from '../../../src-main/cloud';
import { openWebSocket, RfbTestClient } from './rfb-test-client';
import { startAttacker, type Attacker, type AttackStats } from './attacker';
import { heldMs, summary, timed, type Timing } from './latency';
import { until } from './gateway-harness';

const MB = 1024 * 1024;
const RSS_BUDGET = 200 * MB;
const GOOD_CLIENT_BUDGET_MS = 100;
const ATTACK_MS = 8_000;
// After the last hostile link is up, for the never-reading viewers to fill their socket buffers.
const RAMP_SETTLE_MS = 3_000;
// Links through the gateway once the attack is in place: never-read, floods, slow frames and clipboards.
const HOSTILE_GATEWAY_LINKS = 40 + 8 + 25 + 25;
const GOOD = 'ins-demo0001';
const HINTS = { isWindows: false, isUbuntu: false };

let cloud: DemoCloud;
let client: CvmClient;
let attacker: Attacker;
let hostileIds: string[];
let vncPort: number;

beforeAll(async () => {
  // The per-instance connect cap (30/min) is lifted: it would stop most attackers at the door.
  cloud = await startDemoCloud({ instances: 60, seed: 9, gateway: { connectsPerMinute: 1_000_000 } });
  const { secretId, secretKey } = cloud.credentials;
  client = createCvmClient({ credentials: async () => ({ secretId, secretKey }), endpoint: cloud.endpoint });
  hostileIds = cloud.fleet
    .ids()
    .filter(
      (id) => id !== GOOD && cloud.fleet.get(id)?.state === 'RUNNING' && !cloud.fleet.get(id)?.vncPassword,
    )
    .slice(0, 6);
  expect(hostileIds.length).toBe(6);
  // The first hostile instance's VNC server also listens on TCP, for raw RFB abuse.
  ({ port: vncPort } = await cloud.vncServer(hostileIds[0]!)!.listen(0));
  let next = 0;
  attacker = await startAttacker((n) =>
    Array.from({ length: n }, () =>
      cloud.gateway.mintUrl(hostileIds[next++ % hostileIds.length]!, cloud.vncBase, HINTS),
    ),
  );
}, 30_000);

afterAll(async () => {
  attacker?.kill();
  await cloud?.close();
});

/**
 * The good viewer, doing what the app's console does: open the console (a URL from the API, the
 * WebSocket upgrade, the RFB handshake, the first full frame), type and see the echo, send the
 * liveness probe (a 1x1 non-incremental request), and list instances through the API. Each is
 * timed on its own (`served`), and opening the console also as a whole (`connects`).
 */
class GoodViewer {
  readonly served: Record<'url' | 'upgrade' | 'handshake' | 'firstFrame' | 'echo' | 'probe', Timing[]> = {
    url: [],
    upgrade: [],
    handshake: [],
    firstFrame: [],
    echo: [],
    probe: [],
  };
  readonly connects: Timing[] = [];
  readonly apiCalls: Timing[] = [];
  private ws: WebSocket | undefined;
  private rfb!: RfbTestClient;
  private readonly region = cloud.fleet.get(GOOD)!.region;

  private async time<T>(what: keyof GoodViewer['served'], fn: () => Promise<T>): Promise<T> {
    let result!: T;
    this.served[what].push(await timed(async () => (result = await fn())));
    return result;
  }

  async connect(): Promise<void> {
    const t = await timed(async () => {
      const { url } = await this.time('url', () =>
        client.describeInstanceVncUrl({ region: this.region, instanceId: GOOD }),
      );
      const { ws, stream } = await this.time('upgrade', () => openWebSocket(url));
      this.ws?.terminate();
      this.ws = ws;
      this.rfb = await this.time('handshake', () => RfbTestClient.connect(stream));
      await this.time('firstFrame', async () => {
        this.rfb.requestUpdate(false);
        await this.rfb.readUpdate();
      });
    });
    this.connects.push(t);
  }

  async round(): Promise<void> {
    await this.time('echo', async () => {
      this.rfb.requestUpdate(true);
      this.rfb.type('x');
      await this.rfb.readUpdate();
    });
    await this.time('probe', async () => {
      this.rfb.requestUpdate(false, { x: 0, y: 0, w: 1, h: 1 });
      await this.rfb.readUpdate();
    });
    this.apiCalls.push(await timed(() => client.describeInstances({ region: this.region, limit: 1 })));
  }

  /** One line per kind of wait, with the ramp's numbers (`during`) alongside. */
  report(during: GoodViewer): string[] {
    const line = (name: string, a: Timing[], b: Timing[]) =>
      `${name.padEnd(22)} ${summary(a)}  (ramp: ${summary(b)})`;
    return [
      ...Object.keys(this.served).map((k) => {
        const key = k as keyof GoodViewer['served'];
        return line(`good viewer ${key}`, this.served[key], during.served[key]);
      }),
      line('good viewer connect', this.connects, during.connects),
      line('API DescribeInstances', this.apiCalls, during.apiCalls),
    ];
  }

  close(): void {
    this.ws?.terminate();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Uses the console like a person: a fresh connect every second, a round every 100 ms. */
async function drive(viewer: GoodViewer, done: () => boolean): Promise<void> {
  let lastConnect = 0;
  while (!done()) {
    if (Date.now() - lastConnect > 1000) {
      await viewer.connect();
      lastConnect = Date.now();
    }
    await viewer.round();
    await sleep(100);
  }
}

describe('the demo cloud under hostile viewers', () => {
  it('keeps memory bounded and serves a good viewer and the API promptly throughout', async () => {
    // Warm up (JIT, the good instance's console, connections), then take the baseline.
    const warm = new GoodViewer();
    for (let i = 0; i < 3; i++) {
      await warm.connect();
      for (let j = 0; j < 3; j++) await warm.round();
    }
    warm.close();
    const baseline = process.memoryUsage().rss;

    let peakRss = baseline;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const httpPort = cloud.port;
    attacker.attack({ kind: 'never-read', count: 40 });
    attacker.attack({ kind: 'flood-read', count: 4, bpp: 8 });
    attacker.attack({ kind: 'flood-read', count: 4, bpp: 32 });
    attacker.attack({ kind: 'malformed', count: 40, vncPort });
    attacker.attack({ kind: 'slowloris', count: 100, vncPort, httpPort });

    // The ramp: some 190 connections opening at once, the never-reading ones filling their socket
    // buffers (about 4 MB each). Measured and reported, not held to the bounds: see the note above.
    const ramp = new GoodViewer();
    let established = false;
    const settled = until(() => cloud.gateway.liveConnections() >= HOSTILE_GATEWAY_LINKS, 20_000)
      .then(() => sleep(RAMP_SETTLE_MS))
      .finally(() => (established = true));
    await Promise.all([settled, drive(ramp, () => established)]);
    ramp.close();

    // The attack in full swing.
    const good = new GoodViewer();
    // For ATTACK_MS, and on until the stalled RFB handshakes have met the server's 10 s timeout.
    const end = Date.now() + ATTACK_MS;
    let handshakesCut = false;
    const watch = (async () => {
      while (!handshakesCut && Date.now() < end + 15_000) {
        handshakesCut = ((await attacker.stats())['slow-rfb-handshake']?.closedByServer ?? 0) > 0;
        await sleep(250);
      }
    })();
    await drive(good, () => Date.now() >= end && (handshakesCut || Date.now() >= end + 15_000));
    await watch;
    const live = cloud.gateway.liveConnections();
    const stats: AttackStats = await attacker.stop();
    clearInterval(sampler);
    good.close();

    const report = [
      `RSS: baseline ${(baseline / MB).toFixed(0)} MB, peak +${((peakRss - baseline) / MB).toFixed(1)} MB`,
      `live gateway links at the end: ${live}`,
      ...good.report(ramp),
      ...Object.entries(stats).map(([k, s]) => `${k}: ${JSON.stringify(s)}`),
    ].join('\n');
    console.info(report);

    // The attack took place: every kind connected, and the floods were being served.
    for (const kind of [
      'never-read',
      'flood-read-8',
      'flood-read-32',
      'slow-rfb-handshake',
      'slow-http-upgrade',
      'slow-ws-frame',
      'slow-clipboard',
    ]) {
      expect(stats[kind]?.opened, `${kind}\n${report}`).toBeGreaterThan(0);
    }
    expect(stats['flood-read-8']!.bytesIn + stats['flood-read-32']!.bytesIn, report).toBeGreaterThan(10 * MB);
    // Malformed RFB is cut off by the server; a stalled handshake after 10 s.
    for (const kind of [
      'malformed-http',
      'malformed-bad-version',
      'malformed-unknown-message',
      'malformed-huge-clipboard',
      'malformed-colour-map-format',
    ]) {
      expect(stats[kind]?.closedByServer, `${kind}\n${report}`).toBeGreaterThan(0);
    }
    expect(stats['slow-rfb-handshake']!.closedByServer, report).toBeGreaterThan(0);
    // The never-reading viewers were held, not dropped: backpressure, not a kill switch.
    expect(stats['never-read']!.closedByServer, report).toBe(0);

    expect(peakRss - baseline, report).toBeLessThan(RSS_BUDGET);
    expect(good.served.echo.length, report).toBeGreaterThan(20);
    for (const [what, timings] of Object.entries({ ...good.served, api: good.apiCalls })) {
      for (const t of timings) expect(heldMs(t), `${what}\n${report}`).toBeLessThan(GOOD_CLIENT_BUDGET_MS);
    }

    // Everything hostile is gone once the attackers are; the servers are fine.
    await until(() => cloud.gateway.liveConnections() === 0, 5000);
    await until(() => hostileIds.every((id) => cloud.vncServer(id)!.connections === 0), 5000);
  }, 60_000);
});
