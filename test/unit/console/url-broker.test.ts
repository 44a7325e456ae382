import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toErrorEnvelope } from '../../../src-main/common/errors';
import { ConsoleAttemptLimitError, createConsoleUrlBroker } from '../../../src-main/console/url-broker';
import type { InstanceRef, IssuedConsoleUrl } from '../../../src-main/console/url-broker';

const ref: InstanceRef = { profileId: 'p1', region: 'ap-guangzhou', instanceId: 'ins-r9hr2upy' };

function setup(max = 30, windowMs = 60_000) {
  let t = 1_000_000;
  let seq = 0;
  const calls: InstanceRef[] = [];
  let fail: unknown;
  const broker = createConsoleUrlBroker({
    now: () => t,
    maxAttemptsPerWindow: max,
    windowMs,
    issue: async (r): Promise<IssuedConsoleUrl> => {
      calls.push(r);
      if (fail !== undefined) throw fail;
      return {
        url: `wss://gzvnc.qcloud.com:26789/vnc?s=TOKEN${++seq}`,
        issuedAt: t,
        hints: { isWindows: false },
      };
    },
  });
  return {
    broker,
    calls,
    advance: (ms: number) => (t += ms),
    failWith: (e: unknown) => (fail = e),
  };
}

async function refusal(p: Promise<unknown>): Promise<ConsoleAttemptLimitError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConsoleAttemptLimitError);
    return e as ConsoleAttemptLimitError;
  }
  throw new Error('expected a refusal');
}

describe('console URL broker', () => {
  it('asks the cloud for a new URL on every call and never hands out a cached one', async () => {
    const s = setup();
    const a = await s.broker.issueUrl(ref);
    const b = await s.broker.issueUrl(ref);
    expect(a.url).not.toBe(b.url);
    expect(s.calls).toHaveLength(2);
    expect(s.calls[0]).toEqual(ref);
  });

  it('does not merge concurrent calls for the same instance: each gets its own URL', async () => {
    const s = setup();
    const urls = await Promise.all([1, 2, 3, 4, 5].map(() => s.broker.issueUrl(ref)));
    expect(new Set(urls.map((u) => u.url)).size).toBe(5);
    expect(s.calls).toHaveLength(5);
  });

  it('refuses the 31st attempt in 60 s with a throttled envelope and the exact wait', async () => {
    const s = setup();
    for (let i = 0; i < 30; i++) {
      await s.broker.issueUrl(ref);
      s.advance(1000);
    }
    // now = start + 30 s; the first attempt leaves the window at start + 60 s
    const e = await refusal(s.broker.issueUrl(ref));
    expect(e).toMatchObject({ kind: 'throttled', code: 'ConsoleAttemptLimit', retryAfterMs: 30_000 });
    expect(e.message).toMatch(/at most 30 in 60 s/);
    expect(toErrorEnvelope(e)).toEqual({
      kind: 'throttled',
      code: 'ConsoleAttemptLimit',
      message: e.message,
      retryAfterMs: 30_000,
    });
    expect(s.calls).toHaveLength(30); // the refusal cost no API call
    s.advance(29_999);
    expect((await refusal(s.broker.issueUrl(ref))).retryAfterMs).toBe(1);
    s.advance(1);
    await expect(s.broker.issueUrl(ref)).resolves.toMatchObject({ url: expect.stringContaining('TOKEN31') });
  });

  it('never lets concurrent callers overshoot the window', async () => {
    const s = setup();
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => s.broker.issueUrl(ref)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    expect(s.calls).toHaveLength(30);
  });

  it('keeps one budget per instance, shared by every profile and window that opens it', async () => {
    const s = setup(2);
    await s.broker.issueUrl(ref);
    await s.broker.issueUrl({ ...ref, profileId: 'another-profile' });
    await refusal(s.broker.issueUrl(ref));
    await expect(s.broker.issueUrl({ ...ref, instanceId: 'ins-aaaaaaaa' })).resolves.toBeDefined();
    await expect(s.broker.issueUrl({ ...ref, region: 'ap-seoul' })).resolves.toBeDefined();
    expect(s.broker.attemptsInWindow(ref)).toBe(2);
  });

  it('gives the slot back when the cloud call fails (no URL, no gateway attempt)', async () => {
    const s = setup(2);
    const cloudError = {
      kind: 'instance-transitional',
      code: 'UnsupportedOperation.InstanceStateRebooting',
      message: 'r',
    };
    s.failWith(cloudError);
    for (let i = 0; i < 5; i++) await expect(s.broker.issueUrl(ref)).rejects.toBe(cloudError);
    expect(s.broker.attemptsInWindow(ref)).toBe(0);
    s.failWith(undefined);
    await s.broker.issueUrl(ref);
    await s.broker.issueUrl(ref);
    await refusal(s.broker.issueUrl(ref));
  });

  it('holds the sliding-window ceiling under any call pattern (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 8000 }), burst: fc.integer({ min: 1, max: 6 }) }),
          {
            minLength: 1,
            maxLength: 80,
          },
        ),
        async (steps) => {
          const s = setup(30, 60_000);
          const issuedAt: number[] = [];
          let now = 1_000_000;
          for (const step of steps) {
            s.advance(step.gap);
            now += step.gap;
            const out = await Promise.allSettled(
              Array.from({ length: step.burst }, () => s.broker.issueUrl(ref)),
            );
            for (const o of out) {
              if (o.status === 'fulfilled') issuedAt.push(now);
              else expect((o.reason as ConsoleAttemptLimitError).retryAfterMs).toBeGreaterThan(0);
            }
          }
          issuedAt.sort((a, b) => a - b);
          for (let i = 0; i + 30 < issuedAt.length; i++) {
            expect((issuedAt[i + 30] as number) - (issuedAt[i] as number)).toBeGreaterThanOrEqual(60_000);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('forgets instances whose window emptied (no unbounded growth)', async () => {
    const s = setup();
    await s.broker.issueUrl(ref);
    s.advance(60_000);
    expect(s.broker.attemptsInWindow(ref)).toBe(0);
  });
});
