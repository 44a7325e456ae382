// The demo cloud as `npm run demo-cloud` runs it, in a process of its own: a benchmark's client
// then does not share its one JavaScript thread with the simulated server (as Tencent's is not).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface CliCloud {
  endpoint: string;
  credentials: { secretId: string; secretKey: string };
  /** Every request's outcome the CLI logged so far ('ok', 'RequestLimitExceeded', …). */
  outcomes(): string[];
  close(): Promise<void>;
}

/** jiti's CLI script: runs a TypeScript file of the project in plain Node. */
export function jitiCli(): string {
  return createRequire(import.meta.url)
    .resolve('jiti/package.json')
    .replace(/package\.json$/, 'lib/jiti-cli.mjs');
}

/**
 * Runs `script` (a TypeScript file of the project) with `args` in a Node process of its own, until
 * its standard output matches `ready`; `what` names it in the error when it does not start.
 */
export async function startTsProcess(
  script: string,
  args: string[],
  ready: RegExp,
  what: string,
): Promise<{
  output: () => string;
  ready: RegExpExecArray;
  signal: (signal: NodeJS.Signals) => void;
  stop: (signal: NodeJS.Signals) => Promise<void>;
}> {
  const child = spawn(process.execPath, [jitiCli(), script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  let match: RegExpExecArray | null;
  while (!(match = ready.exec(out))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${what} did not start: ${err.slice(0, 500)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    output: () => out,
    ready: match,
    signal: (signal) => child.kill(signal),
    stop: async (signal) => {
      child.kill(signal);
      await exited;
    },
  };
}

export async function startCliCloud(args: string[]): Promise<CliCloud> {
  const cli = await startTsProcess(
    'src-main/demo/cli.ts',
    args,
    /Press Ctrl\+C to stop\./,
    'the demo cloud CLI',
  );
  const out = cli.output();
  const endpoint = /API endpoint\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  const secretId = /SecretId\s+(\S+)/.exec(out)?.[1];
  const secretKey = /SecretKey\s+(\S+)/.exec(out)?.[1];
  if (!endpoint || !secretId || !secretKey) throw new Error('the demo cloud CLI banner was not understood');
  const banner = out.length;
  return {
    endpoint,
    credentials: { secretId, secretKey },
    outcomes: () =>
      [
        ...cli
          .output()
          .slice(banner)
          .matchAll(/→ (\S+)\n/g),
      ].map((m) => m[1]!),
    close: () => cli.stop('SIGINT'),
  };
}
