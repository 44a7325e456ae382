// Runs hostile viewers (attacker-child.ts) in a child process against a demo cloud in this process.
// The child asks for one-time console URLs over IPC; `mint` answers with the gateway's own tokens.
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

export type AttackSpec =
  /** Handshake, then never read again while asking for 900 full screens every 500 ms. */
  | { kind: 'never-read'; count: number }
  /** 1,500 full-screen requests per frame every 20 ms, reading everything (at 8 or 32 bpp). */
  | { kind: 'flood-read'; count: number; bpp: 8 | 32 }
  /** Connections to the VNC port each sending one kind of malformed RFB, over and over. */
  | { kind: 'malformed'; count: number; vncPort: number }
  /** One byte every 500 ms into an RFB handshake, an HTTP upgrade, a WebSocket frame, a clipboard. */
  | { kind: 'slowloris'; count: number; vncPort: number; httpPort: number };

/** Per kind of connection: how many were opened, closed by the server, and bytes received. */
export type AttackStats = Record<
  string,
  { opened: number; closedByServer: number; failed: number; bytesIn: number }
>;

export type ToAttacker =
  | { op: 'attack'; spec: AttackSpec }
  | { op: 'urls'; id: number; urls: string[] }
  | { op: 'stats' }
  | { op: 'stop' };
export type FromAttacker =
  | { op: 'ready' }
  | { op: 'mint'; id: number; count: number; instance: 'hostile' }
  | { op: 'stats'; stats: AttackStats }
  | { op: 'stopped'; stats: AttackStats };

export interface Attacker {
  attack(spec: AttackSpec): void;
  /** What happened so far. */
  stats(): Promise<AttackStats>;
  /** Closes every hostile connection and reports what happened. */
  stop(): Promise<AttackStats>;
  kill(): void;
}

const CHILD = fileURLToPath(new URL('./attacker-child.ts', import.meta.url));

/** Forks the attacker (TypeScript through jiti, as `npm run demo-cloud` runs) and waits until it is ready. */
export async function startAttacker(mint: (count: number) => string[]): Promise<Attacker> {
  const child: ChildProcess = fork(CHILD, [], {
    execArgv: ['--import', 'jiti/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Lowest priority: on a shared machine the attacker should take the CPU the server leaves, as if it
  // ran elsewhere, rather than make the server's latency depend on the OS scheduler.
  if (child.pid !== undefined) setPriority(child.pid, 19);
  const toChild = (m: ToAttacker) => child.send(m);
  let stopped: ((s: AttackStats) => void) | undefined;
  const statsWaiters: ((s: AttackStats) => void)[] = [];
  child.on('message', (m: FromAttacker) => {
    if (m.op === 'mint') toChild({ op: 'urls', id: m.id, urls: mint(m.count) });
    else if (m.op === 'stats') statsWaiters.shift()?.(m.stats);
    else if (m.op === 'stopped') stopped?.(m.stats);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the attacker process did not start within 15 s')),
      15_000,
    );
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the attacker process exited (${code})`)));
    child.on('message', (m: FromAttacker) => {
      if (m.op !== 'ready') return;
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    attack: (spec) => toChild({ op: 'attack', spec }),
    stats: () =>
      new Promise((resolve) => {
        statsWaiters.push(resolve);
        toChild({ op: 'stats' });
      }),
    stop: () =>
      new Promise((resolve) => {
        stopped = resolve;
        toChild({ op: 'stop' });
      }),
    kill: () => void child.kill(),
  };
}
