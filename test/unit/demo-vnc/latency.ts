// Timing what a client waits for, on a shared 2-core machine. Wall-clock time also counts the time
// the OS gave other processes (other test workers, the attacker). What the server here can be held
// to is how long its event loop ran meanwhile: the main thread's time on a CPU (Linux reports it
// per thread in /proc; elsewhere this process's CPU time stands in, which also counts the garbage
// collector's helper threads). A server that holds its event loop shows up in both, so the bounds
// are checked on the lesser of the two: `heldMs`.
import { readFileSync } from 'node:fs';

export interface Timing {
  wallMs: number;
  /** The main thread's time on a CPU (or, off Linux, the whole process's CPU time). */
  loopMs: number;
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

function mainThreadOnCpuMs(): number {
  try {
    // "<ns on a CPU> <ns waiting for one> <time slices>"
    return Number(readFileSync(SCHEDSTAT, 'latin1').split(' ')[0]) / 1e6;
  } catch {
    const cpu = process.cpuUsage();
    return (cpu.user + cpu.system) / 1000;
  }
}

export async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const t0 = performance.now();
  const c0 = mainThreadOnCpuMs();
  await fn();
  return { wallMs: performance.now() - t0, loopMs: mainThreadOnCpuMs() - c0 };
}

/** How long this process made the client wait at most: the lesser of wall-clock and loop time. */
export function heldMs(t: Timing): number {
  return Math.min(t.wallMs, t.loopMs);
}

/** "n=40 wall median 9.1 p95 25.0 max 47.2 ms, loop max 21.5 ms, held max 20.1 ms" */
export function summary(timings: readonly Timing[]): string {
  const wall = timings.map((t) => t.wallMs).sort((a, b) => a - b);
  const at = (q: number) => wall[Math.min(wall.length - 1, Math.floor(q * wall.length))] ?? NaN;
  const max = (f: (t: Timing) => number) => Math.max(...timings.map(f)).toFixed(1);
  return (
    `n=${wall.length} wall median ${at(0.5).toFixed(1)} p95 ${at(0.95).toFixed(1)} ` +
    `max ${(wall[wall.length - 1] ?? NaN).toFixed(1)} ms, loop max ${max((t) => t.loopMs)} ms, ` +
    `held max ${max(heldMs)} ms`
  );
}
