// The same connect path, through the demo gateway, to a real VNC server: TigerVNC's Xvnc. Proves
// the console is not tuned to our own built-in server (encodings, ExtendedDesktopSize, resize).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import {
  SCREENSHOT_DIR,
  canvasStats,
  consoleView,
  openAppPage,
  openConsole,
  tryDemo,
  waitForPicture,
} from './console-helpers';

function requireXvnc(): void {
  const probe = spawnSync('Xvnc', ['-version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      'TigerVNC Xvnc is needed for this test and was not found: apt-get install tigervnc-standalone-server',
    );
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Xvnc did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts Xvnc on a display it picks itself (-displayfd) with the classic stipple root, so it has pixels. */
async function startXvnc(port: number): Promise<{ process: ChildProcess; display: string }> {
  const child = spawn(
    'Xvnc',
    [
      '-displayfd',
      '3',
      '-rfbport',
      String(port),
      '-SecurityTypes',
      'None',
      '-localhost',
      '-geometry',
      '1024x768',
      '-retro',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    let out = '';
    fd3.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('exit', (code) =>
      reject(new Error(`Xvnc exited (${code}) before it was ready: ${stderr.slice(-500)}`)),
    );
    setTimeout(() => reject(new Error(`Xvnc did not start: ${stderr.slice(-500)}`)), 10_000);
  });
  await waitForPort(port, 10_000);
  return { process: child, display };
}

describe('the console against a real TigerVNC Xvnc', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let xvnc: ChildProcess | undefined;
  let port = 0;

  let rig: AppRig;

  beforeAll(async () => {
    requireXvnc();
    port = await freePort();
    xvnc = (await startXvnc(port)).process;
    rig = await startAppRig();
    ({ app, server, browser } = rig);
  });
  afterAll(async () => {
    await rig?.close();
    if (xvnc && xvnc.exitCode === null) {
      const exited = new Promise((r) => xvnc!.once('exit', r));
      xvnc.kill('SIGTERM');
      await exited;
    }
  });

  it('connects through the gateway, draws Xvnc’s screen and resizes it remotely', async () => {
    const { page, pageErrors, close } = await openAppPage(browser, server, app.handlers);
    const id = 'ins-demo0003';
    await tryDemo(page); // starts the demo cloud
    const cloud = (await app.demo.cloud())!;
    cloud.setBackend(id, { kind: 'tcp', host: '127.0.0.1', port });

    await openConsole(page, id);
    const stats = await waitForPicture(page, id);
    expect(stats.width).toBe(1024);
    expect(stats.height).toBe(768);
    // The stipple root window: about half the pixels differ from the most common colour.
    expect(stats.foreground).toBeGreaterThan(1024 * 768 * 0.2);
    expect(
      cloud.gateway.tokenLog().filter((e) => e.instanceId === id && e.outcome === 'accepted'),
    ).toHaveLength(1);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/console-xvnc.png` });

    // Xvnc speaks ExtendedDesktopSize, so remote resize is offered, and it works.
    const remote = page.locator('[data-testid="scale-mode"] option[value="remote"]');
    await expect.poll(() => remote.isDisabled()).toBe(false);
    await page.getByTestId('scale-mode').selectOption('remote');
    const box = (await consoleView(page, id).getByTestId('console-screen').boundingBox())!;
    await expect
      .poll(async () => (await canvasStats(page, id)).width, { timeout: 10_000 })
      .toBe(Math.floor(box.width));
    expect((await canvasStats(page, id)).height).toBe(Math.floor(box.height));

    expect(pageErrors).toEqual([]);
    await close();
  });
});
