import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch as dispatchWithLog, isChannel } from '../../../src-main/ipc/dispatch';
import { EnvelopeError, MAX_MESSAGE_CHARS } from '../../../src-main/common/errors';
import type { InternalErrorRecord } from '../../../src-main/ipc/errors';
import { buildHandlers, once } from '../../../src-main/handlers';
import type { HandlerTable, KeychainStatus } from '../../../src-main/contract';
import { createLogger } from '../../../src-main/logging';
import { fakeServices } from '../../support/fake-services';

const app = {
  name: 'CVM Console',
  version: '1.2.3',
  electron: null,
  platform: 'linux',
  arch: 'x64',
  systemLocale: 'en' as const,
};

function handlers(keychainStatus: () => Promise<KeychainStatus>) {
  return buildHandlers(fakeServices({ app, keychainStatus }));
}

// Internal errors the calls in this file logged.
const logged: InternalErrorRecord[] = [];
const dispatch = (table: HandlerTable, channel: unknown, input: unknown) =>
  dispatchWithLog(table, channel, input, (r) => void logged.push(r));

const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** The lines of a log file once pino's asynchronous destination has written something. */
async function logLines(file: string, flush: () => void): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    try {
      flush();
    } catch {
      // The file is not open yet.
    }
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return text.trim().split('\n');
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`nothing was written to ${file}`);
}

const MEGABYTE_KEY = `k${'x'.repeat(1 << 20)}`;

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

describe('once', () => {
  it('runs the probe a single time for every caller', async () => {
    let runs = 0;
    const get = once(async () => ++runs);
    expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
  });
});

describe('internal errors are logged under the id their message names', () => {
  it('logs an EACCES from saving a screenshot to main.log, redacted, and the message names the entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cvm-ipc-log-'));
    try {
      const file = join(dir, 'main.log');
      const log = createLogger(file);
      const eacces = Object.assign(
        new Error(
          "EACCES: permission denied, open '/home/u/shot.png' (from wss://x.qcloud.com/vnc?s=TOKEN123&password=pw9 SecretKey=SK-SECRET-1)",
        ),
        { code: 'EACCES', syscall: 'open' },
      );
      const table = buildHandlers(
        fakeServices({
          saveFile: async () => {
            throw eacces;
          },
        }),
      );
      const result = await dispatchWithLog(
        table,
        'console:saveScreenshot',
        { suggestedName: 'web-01', pngBase64: PNG_1x1 },
        (record) => log.error(record),
      );
      expect(result).toMatchObject({ ok: false, error: { kind: 'internal', code: 'InternalError' } });
      const message = result.ok ? '' : result.error.message;
      const id = /error ([0-9a-f]{8})\)/.exec(message)?.[1];
      expect(id, message).toBeDefined();
      expect(message).not.toContain('EACCES');
      const lines = (await logLines(file, () => log.flush())).map((l) => JSON.parse(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 50,
        event: 'internal-error',
        errorId: id,
        channel: 'console:saveScreenshot',
        code: 'EACCES',
        syscall: 'open',
      });
      expect(lines[0].error).toContain('permission denied');
      expect(lines[0].stack).toMatch(/dispatch\.test\.ts/);
      const text = JSON.stringify(lines);
      for (const secret of ['TOKEN123', 'pw9', 'SK-SECRET-1']) expect(text).not.toContain(secret);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives every internal error its own id, and logs a non-Error throw too', async () => {
    logged.length = 0;
    let n = 0;
    const table = handlers(async () => {
      throw n++ === 0 ? new Error('first') : 'a bare string';
    });
    const a = await dispatch(table, 'app:info', undefined);
    const b = await dispatch(table, 'app:info', undefined);
    expect(logged.map((r) => r['error'])).toEqual(['Error: first', 'a bare string']);
    const ids = logged.map((r) => String(r['errorId']));
    expect(new Set(ids).size).toBe(2);
    expect(!a.ok && a.error.message).toContain(ids[0]);
    expect(!b.ok && b.error.message).toContain(ids[1]);
  });

  it('logs nothing for an envelope error: it is not internal', async () => {
    logged.length = 0;
    const table = handlers(async () => {
      throw new EnvelopeError('network', 'Timeout', 'The network timed out.');
    });
    expect(await dispatch(table, 'app:info', undefined)).toMatchObject({
      ok: false,
      error: { kind: 'network' },
    });
    expect(logged).toEqual([]);
  });
});

describe('error messages stay short whatever the input', () => {
  const table = handlers(async () => ({ available: true, backend: 'test' }));
  const message = (r: Awaited<ReturnType<typeof dispatch>>) => (r.ok ? '' : r.error.message);

  it('names an unknown 1 MB key by a short, sanitised prefix only', async () => {
    const r = await dispatch(table, 'console:copyScreenshot', { pngBase64: PNG_1x1, [MEGABYTE_KEY]: 1 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid-input', code: 'InvalidArgument' } });
    expect(message(r).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(message(r)).toMatch(/unknown key "kxxxx/);
    expect(message(r)).not.toMatch(/x{40}/);
  });

  it('sanitises key names: no quotes, control characters or markup come back', async () => {
    const nasty = '"\n<img src=x onerror=alert(1)>\u202e';
    const r = await dispatch(table, 'windows:openConsole', {
      ref: { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-12345678', [nasty]: 1 },
      title: 't',
    });
    expect(message(r)).toMatch(/^Bad argument for windows:openConsole: at "ref": unknown key "[\w?=]+"\.$/);
    expect(message(r)).not.toMatch(/[<>\n\u202e]/);
  });

  it('bounds an unknown channel name, many unknown keys, and a huge envelope message', async () => {
    const channel = await dispatch(table, `evil:${MEGABYTE_KEY}`, undefined);
    expect(channel).toMatchObject({ ok: false, error: { code: 'UnknownChannel' } });
    expect(message(channel).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const keys = await dispatch(table, 'console:copyScreenshot', { pngBase64: PNG_1x1, ...many });
    expect(message(keys)).toMatch(/unknown key "k0" and 4999 more/);
    const huge = handlers(async () => {
      throw new EnvelopeError('network', 'Timeout', `boom ${'y'.repeat(1 << 20)}`);
    });
    const r = await dispatch(huge, 'app:info', undefined);
    expect(message(r).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(message(r).startsWith('boom yyy')).toBe(true);
  });
});
