// A demo console's built-in RFB server in a process of its own (for the transcript benchmark): in
// the app the server runs in the main process and the viewer in the renderer, so a viewer that
// shared one JavaScript thread with the server's drawing and encoding would measure that instead.
//   child: node jiti-cli.mjs test/bench/vnc-server-process.ts '<BuiltinVncServerOptions as JSON>'
import { spawn } from 'node:child_process';
import { BuiltinVncServer } from '../../src-main/demo/vnc-server/vnc-server';
import type { BuiltinVncServerOptions } from '../../src-main/demo/vnc-server/vnc-server';
import { jitiCli } from './cli-cloud';

const READY = 'vnc-server listening on ';

export interface VncServerProcess {
  port: number;
  close(): Promise<void>;
}

export async function startVncServerProcess(options: BuiltinVncServerOptions): Promise<VncServerProcess> {
  const child = spawn(
    process.execPath,
    [jitiCli(), 'test/bench/vnc-server-process.ts', JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  let port: number | undefined;
  while (!(port = Number(/listening on (\d+)\n/.exec(out)?.[1]))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the VNC server process did not start: ${err.slice(0, 500)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv[1]?.endsWith('vnc-server-process.ts') && process.argv[2]) {
  const server = new BuiltinVncServer(JSON.parse(process.argv[2]) as BuiltinVncServerOptions);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  void server.listen().then(({ port }) => process.stdout.write(`${READY}${port}\n`));
}
