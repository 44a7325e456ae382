import { describe, it, expect } from 'vitest';
import { CloudError } from '../../../src-main/cloud/errors';
import { consoleHostPolicy, parseVncUrl } from '../../../src-main/cloud/vnc-url';

// The seed page's example value, exactly as the API returns it.
const SEED =
  'wss%3A%2F%2Fbjvnc.qcloud.com%3A26789%2Fvnc%3Fs%3DaHpjWnRVMFNhYmxKdDM5MjRHNlVTSVQwajNUSW0wb2tBbmFtREFCTmFrcy8vUUNPMG0wSHZNOUUxRm5PMmUzWmFDcWlOdDJIbUJxSTZDL0RXcHZxYnZZMmRkWWZWcEZia2lyb09XMzdKNmM9';
const tencent = consoleHostPolicy();

function rejection(raw: string, policy = tencent): CloudError {
  try {
    parseVncUrl(raw, policy);
  } catch (err) {
    expect(err).toBeInstanceOf(CloudError);
    return err as CloudError;
  }
  throw new Error('expected a rejection');
}

describe('parseVncUrl', () => {
  it('decodes the seed value exactly once', () => {
    const { url, hints } = parseVncUrl(SEED, tencent);
    expect(url).toBe(
      'wss://bjvnc.qcloud.com:26789/vnc?s=aHpjWnRVMFNhYmxKdDM5MjRHNlVTSVQwajNUSW0wb2tBbmFtREFCTmFrcy8vUUNPMG0wSHZNOUUxRm5PMmUzWmFDcWlOdDJIbUJxSTZDL0RXcHZxYnZZMmRkWWZWcEZia2lyb09XMzdKNmM9',
    );
    expect(hints).toEqual({});
  });

  it('keeps + and / in the base64 token and does not decode it twice', () => {
    const token = 'ab+cd/ef%2Bgh==';
    const decoded = `wss://gzvnc.qcloud.com:26789/vnc?s=${token}&password=&isWindows=false&isUbuntu=false`;
    const { url } = parseVncUrl(encodeURIComponent(decoded), tencent);
    expect(url).toBe(decoded);
    expect(url).toContain('s=ab+cd/ef%2Bgh==');
  });

  it('tolerates an already-decoded value and takes it as is', () => {
    const decoded = 'wss://usevnc.qcloud.com:443/vnc?s=x+y==';
    expect(parseVncUrl(decoded, tencent).url).toBe(decoded);
  });

  it('reads the password / isWindows / isUbuntu hints without form-decoding', () => {
    const decoded = 'wss://gzvnc.qcloud.com:26789/vnc?s=t&password=p%40ss+w&isWindows=true&isUbuntu=false';
    expect(parseVncUrl(encodeURIComponent(decoded), tencent).hints).toEqual({
      password: 'p@ss+w',
      isWindows: true,
      isUbuntu: false,
    });
    expect(parseVncUrl('wss://a.qcloud.com/vnc?s=t&isWindows=maybe', tencent).hints).toEqual({});
  });

  it.each([
    'wss://bjvnc.qcloud.com/vnc?s=t',
    'wss://qcloud.com/vnc?s=t',
    'wss://x.tencentcloudapi.com/vnc?s=t',
    'wss://x.y.tencentcloud.com/vnc?s=t',
    'wss://x.tencent.com/vnc?s=t',
    'wss://BJVNC.QCloud.com/vnc?s=t',
  ])('accepts wss: on a Tencent gateway: %s', (raw) => {
    expect(parseVncUrl(raw, tencent).url).toBe(raw);
  });

  it.each([
    ['ws://bjvnc.qcloud.com/vnc?s=t', /unencrypted/],
    ['wss://evilqcloud.com/vnc?s=t', /not a Tencent/],
    ['wss://qcloud.com.evil.io/vnc?s=t', /not a Tencent/],
    ['wss://127.0.0.1:5900/vnc?s=t', /not a Tencent/],
    ['https://bjvnc.qcloud.com/vnc?s=t', /not a ws/],
    ['javascript:alert(1)', /not a ws/],
    ['', /empty/],
    ['wss%3A%2F%2Fbjvnc.qcloud.com%2Fvnc%3Fs%3D%E0%A4%A', /percent-encoded/],
    // Double-encoded: one decode would still leave %3A, so it is refused rather than decoded twice.
    ['wss%253A%252F%252Fbjvnc.qcloud.com%252Fvnc', /not a ws/],
    ['wss://user:pw@bjvnc.qcloud.com/vnc?s=t', /user name/],
    ['wss://bjvnc.qcloud.com/vnc?s=t t', /spaces/],
  ])('rejects %s', (raw, why) => {
    const err = rejection(raw);
    expect(err.kind).toBe('server');
    expect(err.code).toBe('UnexpectedConsoleUrl');
    expect(err.message).toMatch(why);
  });

  it('never puts the URL or its token into the error', () => {
    const err = rejection('wss://evil.example/vnc?s=TOKEN-MUST-NOT-LEAK');
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(
      'TOKEN-MUST-NOT-LEAK',
    );
  });

  it('allows ws: and wss: on the configured endpoint host (any port), and still Tencent wss:', () => {
    const demo = consoleHostPolicy('127.0.0.1');
    expect(parseVncUrl('ws://127.0.0.1:40123/vnc?s=abc', demo).url).toBe('ws://127.0.0.1:40123/vnc?s=abc');
    expect(parseVncUrl(encodeURIComponent('wss://127.0.0.1:1/vnc?s=a'), demo).url).toBe(
      'wss://127.0.0.1:1/vnc?s=a',
    );
    expect(parseVncUrl('wss://gzvnc.qcloud.com/vnc?s=a', demo).url).toBe('wss://gzvnc.qcloud.com/vnc?s=a');
    expect(rejection('ws://127.0.0.2:40123/vnc?s=abc', demo).message).toMatch(/unencrypted/);
    expect(rejection('ws://localhost:40123/vnc?s=abc', demo).message).toMatch(/unencrypted/);
  });
});
