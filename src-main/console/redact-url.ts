// Console URLs carry a one-time token (`s=`) and maybe a VNC password: neither may reach a log.
// Works on the decoded URL and on the percent-encoded form DescribeInstanceVncUrl returns, and on
// text that is not a URL at all; it never decodes or re-encodes the rest.

const SECRET_KEYS = ['s', 'password', 'token'];
const REDACTED = '<redacted>';

// ?s=… or &password=… up to the next & or # (decoded form).
const PLAIN = new RegExp(`([?&](?:${SECRET_KEYS.join('|')})=)[^&#\\s]+`, 'gi');
// %3Fs%3D… or %26password%3D… up to the next %26 (percent-encoded form).
const ENCODED = new RegExp(`((?:%3F|%26)(?:${SECRET_KEYS.join('|')})%3D)(?:(?!%26)[^&#\\s])+`, 'gi');
// wss://user:secret@host
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s?#]*@/gi;

/** `wss://h/vnc?s=abc&password=x&isWindows=false` → `wss://h/vnc?s=<redacted>&password=<redacted>&isWindows=false` */
export function redactConsoleUrl(url: string): string {
  return url.replace(USERINFO, '$1').replace(PLAIN, `$1${REDACTED}`).replace(ENCODED, `$1${REDACTED}`);
}
