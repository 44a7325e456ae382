// Starts a real TigerVNC Xvnc on a free display and loopback port, for tests that need a real server.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export const XVNC = '/usr/bin/Xvnc';

export interface RunningXvnc {
  port: number;
  display: number;
  stop(): Promise<void>;
}

export function requireXvnc(): void {
  if (!existsSync(XVNC)) {
    throw new Error(`${XVNC} not found. Install it with: apt-get install tigervnc-standalone-server`);
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function freeDisplay(): number {
  // Start high and at a random point so parallel runs (and a developer's own X) do not collide.
  const start = 60 + Math.floor(Math.random() * 300);
  for (let n = start; n < start + 200; n++) {
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n;
  }
  throw new Error('no free X display number');
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startXvnc(geometry = '800x600'): Promise<RunningXvnc> {
  requireXvnc();
  const port = await freePort();
  const display = freeDisplay();
  const args = [`:${display}`, '-rfbport', String(port), '-SecurityTypes', 'None', '-localhost'];
  args.push('-geometry', geometry, '-depth', '24', '-nolisten', 'tcp', '-AlwaysShared');
  const child: ChildProcess = spawn(XVNC, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Xvnc :${display} did not start listening on ${port}:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    display,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
