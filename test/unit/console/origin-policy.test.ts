import { describe, expect, it } from 'vitest';
import {
  applyConsoleOrigin,
  consoleOriginFor,
  TENCENT_CONSOLE_ORIGIN,
  TENCENT_GATEWAY_URL_PATTERNS,
} from '../../../src-main/console/origin-policy';
import { isTencentGatewayHost } from '../../../src-main/cloud/console-gateways';

const on = { rewriteTencentOrigin: true };
const off = { rewriteTencentOrigin: false };

describe('console origin policy', () => {
  it('rewrites wss:// requests to Tencent gateways when the setting is on', () => {
    for (const url of [
      'wss://gzvnc.qcloud.com:26789/vnc?s=abc',
      'wss://bjvnc.qcloud.com:26789/vnc?s=abc',
      'wss://usevnc.qcloud.com/vnc?s=abc',
      'wss://USEVNC.QCLOUD.COM/vnc',
      'wss://gzvnc.qcloud.com./vnc',
    ]) {
      expect(consoleOriginFor(url, on)).toBe(TENCENT_CONSOLE_ORIGIN);
    }
  });

  it('leaves every other request alone', () => {
    for (const url of [
      'wss://evilqcloud.com/vnc',
      'wss://qcloud.com/vnc', // the bare domain is not a gateway (nor allowed by the CSP)
      'wss://qcloud.com.evil.net/vnc',
      'wss://gzvnc.qcloud.cn/vnc',
      'wss://127.0.0.1:4443/vnc?s=demo',
      'ws://gzvnc.qcloud.com/vnc', // not TLS: not a Tencent gateway URL
      'https://img.qcloud.com/qcloud/app/active_vnc/index.html',
      'wss://x@evil.net/?gzvnc.qcloud.com',
      'not a url',
      '',
    ]) {
      expect(consoleOriginFor(url, on)).toBeUndefined();
    }
  });

  it('does nothing when the setting is off', () => {
    expect(consoleOriginFor('wss://gzvnc.qcloud.com:26789/vnc?s=abc', off)).toBeUndefined();
    const headers = { Origin: 'file://', 'User-Agent': 'x' };
    expect(applyConsoleOrigin({ url: 'wss://gzvnc.qcloud.com/vnc', requestHeaders: headers }, off)).toBe(
      headers,
    );
  });

  it('replaces Origin whatever its case, keeps the other headers and does not mutate the input', () => {
    const headers = { origin: 'http://localhost:5173', 'Sec-WebSocket-Protocol': 'binary', ORIGIN: 'x' };
    const out = applyConsoleOrigin(
      { url: 'wss://gzvnc.qcloud.com:26789/vnc?s=abc', resourceType: 'webSocket', requestHeaders: headers },
      on,
    );
    expect(out).toEqual({ 'Sec-WebSocket-Protocol': 'binary', Origin: 'https://img.qcloud.com' });
    expect(headers.origin).toBe('http://localhost:5173');
  });

  it('touches only WebSocket requests when Electron says what the request is', () => {
    const headers = { Origin: 'app://cvm' };
    expect(
      applyConsoleOrigin(
        { url: 'wss://gzvnc.qcloud.com/vnc', resourceType: 'xhr', requestHeaders: headers },
        on,
      ),
    ).toBe(headers);
  });

  it('recognises Tencent gateway host names exactly', () => {
    expect(isTencentGatewayHost('gzvnc.qcloud.com')).toBe(true);
    expect(isTencentGatewayHost('a.b.qcloud.com')).toBe(true);
    expect(isTencentGatewayHost('GZVNC.qcloud.com.')).toBe(true);
    expect(isTencentGatewayHost('qcloud.com')).toBe(false);
    expect(isTencentGatewayHost('.qcloud.com')).toBe(false);
    expect(isTencentGatewayHost('xqcloud.com')).toBe(false);
    expect(isTencentGatewayHost('qcloud.com.cn')).toBe(false);
  });

  it('filters requests with patterns made from the one list of gateway domains', () => {
    expect(TENCENT_GATEWAY_URL_PATTERNS).toEqual(['wss://*.qcloud.com/*']);
  });
});
