import { describe, expect, it } from 'vitest';
import { dispatch, isChannel } from '../../../src-main/ipc/dispatch';
import { EnvelopeError, toErrorEnvelope } from '../../../src-main/ipc/errors';
import { buildHandlers, once } from '../../../src-main/handlers';
import type { KeychainStatus } from '../../../src-main/contract';
import { fakeServices } from '../../support/fake-services';

const app = { name: 'CVM Console', version: '1.2.3', electron: null, platform: 'linux', arch: 'x64' };

function handlers(keychainStatus: () => Promise<KeychainStatus>) {
  return buildHandlers(fakeServices({ app, keychainStatus }));
}

describe('dispatch', () => {
  it('answers app:info through the handler table', async () => {
    const result = await dispatch(
      handlers(async () => ({ available: true, backend: 'test' })),
      'app:info',
      undefined,
    );
    expect(result).toEqual({ ok: true, value: { ...app, keychain: { available: true, backend: 'test' } } });
  });

  it('refuses unknown channels and bad arguments with invalid-input, without calling the handler', async () => {
    let calls = 0;
    const table = handlers(async () => (calls++, { available: true, backend: 'test' }));
    expect(await dispatch(table, 'app:nope', undefined)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', code: 'UnknownChannel' },
    });
    expect(await dispatch(table, 42, undefined)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', code: 'UnknownChannel' },
    });
    expect(await dispatch(table, '__proto__', undefined)).toMatchObject({
      ok: false,
      error: { code: 'UnknownChannel' },
    });
    expect(await dispatch(table, 'app:info', { sneaky: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', code: 'InvalidArgument' },
    });
    expect(calls).toBe(0);
  });

  it('turns a thrown envelope-shaped error into the envelope', async () => {
    const table = handlers(async () => {
      throw new EnvelopeError('throttled', 'RequestLimitExceeded', 'Too many requests.', 1500);
    });
    expect(await dispatch(table, 'app:info', undefined)).toEqual({
      ok: false,
      error: {
        kind: 'throttled',
        code: 'RequestLimitExceeded',
        message: 'Too many requests.',
        retryAfterMs: 1500,
      },
    });
  });

  it('never forwards the message of an unknown error (it could quote a secret)', async () => {
    const table = handlers(async () => {
      throw new Error('failed with SecretKey=abcdef123');
    });
    const result = await dispatch(table, 'app:info', undefined);
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal', code: 'InternalError' } });
    expect(JSON.stringify(result)).not.toContain('abcdef123');
  });

  it('isChannel knows exactly the contract channels', () => {
    expect(isChannel('app:info')).toBe(true);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel(undefined)).toBe(false);
  });
});

describe('toErrorEnvelope', () => {
  it('keeps only the envelope fields and drops invalid retry hints', () => {
    const err = Object.assign(new Error('m'), {
      kind: 'network',
      code: 'Timeout',
      retryAfterMs: -5,
      secretKey: 'x',
    });
    expect(toErrorEnvelope(err)).toEqual({ kind: 'network', code: 'Timeout', message: 'm' });
  });
  it('rejects an unknown kind', () => {
    expect(toErrorEnvelope({ kind: 'weird', code: 'X', message: 'y' }).kind).toBe('internal');
  });
});

describe('once', () => {
  it('runs the probe a single time for every caller', async () => {
    let runs = 0;
    const get = once(async () => ++runs);
    expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
  });
});
