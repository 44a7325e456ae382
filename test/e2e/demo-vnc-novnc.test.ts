import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './harness/chromium';
import { CTRL_ALT_DEL_EVENTS } from './console-helpers';
import type { Browser, Page } from 'playwright-core';
import { BuiltinVncServer } from '../../src-main/demo/vnc-server/vnc-server';
import { VncGateway } from '../../src-main/demo/gateway/vnc-gateway';
import type { VncBackend } from '../../src-main/demo/gateway/vnc-gateway';

// Real noVNC (the npm package's ESM sources, loaded natively by Chromium) against the built-in VNC
// server through the one-time-token gateway: frames must arrive and keys must be recorded.
const NOVNC_ROOT = resolve(fileURLToPath(import.meta.url), '../../../node_modules/@novnc/novnc');

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>demo vnc</title></head>
<body style="margin:0;background:#333">
<div id="screen" style="width:720px;height:400px"></div>
<script type="module">
import RFB from '/novnc/core/rfb.js';
window.openConsole = (url) => new Promise((resolve, reject) => {
  // The password hint travels in the URL, as in DescribeInstanceVncUrl's answer.
  const password = new URL(url).searchParams.get('password') ?? '';
  const rfb = new RFB(document.getElementById('screen'), url, { wsProtocols: ['binary'] });
  window.rfb = rfb;
  window.events = [];
  rfb.addEventListener('credentialsrequired', () => { window.events.push('credentialsrequired'); rfb.sendCredentials({ password }); });
  rfb.addEventListener('connect', () => { window.events.push('connect'); resolve(rfb._fbName); });
  rfb.addEventListener('disconnect', (e) => { window.events.push('disconnect:' + e.detail.clean); reject(new Error('disconnected')); });
  rfb.addEventListener('securityfailure', (e) => reject(new Error('security failure: ' + e.detail.reason)));
});
window.canvasStats = () => {
  const c = document.querySelector('#screen canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let lit = 0, hash = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] || d[i + 1] || d[i + 2]) lit++;
    hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) | 0;
  }
  return { width: c.width, height: c.height, lit, hash, first: [d[0], d[1], d[2]] };
};
window.ready = true;
</script></body></html>`;

let browser: Browser;
let http: Server;
let base: string;
let gateway: VncGateway;
const backends = new Map<string, VncBackend>();
const servers: BuiltinVncServer[] = [];

async function serveStatic(path: string): Promise<{ type: string; body: Buffer } | undefined> {
  if (path === '/') return { type: 'text/html; charset=utf-8', body: Buffer.from(PAGE) };
  if (!path.startsWith('/novnc/')) return undefined;
  const file = resolve(NOVNC_ROOT, `.${decodeURIComponent(path.slice('/novnc'.length))}`);
  if (!file.startsWith(NOVNC_ROOT + sep) || !file.endsWith('.js')) return undefined;
  try {
    return { type: 'text/javascript; charset=utf-8', body: await readFile(file) };
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  gateway = new VncGateway({ resolveBackend: (id) => backends.get(id), isRunning: (id) => backends.has(id) });
  http = createServer((req, res) => {
    void serveStatic(new URL(req.url ?? '/', 'http://x').pathname).then((found) => {
      res.writeHead(found ? 200 : 404, { 'Content-Type': found?.type ?? 'text/plain' });
      res.end(found?.body ?? 'not found');
    });
  });
  http.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  http?.closeAllConnections();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  await Promise.all(servers.map((s) => s.close()));
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
  await page.goto(`http://${base}/`);
  await page.waitForFunction(() => (globalThis as unknown as PageApi).ready === true);
  return page;
}

function addInstance(id: string, server: BuiltinVncServer): void {
  servers.push(server);
  backends.set(id, { kind: 'builtin', server });
}

interface Stats {
  width: number;
  height: number;
  lit: number;
  hash: number;
  first: number[];
}
// What the test page puts on its global object (page.evaluate bodies run in the browser, so only
// type casts — erased at compile time — may refer to this).
interface PageApi {
  ready?: boolean;
  events: string[];
  rfb: {
    sendKey(keysym: number, code: string | null, down?: boolean): void;
    focus(): void;
    sendCtrlAltDel(): void;
    // noVNC's own state (private fields of noVNC 1.7): continuous updates on, a server fence answered.
    _enabledContinuousUpdates?: boolean;
    _supportsFence?: boolean;
  };
  openConsole(url: string): Promise<string>;
  canvasStats(): Stats;
}
const stats = (page: Page) => page.evaluate(() => (globalThis as unknown as PageApi).canvasStats());

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('built-in VNC server with real noVNC in Chromium', () => {
  it('draws the Linux console, and records keys from rfb.sendKey and the page keyboard', async () => {
    const server = new BuiltinVncServer({
      title: 'Ubuntu 22.04 LTS web-01 tty1',
      flavour: 'linux',
      rebootDelayMs: 300,
    });
    addInstance('ins-novnc001', server);
    const page = await openPage();
    const url = gateway.mintUrl('ins-novnc001', `ws://${base}`, { isWindows: false, isUbuntu: true });
    const name = await page.evaluate((u) => (globalThis as unknown as PageApi).openConsole(u), url);
    expect(name).toBe('Ubuntu 22.04 LTS web-01 tty1');

    // Frames arrive: the canvas has the server's size and text on it.
    await waitFor(async () => (await stats(page)).lit > 1000);
    const first = await stats(page);
    expect([first.width, first.height]).toEqual([720, 400]);

    // Keys through noVNC's API...
    await page.evaluate(() => {
      const rfb = (globalThis as unknown as PageApi).rfb;
      for (const ch of 'root') rfb.sendKey(ch.charCodeAt(0), null);
      rfb.sendKey(0xff0d, 'Enter');
    });
    await waitFor(() => server.typedText() === 'root\n');
    // ...and through real keyboard events on the focused canvas.
    await page.evaluate(() => (globalThis as unknown as PageApi).rfb.focus());
    await page.keyboard.type('s3cret');
    await page.keyboard.press('Enter');
    await page.keyboard.type('echo Hi');
    await page.keyboard.press('Enter');
    await waitFor(() => server.screenText().includes('root@web-01:~# echo Hi\nHi'));
    expect(server.typedText()).toBe('root\ns3cret\necho Hi\n');

    const downs = server.keyEvents().filter((k) => k.down && k.keysym !== 0xffe1 && k.keysym !== 0xffe2);
    expect(downs.map((k) => k.keysym)).toEqual(
      [...'root']
        .map((c) => c.charCodeAt(0))
        .concat(
          [0xff0d],
          [...'s3cret'].map((c) => c.charCodeAt(0)),
          [0xff0d],
          [...'echo Hi'].map((c) => c.charCodeAt(0)),
          [0xff0d],
        ),
    );
    // Every press is released again. The last Enter's release can still be in flight when the
    // shell has already echoed, so wait for it rather than count at once.
    const balanced = () => {
      const events = server.keyEvents();
      return events.filter((k) => !k.down).length * 2 === events.length;
    };
    await waitFor(balanced, 2_000);
    expect(balanced()).toBe(true);

    // The canvas follows: the shell text is now on screen.
    await waitFor(async () => (await stats(page)).hash !== first.hash);
    // It came pushed: noVNC turned continuous updates on when the server announced them, and it has
    // answered the fences that follow pushed updates (else the server would have stopped pushing).
    const flow = await page.evaluate(() => {
      const rfb = (globalThis as unknown as PageApi).rfb;
      return { continuous: rfb._enabledContinuousUpdates, fence: rfb._supportsFence };
    });
    expect(flow).toEqual({ continuous: true, fence: true });

    // Ctrl+Alt+Del from noVNC's button API: the console shows the reboot, then boots again.
    const before = server.keyEvents().length;
    await page.evaluate(() => (globalThis as unknown as PageApi).rfb.sendCtrlAltDel());
    await waitFor(() => server.screenText().includes('Ctrl-Alt-Del pressed: rebooting...'));
    await waitFor(() => server.keyEvents().length >= before + 6, 2_000);
    const keysyms = server
      .keyEvents()
      .slice(before)
      .map((k) => [k.keysym, k.down]);
    expect(keysyms).toEqual(CTRL_ALT_DEL_EVENTS);
    await waitFor(() => server.screenText().endsWith('web-01 login:'));
    await page.close();
    await waitFor(() => server.connections === 0);
  });

  it('unlocks the Windows lock screen through VNC authentication with the URL’s password hint', async () => {
    const server = new BuiltinVncServer({
      title: 'Windows Server 2022 Datacenter',
      flavour: 'windows',
      password: 'Demo#2024',
    });
    addInstance('ins-novnc002', server);
    const page = await openPage();
    const url = gateway.mintUrl('ins-novnc002', `ws://${base}`, {
      password: 'Demo#2024',
      isWindows: true,
      isUbuntu: false,
    });
    await page.evaluate((u) => (globalThis as unknown as PageApi).openConsole(u), url);
    const events = await page.evaluate(() => (globalThis as unknown as PageApi).events);
    expect(events).toEqual(['credentialsrequired', 'connect']);

    // The lock screen is blue (0x0063b1) right from the corner.
    await waitFor(async () => (await stats(page)).first.join() === '0,99,177');
    const locked = await stats(page);
    await page.evaluate(() => (globalThis as unknown as PageApi).rfb.sendCtrlAltDel());
    await waitFor(async () => (await stats(page)).hash !== locked.hash);
    expect(server.screenText()).toContain('Password:');
    await page.evaluate(() => (globalThis as unknown as PageApi).rfb.focus());
    await page.keyboard.type('P@ssw0rd');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await stats(page)).first.join() === '12,12,12'); // the dark prompt
    expect(server.typedText()).toBe('P@ssw0rd\n');
    expect(server.screenText()).toContain('C:\\Users\\Administrator>');
    await page.close();
  });

  it('the token in the URL is spent: opening the same URL again is refused', async () => {
    const server = new BuiltinVncServer({ title: 'Debian 12 once tty1', flavour: 'linux' });
    addInstance('ins-novnc003', server);
    const page = await openPage();
    const url = gateway.mintUrl('ins-novnc003', `ws://${base}`, { isWindows: false, isUbuntu: false });
    const open = (u: string) =>
      page.evaluate(
        (x) =>
          (globalThis as unknown as PageApi).openConsole(x).then(
            () => 'ok',
            () => 'failed',
          ),
        u,
      );
    expect(await open(url)).toBe('ok');
    expect(await open(url)).toBe('failed');
    expect(
      gateway
        .tokenLog()
        .filter((e) => e.instanceId === 'ins-novnc003')
        .map((e) => e.outcome),
    ).toEqual(['accepted', 'reused']);
    await page.close();
  });
});
