// Keyed messages: worded in any language (values that are messages themselves first), bounded on
// their way to a window, and zod issues mapped to catalogue keys so zod's English never shows.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { keyed } from '../../../src-main/common/keyed-text';
import { boundKeyedParams, toErrorEnvelope } from '../../../src-main/common/errors';
import { Translator } from '../../../i18n/translator';
import { issueKey, fieldErrors, secretIdField } from '../../../src-main/vault/key-input';
import { KeychainError, ProfileInputError } from '../../../src-main/vault/errors';

const zh = new Translator('zh-CN');
const ko = new Translator('ko');

describe('Translator.word', () => {
  it('words nested keyed values first, in the same language', () => {
    const problem = keyed('profiles.importProblem.nothingImported', {
      reason: keyed('profiles.importProblem.field', {
        field: 'secretId',
        rule: keyed('profiles.input.secretIdPrefix'),
      }),
    });
    expect(zh.word(problem)).toBe('secretId：SecretId 以 AKID 开头。未从中导入任何内容。');
    expect(ko.word(problem)).toBe(
      'secretId: SecretId는 AKID로 시작합니다. 이 파일에서는 아무것도 가져오지 않았습니다.',
    );
  });

  it('picks plural forms from a count value', () => {
    const en = new Translator('en');
    expect(en.word(keyed('testReport.clockBehind', { count: 1 }))).toContain('about a minute behind');
    expect(en.word(keyed('testReport.clockBehind', { count: 7 }))).toContain('about 7 minutes behind');
    expect(zh.word(keyed('testReport.clockAhead', { count: 7 }))).toContain('快约 7 分钟');
  });

  it('gives undefined for a key (even a nested one) the catalogue lacks', () => {
    expect(zh.word(keyed('profiles.nope'))).toBeUndefined();
    expect(zh.word(keyed('profiles.importProblem.ignored', { reason: keyed('nope.nope') }))).toBeUndefined();
  });
});

describe('boundKeyedParams', () => {
  it('keeps plain words, finite numbers and catalogue-shaped keys, and drops the rest', () => {
    expect(
      boundKeyedParams({
        name: 'a\nb',
        seconds: 5,
        bad: Number.NaN,
        'not a name': 'x',
        fix: { key: 'keychain.fix.mac' },
        evil: { key: 'Not A Key!' },
        list: ['x'],
      }),
    ).toEqual({ name: 'a b', seconds: 5, fix: { key: 'keychain.fix.mac' } });
  });

  it('bounds texts, entries and depth', () => {
    expect((boundKeyedParams({ t: 'x'.repeat(1000) })?.['t'] as string).length).toBe(300);
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, i]));
    expect(Object.keys(boundKeyedParams(many) ?? {})).toHaveLength(8);
    const deep = {
      a: { key: 'a.b', params: { b: { key: 'a.b', params: { c: { key: 'a.b', params: { d: 1 } } } } } },
    };
    expect(boundKeyedParams(deep)).toEqual({
      a: { key: 'a.b', params: { b: { key: 'a.b', params: { c: { key: 'a.b' } } } } },
    });
    expect(boundKeyedParams('x')).toBeUndefined();
  });

  it('crosses IPC on an envelope only with its message key', () => {
    const err = new KeychainError(
      'KeychainUnavailable',
      keyed('keychain.problem.unavailable', { backend: 'macOS Keychain' }),
      keyed('keychain.fix.mac'),
      true,
      'no keychain',
    );
    expect(toErrorEnvelope(err)).toMatchObject({
      code: 'KeychainUnavailable',
      messageKey: 'keychain.error.refusedOrMemory',
      messageParams: {
        problem: { key: 'keychain.problem.unavailable', params: { backend: 'macOS Keychain' } },
        fix: { key: 'keychain.fix.mac' },
      },
      detail: 'no keychain',
    });
    expect(err.message).toBe(
      'The macOS Keychain is not available. Unlock your login keychain (Keychain Access) and allow CVM Console to use it, then try again. Or keep this key in memory only, until CVM Console quits. (no keychain)',
    );
    expect(
      toErrorEnvelope({ kind: 'internal', code: 'X', message: 'm', messageParams: { a: 1 } }),
    ).not.toHaveProperty('messageParams');
  });
});

describe('issueKey', () => {
  it("keeps a rule's own key", () => {
    const issue = secretIdField.safeParse('nope').error?.issues[0];
    expect(issue && issueKey(issue)).toBe('profiles.input.secretIdPrefix');
  });

  it('maps zod issues no rule names to a generic key by kind', () => {
    const first = (schema: z.ZodType, value: unknown) => {
      const issue = schema.safeParse(value).error?.issues[0];
      return issue && issueKey(issue);
    };
    expect(first(z.string(), 5)).toBe('profiles.input.generic.type');
    expect(first(z.string().max(2), 'abcd')).toBe('profiles.input.generic.tooBig');
    expect(first(z.number().min(3), 1)).toBe('profiles.input.generic.tooSmall');
    expect(first(z.enum(['a', 'b']), 'c')).toBe('profiles.input.generic.invalid');
    expect(first(z.string().email(), 'x')).toBe('profiles.input.generic.invalid');
    expect(first(z.strictObject({}), { a: 1 })).toBe('profiles.input.notAField');
  });

  it('gives every field message of a form error a catalogue key', () => {
    const schema = z.strictObject({ name: z.string().max(3), age: z.number() });
    const error = new ProfileInputError(fieldErrors(schema.safeParse({ name: 'long', age: 'x' }).error!));
    expect(error.fieldKeys).toEqual({
      name: 'profiles.input.generic.tooBig',
      age: 'profiles.input.generic.type',
    });
    expect(error.fields).toEqual({
      name: 'This value is too long or too large.',
      age: 'This value has the wrong type.',
    });
  });
});
