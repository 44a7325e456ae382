// The profile editor's fields: pasted keys cleaned, and a message for each field that is wrong.
import { describe, expect, it } from 'vitest';
import {
  cleanPastedKey,
  createProfileInputSchema,
  fieldErrors,
  maskSecretId,
  updateProfileInputSchema,
  MAX_NAME_LENGTH,
  MAX_TOKEN_LENGTH,
} from '../../../src-main/vault/key-input';
import { englishFieldMessage } from '../../../src-main/vault/errors';
import { MAX_ROLE_DURATION_S, MIN_ROLE_DURATION_S } from '../../../src-main/cloud/sts-client';
import { ENGLISH } from '../../../i18n/translator';

const ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
const KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';

/** The per-field messages in English (fieldErrors gives catalogue keys; every one must be a key). */
function errorsOf(input: unknown): Record<string, string> {
  const parsed = createProfileInputSchema.safeParse(input);
  if (parsed.success) return {};
  return inEnglish(fieldErrors(parsed.error));
}

function inEnglish(errors: Record<string, string>): Record<string, string> {
  for (const key of Object.values(errors)) expect(ENGLISH.has(key), key).toBe(true);
  return Object.fromEntries(Object.entries(errors).map(([f, key]) => [f, englishFieldMessage(key)]));
}

const valid = {
  kind: 'keys',
  name: 'Work',
  site: 'china',
  defaultRegion: 'ap-guangzhou',
  secretId: ID,
  secretKey: KEY,
};

describe('pasted keys', () => {
  it('loses surrounding whitespace, line breaks, zero-width and non-breaking spaces', () => {
    const dirty = `\u00a0 ${ID.slice(0, 10)}\u200b${ID.slice(10, 20)}\r\n${ID.slice(20)}\ufeff\u2060\u202f\t\n`;
    expect(cleanPastedKey(dirty)).toBe(ID);
    const parsed = createProfileInputSchema.parse({ ...valid, secretId: dirty, secretKey: `\n${KEY}\u00a0` });
    expect(parsed.secretId).toBe(ID);
    expect(parsed.secretKey).toBe(KEY);
  });

  it('masks a SecretId to its first and last four characters', () => {
    expect(maskSecretId(ID)).toBe('AKID…MPLE');
    expect(maskSecretId('AKID1234')).toBe('…');
  });
});

describe('per-field messages', () => {
  it('accepts a complete long-term key', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it.each([
    ['an empty SecretKey', { secretKey: '' }, 'secretKey', 'Paste the SecretKey.'],
    ['a SecretKey of only spaces', { secretKey: ' \u00a0\n' }, 'secretKey', 'Paste the SecretKey.'],
    ['a missing SecretKey', { secretKey: undefined }, 'secretKey', 'Paste the SecretKey.'],
    ['a SecretId pasted as SecretKey', { secretKey: ID }, 'secretKey', 'looks like a SecretId'],
    [
      'a SecretKey with non-ASCII',
      { secretKey: 'schlüssel' },
      'secretKey',
      'no spaces or special characters',
    ],
    ['an empty SecretId', { secretId: '' }, 'secretId', 'Paste the SecretId'],
    [
      'a SecretId not starting with AKID',
      { secretId: 'ABCDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE' },
      'secretId',
      'starts with AKID',
    ],
    ['a SecretKey pasted as SecretId', { secretId: KEY }, 'secretId', 'looks like a SecretKey'],
    ['a SecretId with punctuation', { secretId: 'AKID-1234/5678' }, 'secretId', 'only letters and digits'],
    ['a SecretId too short', { secretId: 'AKID12' }, 'secretId', '36 characters'],
    ['an empty name', { name: '   ' }, 'name', 'Give the profile a name.'],
    ['a name with a control character', { name: 'a\u0007b' }, 'name', 'control characters'],
    ['an unknown site', { site: 'mars' }, 'site', 'China site'],
    ['a bad region', { defaultRegion: 'Guangzhou' }, 'defaultRegion', 'ap-guangzhou'],
    ['an unknown field', { secretKeyCopy: KEY }, 'secretKeyCopy', 'not part of a profile'],
  ])('%s', (_what, change, field, message) => {
    const errors = errorsOf({ ...valid, ...change });
    expect(errors[field]).toContain(message);
  });

  it('asks for the kind of key when it is missing', () => {
    expect(errorsOf({ ...valid, kind: undefined })).toEqual({
      kind: 'Choose the kind of key: long-term, temporary (STS) or role.',
    });
  });

  it('checks the token of a temporary key and the role of a role profile', () => {
    expect(errorsOf({ ...valid, kind: 'sts' })['token']).toContain('session token');
    expect(errorsOf({ ...valid, kind: 'sts', token: 'abc def' })).toEqual({});
    expect(errorsOf({ ...valid, kind: 'sts', token: 'tok', expiresAt: 'tomorrow' })['expiresAt']).toContain(
      'date and time',
    );
    expect(errorsOf({ ...valid, kind: 'role' })['roleArn']).toContain('role ARN');
    expect(errorsOf({ ...valid, kind: 'role', roleArn: 'arn:aws:iam::1:role/x' })['roleArn']).toContain(
      'qcs::cam::uin/',
    );
    const role = { ...valid, kind: 'role', roleArn: 'qcs::cam::uin/100000000001:roleName/ops' };
    expect(errorsOf(role)).toEqual({});
    expect(errorsOf({ ...role, externalId: 'x' })['externalId']).toContain('2 to 128');
    expect(errorsOf({ ...role, durationSeconds: 60 })['durationSeconds']).toContain('at least 900');
    expect(errorsOf({ ...role, durationSeconds: 86_400 })['durationSeconds']).toContain('at most 43200');
  });

  it('cleans and checks a replacement key field by field', () => {
    const parsed = updateProfileInputSchema.safeParse({ key: { secretId: ID, secretKey: '' } });
    expect(parsed.success).toBe(false);
    expect(inEnglish(fieldErrors(parsed.error!))).toEqual({ 'key.secretKey': 'Paste the SecretKey.' });
    expect(
      updateProfileInputSchema.parse({ key: { secretId: ` ${ID}\n`, secretKey: KEY } }).key?.secretId,
    ).toBe(ID);
  });

  it('names the same limits as the rules check (the catalogue spells the numbers out)', () => {
    expect(ENGLISH.t('profiles.input.nameTooLong')).toContain(` ${MAX_NAME_LENGTH} `);
    expect(ENGLISH.t('profiles.input.tokenTooLong')).toContain(` ${MAX_TOKEN_LENGTH} `);
    expect(ENGLISH.t('profiles.input.durationMin')).toContain(` ${MIN_ROLE_DURATION_S} `);
    expect(ENGLISH.t('profiles.input.durationMax')).toContain(` ${MAX_ROLE_DURATION_S} `);
  });
});
