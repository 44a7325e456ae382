import { describe, it, expect } from 'vitest';
import { CloudError } from '../../../src-main/cloud/errors';
import { consoleHostPolicy, parseVncUrl } from '../../../src-main/cloud/vnc-url';
import { parseEndpoint } from '../../../src-main/cloud/endpoints';

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
    'wss://usevnc.qcloud.com:443/vnc?s=t',
    'wss://a.b.qcloud.com:26789/vnc?s=t',
    'wss://BJVNC.QCloud.com/vnc?s=t',
    'wss://bjvnc.qcloud.com?s=t',
  ])('accepts wss: on a Tencent gateway: %s', (raw) => {
    expect(parseVncUrl(raw, tencent).url).toBe(raw);
  });

  it('drops the trailing dot of a fully qualified host, and nothing else', () => {
    expect(parseVncUrl('wss://gzvnc.qcloud.com.:26789/vnc?s=a.b+c', tencent).url).toBe(
      'wss://gzvnc.qcloud.com:26789/vnc?s=a.b+c',
    );
    expect(parseVncUrl(encodeURIComponent('wss://gzvnc.qcloud.com./vnc?s=t.'), tencent).url).toBe(
      'wss://gzvnc.qcloud.com/vnc?s=t.',
    );
  });

  it.each([
    ['ws://bjvnc.qcloud.com/vnc?s=t', /unencrypted/],
    ['wss://evilqcloud.com/vnc?s=t', /not a Tencent/],
    ['wss://qcloud.com.evil.io/vnc?s=t', /not a Tencent/],
    // The CSP allows Tencent's gateways (hosts under qcloud.com) and nothing else of Tencent's.
    ['wss://qcloud.com/vnc?s=t', /not a Tencent/],
    ['wss://x.tencent.com/vnc?s=t', /not a Tencent/],
    ['wss://x.tencentcloud.com/vnc?s=t', /not a Tencent/],
    ['wss://cvm.tencentcloudapi.com/vnc?s=t', /not a Tencent/],
    ['wss://127.0.0.1:5900/vnc?s=t', /this computer/],
    ['wss://bjvnc.qcloud.com/vnc?s=t#frag', /fragment/],
    ['wss://bjvnc.qcloud.com/vnc?s=t#', /fragment/],
    [encodeURIComponent('wss://bjvnc.qcloud.com/vnc?s=t#x'), /fragment/],
    ['wss://bjvnc.qcloud.com\\evil.io/vnc', /backslash/],
    ['wss://gzvnc%2Eqcloud.com/vnc?s=t', /plain host/],
    ['wss://[::1]:5900/vnc?s=t', /plain host/],
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

  it('refuses a URL longer than 4096 characters, before decoding it', () => {
    expect(rejection(`wss://bjvnc.qcloud.com/vnc?s=${'A'.repeat(4096)}`).message).toMatch(/longer than 4096/);
    expect(rejection(encodeURIComponent(`wss://bjvnc.qcloud.com/vnc?s=${'A'.repeat(4070)}`)).message).toMatch(
      /longer than 4096/,
    );
  });

  it('never puts the URL or its token into the error', () => {
    const err = rejection('wss://evil.example/vnc?s=TOKEN-MUST-NOT-LEAK');
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(
      'TOKEN-MUST-NOT-LEAK',
    );
  });

  it("allows ws: to 127.0.0.1 on a loopback endpoint's own port only, and still Tencent wss:", () => {
    const demo = consoleHostPolicy(parseEndpoint('http://127.0.0.1:40123'));
    expect(demo.loopbackPorts).toEqual([40123]);
    expect(parseVncUrl('ws://127.0.0.1:40123/vnc?s=abc', demo).url).toBe('ws://127.0.0.1:40123/vnc?s=abc');
    expect(parseVncUrl(encodeURIComponent('ws://127.0.0.1:40123/vnc?s=a'), demo).url).toBe(
      'ws://127.0.0.1:40123/vnc?s=a',
    );
    expect(parseVncUrl('wss://gzvnc.qcloud.com/vnc?s=a', demo).url).toBe('wss://gzvnc.qcloud.com/vnc?s=a');
    for (const other of [
      'ws://127.0.0.1:40124/vnc?s=abc', // another port
      'ws://127.0.0.1/vnc?s=abc', // port 80
      'wss://127.0.0.1:40123/vnc?s=abc', // the demo gateway speaks ws:
    ]) {
      expect(rejection(other, demo).message).toMatch(/this computer/);
    }
    expect(rejection('ws://127.0.0.2:40123/vnc?s=abc', demo).message).toMatch(/not a Tencent/);
    expect(rejection('ws://localhost:40123/vnc?s=abc', demo).message).toMatch(/not a Tencent/);
    expect(rejection('ws://0x7f.0.0.1:40123/vnc?s=abc', demo).message).toMatch(/plain host/);
  });

  it("never allows ws: to a host that is not loopback, even the configured endpoint's", () => {
    const remote = consoleHostPolicy(parseEndpoint('https://api.example.com:8443'));
    expect(remote.loopbackPorts).toEqual([]);
    expect(rejection('ws://api.example.com:8443/vnc?s=abc', remote).message).toMatch(/not a Tencent/);
    expect(rejection('wss://api.example.com:8443/vnc?s=abc', remote).message).toMatch(/not a Tencent/);
  });

  it('never names the host it refused (a hostile server could put a secret there)', () => {
    const err = rejection('wss://SECRETSECRET.evil.example/vnc');
    expect(err.message).not.toContain('SECRETSECRET');
  });
});
