// RenewingCredentials on a hand-driven clock: renewed ahead of expiry without making callers
// wait, never handed out nearly expired, one renewal shared by concurrent callers.
import { describe, expect, it } from 'vitest';
import { RenewingCredentials, type TemporaryCredentials } from '../../../src-main/cloud';

const HOUR = 3_600_000;
const MIN = 60_000;

function setup(lifetimeMs = 2 * HOUR) {
  let t = 1_000_000;
  let n = 0;
  const pending: Array<() => void> = [];
  let hold = false;
  let failNext: Error | undefined;
  const obtain = async (): Promise<TemporaryCredentials> => {
    n += 1;
    const serial = n;
    if (hold) await new Promise<void>((resolve) => pending.push(resolve));
    if (failNext) {
      const err = failNext;
      failNext = undefined;
      throw err;
    }
    return {
      secretId: `AKIDtemp${serial}`,
      secretKey: `key${serial}`,
      token: `token${serial}`,
      expiresAt: t + lifetimeMs,
    };
  };
  const creds = new RenewingCredentials({ obtain, now: () => t });
  return {
    creds,
    advance: (ms: number) => (t += ms),
    obtained: () => n,
    hold: (on: boolean) => {
      hold = on;
      if (!on) pending.splice(0).forEach((r) => r());
    },
    failNext: (err: Error) => (failNext = err),
  };
}

describe('RenewingCredentials', () => {
  it('obtains once and reuses while the key is fresh', async () => {
    const s = setup();
    expect(await s.creds.get()).toEqual({ secretId: 'AKIDtemp1', secretKey: 'key1', token: 'token1' });
    s.advance(HOUR);
    expect((await s.creds.get()).token).toBe('token1');
    expect(s.obtained()).toBe(1);
    expect(s.creds.expiresAt()).toBe(1_000_000 + 2 * HOUR);
  });

  it('shares one renewal between concurrent callers', async () => {
    const s = setup();
    s.hold(true);
    const calls = Promise.all(Array.from({ length: 20 }, () => s.creds.get()));
    await Promise.resolve();
    s.hold(false);
    const all = await calls;
    expect(new Set(all.map((c) => c.token))).toEqual(new Set(['token1']));
    expect(s.obtained()).toBe(1);
  });

  it('renews in the background ahead of expiry, serving the current key meanwhile', async () => {
    const s = setup();
    await s.creds.get();
    s.advance(2 * HOUR - 10 * MIN); // inside the 15-minute renew-ahead window
    s.hold(true);
    const during = await Promise.all([s.creds.get(), s.creds.get()]);
    expect(during.map((c) => c.token)).toEqual(['token1', 'token1']); // nobody waited
    expect(s.obtained()).toBe(2); // one background renewal
    s.hold(false);
    await new Promise((r) => setTimeout(r, 0));
    expect((await s.creds.get()).token).toBe('token2');
  });

  it('never hands out a key with less than two minutes left: callers wait for the new one', async () => {
    const s = setup();
    await s.creds.get();
    s.advance(2 * HOUR - MIN);
    s.hold(true);
    let got: string | undefined;
    const waiting = s.creds.get().then((c) => (got = c.token));
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toBeUndefined();
    s.hold(false);
    await waiting;
    expect(got).toBe('token2');
  });

  it('keeps the current key when a background renewal fails, and tries again later', async () => {
    const s = setup();
    await s.creds.get();
    s.advance(2 * HOUR - 10 * MIN);
    s.failNext(new Error('AssumeRole refused'));
    expect((await s.creds.get()).token).toBe('token1');
    await new Promise((r) => setTimeout(r, 0));
    expect((await s.creds.get()).token).toBe('token1'); // no retry storm
    expect(s.obtained()).toBe(2);
    s.advance(31_000);
    await s.creds.get();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.obtained()).toBe(3);
    expect((await s.creds.get()).token).toBe('token3');
  });

  it('passes a failed renewal to the caller who had to wait for it', async () => {
    const s = setup();
    s.failNext(new Error('AssumeRole refused'));
    await expect(s.creds.get()).rejects.toThrow('AssumeRole refused');
    expect((await s.creds.get()).token).toBe('token2');
  });

  it('renews short sessions at half their life, and after being told the key was refused', async () => {
    const s = setup(10 * MIN);
    await s.creds.get();
    s.advance(4 * MIN);
    await s.creds.get();
    expect(s.obtained()).toBe(1);
    s.advance(2 * MIN);
    await s.creds.get();
    expect(s.obtained()).toBe(2);
    await new Promise((r) => setTimeout(r, 0));
    s.creds.invalidate();
    expect((await s.creds.get()).token).toBe('token3');
  });
});
