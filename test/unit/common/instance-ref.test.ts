import { describe, expect, it } from 'vitest';
import { isInstanceId, isProfileId, isRegion } from '../../../src-main/common/instance-ref';

describe('isRegion', () => {
  it.each(['ap-guangzhou', 'na-siliconvalley', 'ap-shanghai-fsi', 'eu-frankfurt', 'sa-saopaulo'])(
    'accepts %s',
    (r) => expect(isRegion(r)).toBe(true),
  );
  it.each([
    '',
    'guangzhou',
    'ap-guangzhou.evil.com',
    'AP-GUANGZHOU',
    'ap-guangzhou/x',
    'ap_guangzhou',
    'ap-',
    `ap-${'a'.repeat(20)}-${'b'.repeat(20)}`,
  ])('rejects %s (it becomes part of a hostname)', (r) => expect(isRegion(r)).toBe(false));
});

describe('isInstanceId', () => {
  it('wants ins- and 8 lower-case alphanumerics', () => {
    expect(isInstanceId('ins-r9hr2upy')).toBe(true);
    for (const bad of [
      'ins-1122',
      'ins-R9HR2UPY',
      'ins-r9hr2upyx',
      'i-r9hr2upy',
      ' ins-r9hr2upy',
      42,
      null,
    ]) {
      expect(isInstanceId(bad)).toBe(false);
    }
  });
});

describe('isProfileId', () => {
  it('wants lower-case letters, digits and dashes, at most 64, not starting with a dash', () => {
    for (const good of ['demo', 'work-2', '0', 'a'.repeat(64)]) expect(isProfileId(good), good).toBe(true);
    for (const bad of ['', 'Demo', '-x', 'a'.repeat(65), 'a/b', 'a b', 7])
      expect(isProfileId(bad)).toBe(false);
  });
});
