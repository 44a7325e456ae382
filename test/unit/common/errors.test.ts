import { describe, expect, it } from 'vitest';
import {
  EnvelopeError,
  INTERNAL_ERROR,
  MAX_MESSAGE_CHARS,
  toErrorEnvelope,
} from '../../../src-main/common/errors';

describe('toErrorEnvelope', () => {
  it('keeps the envelope fields and nothing else', () => {
    const thrown = Object.assign(new Error('limit'), {
      kind: 'throttled',
      code: 'ConsoleAttemptLimit',
      retryAfterMs: 1234,
      url: 'wss://x/vnc?s=SECRET',
    });
    expect(toErrorEnvelope(thrown)).toEqual({
      kind: 'throttled',
      code: 'ConsoleAttemptLimit',
      message: 'limit',
      retryAfterMs: 1234,
    });
  });

  it('turns anything that is not an envelope into an internal error without copying its text', () => {
    for (const bad of [new Error('wss://x/vnc?s=SECRET'), 'boom', null, undefined, { kind: 'nope' }, 42]) {
      const e = toErrorEnvelope(bad);
      expect(e.kind).toBe('internal');
      expect(JSON.stringify(e)).not.toContain('SECRET');
    }
  });

  it('drops a negative or non-numeric retryAfterMs', () => {
    expect(
      toErrorEnvelope({ kind: 'network', code: 'X', message: 'm', retryAfterMs: -1 }),
    ).not.toHaveProperty('retryAfterMs');
    expect(
      toErrorEnvelope({ kind: 'network', code: 'X', message: 'm', retryAfterMs: '5' }),
    ).not.toHaveProperty('retryAfterMs');
  });

  it('passes on a RequestId that is a UUID (for Copy diagnostics), and nothing else in its place', () => {
    const requestId = '6f1c2a9e-0b7d-4c55-9a57-0c1e1f3b2d11';
    const err = { kind: 'server', code: 'InternalError', message: 'm', requestId };
    expect(toErrorEnvelope(err)).toEqual({ kind: 'server', code: 'InternalError', message: 'm', requestId });
    expect(toErrorEnvelope({ ...err, requestId: 'SecretKey=abc' })).not.toHaveProperty('requestId');
    expect(EnvelopeError.from(toErrorEnvelope(err)).requestId).toBe(requestId);
  });

  it("passes on a form's per-field messages, bounded, and nothing that is not one", () => {
    const err = { kind: 'invalid-input', code: 'InvalidProfileInput', message: 'm' };
    const fields = { secretId: 'A SecretId starts with AKID.', name: 'x'.repeat(MAX_MESSAGE_CHARS + 5) };
    const envelope = toErrorEnvelope({ ...err, fields });
    expect(envelope.fields?.['secretId']).toBe(fields.secretId);
    expect(envelope.fields?.['name']?.length).toBe(MAX_MESSAGE_CHARS);
    expect(EnvelopeError.from(envelope).fields).toEqual(envelope.fields);
    for (const bad of ['secretId: x', ['x'], { secretId: 42 }, null]) {
      expect(toErrorEnvelope({ ...err, fields: bad })).not.toHaveProperty('fields');
    }
  });

  it("passes on the catalogue keys of a form's messages, only in a key's shape", () => {
    const err = { kind: 'invalid-input', code: 'InvalidProfileInput', message: 'm' };
    const fieldKeys = { secretId: 'profiles.input.secretIdPrefix', name: 'Give <b>it</b> a name' };
    const envelope = toErrorEnvelope({ ...err, fieldKeys });
    expect(envelope.fieldKeys).toEqual({ secretId: 'profiles.input.secretIdPrefix' });
    expect(EnvelopeError.from(envelope).fieldKeys).toEqual(envelope.fieldKeys);
    expect(toErrorEnvelope({ ...err, fieldKeys: { name: 'AKIDsecret' } })).not.toHaveProperty('fieldKeys');
  });

  it('rejects an unknown kind', () => {
    expect(toErrorEnvelope({ kind: 'weird', code: 'X', message: 'y' }).kind).toBe('internal');
  });

  it('passes an EnvelopeError through, bounded, and makes one back from its envelope', () => {
    const thrown = new EnvelopeError(
      'network',
      `Code\n${'c'.repeat(300)}`,
      `line\u0000${'m'.repeat(MAX_MESSAGE_CHARS + 100)}`,
      7,
    );
    const envelope = toErrorEnvelope(thrown);
    expect(envelope.code).toMatch(/^Code c+…$/);
    expect(envelope.code.length).toBe(100);
    expect(envelope.message.length).toBe(MAX_MESSAGE_CHARS);
    expect(envelope.retryAfterMs).toBe(7);
    expect(EnvelopeError.from(envelope)).toMatchObject(envelope);
  });

  it('asks the caller what an unexpected error becomes', () => {
    const seen: unknown[] = [];
    const custom = { kind: 'internal', code: 'Logged', message: 'see log' } as const;
    expect(toErrorEnvelope('boom', (e) => (seen.push(e), custom))).toBe(custom);
    expect(seen).toEqual(['boom']);
    expect(toErrorEnvelope(new Error('x'))).toEqual(INTERNAL_ERROR);
  });
});

describe('message keys in envelopes', () => {
  it('keeps a catalogue-shaped message key and the detail, and drops a key of any other shape', () => {
    const envelope = toErrorEnvelope({
      kind: 'auth',
      code: 'AuthFailure.SignatureFailure',
      message: 'Tencent Cloud rejected the request signature.',
      messageKey: 'cloud.error.auth.signature',
      detail: 'The provided credentials could not be validated.',
    });
    expect(envelope.messageKey).toBe('cloud.error.auth.signature');
    expect(envelope.detail).toBe('The provided credentials could not be validated.');
    for (const messageKey of ['<script>', 'AKIDsecret', 'cloud', 'a.b c', 42]) {
      const other = toErrorEnvelope({ kind: 'auth', code: 'X', message: 'm', messageKey });
      expect(other.messageKey, String(messageKey)).toBeUndefined();
    }
  });
});
