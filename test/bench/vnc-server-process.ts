// A demo console's built-in RFB server in a process of its own (for the transcript benchmark): in
// the app the server runs in the main process and the viewer in the renderer, so a viewer that
// shared one JavaScript thread with the server's drawing and encoding would measure that instead.
//   child: node jiti-cli.mjs test/bench/vnc-server-process.ts '<BuiltinVncServerOptions as JSON>'
import { BuiltinVncServer } from '../../src-main/demo/vnc-server/vnc-server';
import type { BuiltinVncServerOptions } from '../../src-main/demo/vnc-server/vnc-server';
import { startTsProcess } from './cli-cloud';

const READY = 'vnc-server listening on ';

export interface VncServerProcess {
  port: number;
  close(): Promise<void>;
}

export async function startVncServerProcess(options: BuiltinVncServerOptions): Promise<VncServerProcess> {
  const server = await startTsProcess(
    'test/bench/vnc-server-process.ts',
    [JSON.stringify(options)],
    new RegExp(`${READY}(\\d+)\\n`),
    'the VNC server process',
  );
  return { port: Number(server.ready[1]), close: () => server.stop('SIGTERM') };
}

if (process.argv[1]?.endsWith('vnc-server-process.ts') && process.argv[2]) {
  const server = new BuiltinVncServer(JSON.parse(process.argv[2]) as BuiltinVncServerOptions);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  void server.listen().then(({ port }) => process.stdout.write(`${READY}${port}\n`));
}
