// Copy diagnostics: the attempt log as text for a ticket, never with a console URL, token or key.
import { describe, expect, it } from 'vitest';
import { AttemptLog, MAX_ENTRIES } from '../../../src-renderer/console/attempt-log';
import { diagnosticsText, scrubSecrets } from '../../../src-renderer/console/diagnostics';
import {
  RELEASE_CHORDS,
  loadReleaseChord,
  matchesChord,
  saveReleaseChord,
} from '../../../src-renderer/console/keyboard-release';

const ref = { profileId: 'work', region: 'ap-guangzhou', instanceId: 'ins-abc12345' };
const REQUEST_ID = '6f1c2a9e-0b7d-4c55-9a57-0c1e1f3b2d11';

describe('AttemptLog', () => {
  it('counts failures in a row until connected or stopped, keeps plain values, and stays bounded', () => {
    const log = new AttemptLog();
    log.record('attempt-failed', { kind: 'network', code: 'ConnectionClosed', requestId: undefined }, 1);
    log.record('attempt-failed', { kind: 'server', code: 'InternalError' }, 2);
    expect(log.failuresInRow).toBe(2);
    expect(log.entries()[0]!.detail).toEqual({ kind: 'network', code: 'ConnectionClosed' });
    log.record('connected', {}, 3);
    expect(log.failuresInRow).toBe(0);
    log.record('attempt-failed', {}, 4);
    log.record('halt', { phase: 'cancelled' }, 5);
    expect(log.failuresInRow).toBe(0);
    for (let i = 0; i < MAX_ENTRIES + 10; i++) log.record('attempt', { attempt: i }, 10 + i);
    expect(log.entries()).toHaveLength(MAX_ENTRIES);
    expect(log.entries().at(-1)!.detail['attempt']).toBe(MAX_ENTRIES + 9);
  });
});

describe('diagnosticsText', () => {
  it('names the instance, state, codes and RequestIds, and scrubs URLs, tokens and SecretIds', () => {
    const log = new AttemptLog();
    log.record('attempt-failed', { kind: 'server', code: 'InternalError', requestId: REQUEST_ID }, 1000);
    log.record('closed', { connected: false, detail: 'wss://gw.example:26789/vnc?s=TOKEN-abc failed' }, 2000);
    const text = diagnosticsText({
      ref,
      title: 'web-prod-01',
      state: {
        phase: 'reconnecting',
        attempt: 3,
        reason: 'api-error',
        lastError: {
          kind: 'auth',
          code: 'AuthFailure',
          message: 'SecretId AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE refused; token=abc.def',
        },
      },
      entries: log.entries(),
      now: Date.UTC(2026, 0, 2, 3, 4, 5),
    });
    expect(text).toContain('Instance: ins-abc12345 (web-prod-01), region ap-guangzhou, profile work');
    expect(text).toContain('State: reconnecting, attempt 3, reason api-error');
    expect(text).toContain(`RequestIds: ${REQUEST_ID}`);
    expect(text).toContain('attempt-failed kind=server code=InternalError');
    expect(text).toContain('Time: 2026-01-02T03:04:05.000Z');
    for (const secret of ['TOKEN-abc', 'gw.example', 'z8krbsJ5', 'abc.def'])
      expect(text).not.toContain(secret);
    expect(scrubSecrets('https://x/?a=1&signature=zzz')).toBe('[url removed]');
    expect(scrubSecrets('password=hunter2 next')).toBe('password=[removed] next');
  });
});

describe('release chord', () => {
  it('matches exactly its modifiers, and is remembered by id (unknown ids fall back to the default)', () => {
    const [home, g] = RELEASE_CHORDS;
    const press = { code: 'Home', ctrlKey: true, altKey: true, shiftKey: false, metaKey: false };
    expect(matchesChord(press, home!)).toBe(true);
    expect(matchesChord({ ...press, shiftKey: true }, home!)).toBe(false);
    expect(matchesChord({ ...press, metaKey: true }, home!)).toBe(false);
    expect(matchesChord(press, g!)).toBe(false);
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    saveReleaseChord(storage, g!);
    expect(loadReleaseChord(storage)).toBe(g);
    store.set('cvm.console.releaseChord', 'ctrl-alt-nonsense');
    expect(loadReleaseChord(storage)).toBe(home);
    expect(loadReleaseChord(undefined)).toBe(home);
  });
});
