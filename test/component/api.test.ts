// api.ts is derived from the contract: each channel is one call on window.cvm, its result unwrapped
// and its error envelope thrown as an EnvelopeError.
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../src-renderer/api';
import { EnvelopeError } from '../../src-main/common/errors';
import type { CvmBridge } from '../../src-main/contract';

afterEach(() => {
  delete (window as { cvm?: CvmBridge }).cvm;
});

function install(bridge: Record<string, unknown>): void {
  (window as { cvm?: unknown }).cvm = bridge;
}

describe('api', () => {
  it('passes the argument to the channel’s bridge function and resolves to its value', async () => {
    const calls: unknown[] = [];
    install({
      instances: { list: async (input: unknown) => (calls.push(input), { ok: true, value: ['x'] }) },
      events: {},
    });
    await expect(api.instances.list({ profileId: 'demo' })).resolves.toEqual(['x']);
    expect(calls).toEqual([{ profileId: 'demo' }]);
  });

  it('throws the error envelope as an EnvelopeError', async () => {
    install({
      console: {
        issueUrl: async () => ({
          ok: false,
          error: { kind: 'throttled', code: 'ConsoleAttemptLimit', message: 'wait', retryAfterMs: 5 },
        }),
      },
      events: {},
    });
    const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };
    const error = await api.console.issueUrl(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvelopeError);
    expect(error).toMatchObject({ kind: 'throttled', code: 'ConsoleAttemptLimit', retryAfterMs: 5 });
  });

  it('says clearly when there is no bridge', async () => {
    expect(() => api.app.info()).toThrow(/bridge to the main process is missing/);
  });
});
