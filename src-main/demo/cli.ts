// `npm run demo-cloud`: runs the demo cloud on its own (no Electron) and prints how to reach it.
// Flags: see USAGE.
import { parseArgs } from 'node:util';
import { REGIONS, findRegion } from './fleet-catalog';
import { startDemoCloud, type DemoCloud } from './demo-cloud';
import { DEFAULT_REGION_FAULT, type RequestLogEntry } from './api-simulator';

interface CliOptions {
  port: number;
  instances: number;
  latencyMs: number;
  seed: string;
  quiet: boolean;
  /** Region → error code every request for it gets. */
  failRegions: Record<string, string>;
  help: boolean;
}

export const USAGE = `usage: npm run demo-cloud -- [--port N] [--instances N] [--latency MS] [--seed S] [--quiet]
                             [--fail-region REGION[:ErrorCode]]...

Runs the demo cloud on 127.0.0.1: a simulated Tencent Cloud API, console gateway and VNC servers.
No account and no internet needed. Stop it with Ctrl+C.

  --port N         port on 127.0.0.1 (default: a free one)
  --instances N    fleet size, spread over all 18 regions (default 500); the eight well-known
                   instances ins-demo0001 to ins-demo0008 need 8 or more, a smaller fleet has the first N
  --latency MS     delay added to every API call (default 0)
  --seed S         the same seed always gives the same fleet (default 1)
  --quiet          do not print a line per API call
  --fail-region R[:Code]
                   region R answers every API request with the error Code
                   (default AuthFailure.UnauthorizedOperation); repeatable
  -h, --help       print this help
`;

function intFlag(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`--${name} must be a whole number from 0 to ${max}`);
  return n;
}

export function parseCliArgs(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      instances: { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      quiet: { type: 'boolean' },
      'fail-region': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const failRegions: Record<string, string> = {};
  for (const spec of values['fail-region'] ?? []) {
    const [region = '', code = DEFAULT_REGION_FAULT] = spec.split(':');
    if (!findRegion(region)) throw new Error(`--fail-region: ${region.slice(0, 40)} is not a demo region`);
    if (!/^[A-Za-z][A-Za-z0-9_.]{0,99}$/.test(code))
      throw new Error('--fail-region: the error code looks like AuthFailure.UnauthorizedOperation');
    failRegions[region] = code;
  }
  return {
    port: intFlag(values.port, 'port', 0, 65535),
    instances: intFlag(values.instances, 'instances', 500, 200_000),
    latencyMs: intFlag(values.latency, 'latency', 0, 60_000),
    seed: values.seed ?? '1',
    quiet: values.quiet ?? false,
    failRegions,
    help: values.help ?? false,
  };
}

/**
 * Calls onGone once the process that started this one has gone. `npm run demo-cloud` runs the CLI
 * under `sh -c`: a SIGTERM to npm is passed to that shell, which dies of it and leaves this process
 * listening on its own. A parent that changed (POSIX re-parents orphans) or no longer runs (Windows
 * does not re-parent) means that. Returns a function that stops watching.
 */
export function watchParent(
  onGone: () => void,
  {
    intervalMs = 500,
    parentPid = () => process.ppid,
    isRunning = processIsRunning,
  }: { intervalMs?: number; parentPid?: () => number; isRunning?: (pid: number) => boolean } = {},
): () => void {
  const original = parentPid();
  const timer = setInterval(() => {
    if (parentPid() === original && isRunning(original)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The banner: endpoint, the demo key and a few instances to try. */
export function describeDemoCloud(cloud: DemoCloud, opts: CliOptions): string {
  const lines = [
    'CVM Console demo cloud: everything runs on 127.0.0.1; no account and no internet needed.',
    '',
    `  API endpoint   ${cloud.endpoint}`,
    `  Console (VNC)  ${cloud.vncBase}/vnc`,
    `  SecretId       ${cloud.credentials.secretId}`,
    `  SecretKey      ${cloud.credentials.secretKey}`,
    `  Fleet          ${cloud.fleet.size} instances in ${REGIONS.length} regions (seed ${opts.seed}` +
      `${opts.latencyMs ? `, ${opts.latencyMs} ms API latency` : ''})`,
    ...Object.entries(opts.failRegions).map(
      ([region, code]) => `  Failing region ${region} (every request answers ${code})`,
    ),
    '',
    '  Instances to try:',
  ];
  for (const d of cloud.demoInstances) {
    const rec = cloud.fleet.get(d.id);
    if (!rec) continue;
    lines.push(
      `    ${rec.id}  ${rec.region.padEnd(16)} ${rec.state.padEnd(10)} ${rec.name.padEnd(15)} ${d.note}`,
    );
  }
  lines.push(
    '',
    `  Use it from the app or a script: CVM_CONSOLE_API_ENDPOINT=${cloud.endpoint}`,
    '  Press Ctrl+C to stop.',
    '',
  );
  return lines.join('\n');
}

function requestLine(e: RequestLogEntry): string {
  const time = new Date(e.at).toISOString().slice(11, 23);
  const ids = e.instanceIds?.length
    ? ` ${e.instanceIds.slice(0, 3).join(',')}${e.instanceIds.length > 3 ? ',…' : ''}`
    : '';
  return `${time} ${e.action ?? '-'} ${e.region ?? '-'}${ids} → ${e.outcome}`;
}

async function main(): Promise<void> {
  // Piped into `head` and the like: a closed stdout must not crash the server.
  process.stdout.on('error', () => {});
  let opts: CliOptions;
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  const cloud = await startDemoCloud({
    port: opts.port,
    instances: opts.instances,
    latencyMs: opts.latencyMs,
    seed: opts.seed,
    failRegions: opts.failRegions,
    ...(opts.quiet ? {} : { onRequest: (e: RequestLogEntry) => process.stdout.write(`${requestLine(e)}\n`) }),
  });
  process.stdout.write(describeDemoCloud(cloud, opts));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the demo cloud…\n');
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  watchParent(stop);
}

// Run only as the entry point, so tests can import the helpers above.
if (process.argv[1] && /cli\.[cm]?[jt]s$/.test(process.argv[1])) {
  main().catch((err: unknown) => {
    process.stderr.write(`demo cloud failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
