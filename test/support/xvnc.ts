// Starts a real TigerVNC Xvnc on a display it picks itself (-displayfd) and a free loopback port,
// for tests that need a real VNC server (unit tests of the gateway, the e2e console test).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './free-port';

export const XVNC = '/usr/bin/Xvnc';

export interface RunningXvnc {
  port: number;
  /** The X display, e.g. ":61". */
  display: string;
  stop(): Promise<void>;
}

export interface XvncOptions {
  /** Screen size, e.g. "1024x768". */
  geometry?: string;
  /** The classic stipple root window, so the screen has pixels to see. */
  retro?: boolean;
}

export function requireXvnc(): void {
  if (!existsSync(XVNC)) {
    throw new Error(`${XVNC} not found. Install it with: apt-get install tigervnc-standalone-server`);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startXvnc({
  geometry = '800x600',
  retro = false,
}: XvncOptions = {}): Promise<RunningXvnc> {
  requireXvnc();
  const port = await freePort();
  const args = ['-displayfd', '3', '-rfbport', String(port), '-SecurityTypes', 'None', '-localhost'];
  args.push('-geometry', geometry, '-depth', '24', '-nolisten', 'tcp', '-AlwaysShared');
  if (retro) args.push('-retro');
  const child: ChildProcess = spawn(XVNC, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  // Xvnc writes its display number to fd 3 once it is ready.
  let display = '';
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (display += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!display.includes('\n') || !(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`Xvnc did not start listening on ${port}:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, display: `:${display.trim()}`, stop };
}
