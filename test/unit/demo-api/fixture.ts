// A simulator on 127.0.0.1 with a hand-driven clock, and a signed-call shortcut bound to it.
import { RateLimiterRegistry, type ApiClientOptions } from '../../../src-main/cloud';
import { Fleet } from '../../../src-main/demo/fleet';
import { startApiSimulator, type ApiSimulatorOptions } from '../../../src-main/demo/api-simulator';
import { call, type CallOptions, type RawResponse } from './helpers';

export const KEY = {
  secretId: 'AKIDdemoTEST000000000000000000000001',
  secretKey: 'demoSecretKey0000000000000000001',
};

export interface SimFixture {
  port: number;
  endpoint: string;
  fleet: Fleet;
  control: Awaited<ReturnType<typeof startApiSimulator>>['simulator']['control'];
  /** The fake clock, epoch ms; move it with advance(). */
  now(): number;
  advance(ms: number): void;
  call(action: string, params?: unknown, more?: Partial<CallOptions>): Promise<RawResponse>;
  /** Client options on the fake clock: backoff and rate-limit sleeps advance it instead of waiting. */
  clientOptions(): Pick<ApiClientOptions, 'endpoint' | 'now' | 'sleep' | 'random' | 'rateLimiter'>;
  close(): Promise<void>;
}

export async function startSim(
  opts: { size?: number; start?: number; seed?: number | string } & Partial<ApiSimulatorOptions> = {},
): Promise<SimFixture> {
  let t = opts.start ?? Date.UTC(2025, 5, 1, 12, 0, 0);
  const now = (): number => t;
  const fleet = opts.fleet ?? new Fleet({ size: opts.size ?? 200, seed: opts.seed ?? 1, now });
  const sim = await startApiSimulator({ credentials: [KEY], now, ...opts, fleet });
  return {
    port: sim.port,
    endpoint: sim.endpoint,
    fleet,
    control: sim.simulator.control,
    now,
    advance: (ms) => {
      t += ms;
    },
    call: (action, params, more = {}) =>
      call(sim.port, {
        action,
        params,
        region: 'ap-guangzhou',
        timestamp: Math.floor(t / 1000),
        ...KEY,
        ...more,
      }),
    clientOptions: () => {
      const sleep = async (ms: number): Promise<void> => {
        t += ms;
      };
      return {
        endpoint: sim.endpoint,
        now,
        sleep,
        random: () => 0.5,
        rateLimiter: new RateLimiterRegistry({ clock: now, sleep }),
      };
    },
    close: sim.close,
  };
}
