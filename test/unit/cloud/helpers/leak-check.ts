// What the secret-leak and hostile-server suites grep: every output channel of the process
// (console.*, process.stdout, process.stderr, a real pino log file) and everything one can learn
// from a thrown value or a result.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { createLogger, type AppLogger } from '../../../../src-main/logging';
// The envelope every error becomes on its way to the window (src-main/ipc/dispatch.ts).
import { toErrorEnvelope } from '../../../../src-main/common/errors';

/** Everything one can learn from a thrown value (or any value). */
export function dump(value: unknown): string {
  const parts = [String(value), inspect(value, { showHidden: true, depth: 10 })];
  if (value instanceof Error || (value && typeof value === 'object' && 'kind' in value)) {
    parts.push(JSON.stringify(toErrorEnvelope(value)));
  }
  if (value && typeof value === 'object') {
    const all: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(value)) all[key] = (value as Record<string, unknown>)[key];
    parts.push(JSON.stringify(all), String((value as Error).stack), String((value as Error).message));
  }
  return parts.join('\n');
}

export interface OutputCapture {
  /** The main process's logger, writing to a real file as main.log does. */
  log: AppLogger;
  /** Everything written so far to console.*, stdout, stderr and the log file. */
  text(): Promise<string>;
  /** Stops capturing and deletes the log file. */
  stop(): void;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Starts recording every output channel (the originals still receive what is written). */
export function captureOutput(): OutputCapture {
  const written: string[] = [];
  const restores: Array<() => void> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = function (chunk: unknown, ...rest: unknown[]) {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    } as typeof stream.write;
    restores.push(() => (stream.write = original));
  }
  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      written.push(args.map((a) => inspect(a, { depth: 10 })).join(' '));
      original.apply(console, args);
    };
    restores.push(() => (console[method] = original));
  }
  const dir = mkdtempSync(join(tmpdir(), 'cvm-leak-'));
  const file = join(dir, 'main.log');
  // The app's logger and options; written synchronously here, so the file is complete when read.
  const log = createLogger(pino.destination({ dest: file, sync: true }));
  return {
    log,
    async text() {
      let logText = '';
      try {
        logText = readFileSync(file, 'utf8');
      } catch {
        // Nothing logged yet: the file is created on the first write.
      }
      return [...written, logText].join('\n');
    },
    stop() {
      for (const restore of restores.reverse()) restore();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fails with the surroundings of the first canary found in `haystack`. */
export function findCanary(haystack: string, canaries: readonly string[]): string | undefined {
  for (const canary of canaries) {
    const at = haystack.indexOf(canary);
    if (at !== -1) return `${canary} near: ${haystack.slice(Math.max(0, at - 200), at + 60)}`;
  }
  return undefined;
}
