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
  /** The CPU time (user + system) the server's process has used so far, in ms. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

const CPU = /cpu (\d+)\n/g;

export async function startVncServerProcess(options: BuiltinVncServerOptions): Promise<VncServerProcess> {
  const server = await startTsProcess(
    'test/bench/vnc-server-process.ts',
    [JSON.stringify(options)],
    new RegExp(`${READY}(\\d+)\\n`),
    'the VNC server process',
  );
  let asked = 0;
  return {
    port: Number(server.ready[1]),
    // Asked with SIGUSR2; the process answers on its standard output.
    async cpuMs() {
      asked++;
      server.signal('SIGUSR2');
      const deadline = Date.now() + 10_000;
      for (;;) {
        const answers = [...server.output().matchAll(CPU)];
        if (answers.length >= asked) return Number(answers[asked - 1]![1]) / 1000;
        if (Date.now() > deadline) throw new Error('the VNC server process did not say its CPU time');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => server.stop('SIGTERM'),
  };
}

if (process.argv[1]?.endsWith('vnc-server-process.ts') && process.argv[2]) {
  const server = new BuiltinVncServer(JSON.parse(process.argv[2]) as BuiltinVncServerOptions);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage();
    process.stdout.write(`cpu ${user + system}\n`);
  });
  void server.listen().then(({ port }) => process.stdout.write(`${READY}${port}\n`));
}
