// Timing what a client waits for. Wall-clock time on a shared 2-core machine also counts the time the
// OS gave other processes (other test workers, the attacker); the process's CPU time over the same
// stretch counts only the work this process did meanwhile (the server's, when it runs here). A
// server that holds its event loop shows up in both; machine noise only in the wall clock.
export interface Timing {
  wallMs: number;
  cpuMs: number;
}

export async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await fn();
  const cpu = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** "n=40 wall median 9.1 p95 25.0 max 47.2 ms, CPU max 21.5 ms" */
export function summary(timings: readonly Timing[]): string {
  const wall = timings.map((t) => t.wallMs).sort((a, b) => a - b);
  const at = (q: number) => wall[Math.min(wall.length - 1, Math.floor(q * wall.length))] ?? NaN;
  const cpuMax = Math.max(...timings.map((t) => t.cpuMs));
  return (
    `n=${wall.length} wall median ${at(0.5).toFixed(1)} p95 ${at(0.95).toFixed(1)} ` +
    `max ${(wall[wall.length - 1] ?? NaN).toFixed(1)} ms, CPU max ${cpuMax.toFixed(1)} ms`
  );
}
