import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactConsoleUrl } from '../../../src-main/console/redact-url';

describe('redactConsoleUrl', () => {
  it('removes the token and the password from a decoded console URL', () => {
    const url =
      'wss://gzvnc.qcloud.com:26789/vnc?s=aGVsbG8+d29ybGQ/Zm9v==&password=hunter2&isWindows=false&isUbuntu=false';
    expect(redactConsoleUrl(url)).toBe(
      'wss://gzvnc.qcloud.com:26789/vnc?s=<redacted>&password=<redacted>&isWindows=false&isUbuntu=false',
    );
  });

  it('removes them from the percent-encoded form the API returns', () => {
    const raw =
      'wss%3A%2F%2Fbjvnc.qcloud.com%3A26789%2Fvnc%3Fs%3DaGVsbG8%2Bd29y%3D%3D%26password%3Dpw%26isWindows%3Dfalse';
    const out = redactConsoleUrl(raw);
    expect(out).toBe(
      'wss%3A%2F%2Fbjvnc.qcloud.com%3A26789%2Fvnc%3Fs%3D<redacted>%26password%3D<redacted>%26isWindows%3Dfalse',
    );
  });

  it('removes them from the official web-console link and inside longer log text', () => {
    const link =
      'https://img.qcloud.com/qcloud/app/active_vnc/index.html?InstanceVncUrl=wss%3A%2F%2Fgzvnc.qcloud.com%3A26789%2Fvnc%3Fs%3DSECRET1';
    expect(redactConsoleUrl(link)).not.toContain('SECRET1');
    const line = 'handshake failed for wss://h/vnc?s=SECRET2 (code 1006); retrying';
    expect(redactConsoleUrl(line)).toBe(
      'handshake failed for wss://h/vnc?s=<redacted> (code 1006); retrying',
    );
  });

  it('strips user:password@ and leaves empty or harmless parameters readable', () => {
    expect(redactConsoleUrl('wss://user:SECRET3@h/vnc?password=&x=1')).toBe('wss://h/vnc?password=&x=1');
    expect(redactConsoleUrl('wss://h/vnc?sid=1&ss=2')).toBe('wss://h/vnc?sid=1&ss=2');
  });

  it('never lets a base64 token through, whatever it contains (property)', () => {
    fc.assert(
      fc.property(fc.base64String({ minLength: 8, maxLength: 200 }), fc.boolean(), (token, encoded) => {
        const marker = `Z${token}`; // non-empty and recognisable
        const url = `wss://gzvnc.qcloud.com:26789/vnc?s=${marker}&isWindows=false`;
        const input = encoded ? encodeURIComponent(url) : url;
        const out = redactConsoleUrl(input);
        expect(out).not.toContain(encoded ? encodeURIComponent(marker) : marker);
        expect(out).toContain('isWindows');
      }),
    );
  });
});
