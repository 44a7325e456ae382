import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedSender,
  loopbackConsolePorts,
  resolveAppFile,
  trustedOrigins,
  windowOpenDecision,
} from '../../../src-main/shell/security-policy';
import { consoleConnectSources } from '../../../src-main/cloud/console-gateways';

const origins = trustedOrigins();

describe('trusted origins', () => {
  it('is the app scheme in production, plus a loopback dev server only', () => {
    expect(origins).toEqual([APP_ORIGIN]);
    expect(trustedOrigins('http://localhost:5173/')).toEqual([APP_ORIGIN, 'http://localhost:5173']);
    expect(trustedOrigins('https://evil.example/')).toEqual([APP_ORIGIN]);
    expect(trustedOrigins('http://192.168.1.5:5173/')).toEqual([APP_ORIGIN]);
  });
});

describe('isTrustedSender', () => {
  it('accepts our main frame on our origin', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null }, origins)).toBe(true);
  });
  it('rejects subframes, other origins, look-alikes and missing frames', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: {} }, origins)).toBe(false);
    expect(isTrustedSender({ url: 'https://cvm-console/index.html', parent: null }, origins)).toBe(false);
    expect(isTrustedSender({ url: 'app://cvm-console.evil/index.html', parent: null }, origins)).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html', parent: null }, origins)).toBe(false);
    expect(isTrustedSender({ url: 'not a url', parent: null }, origins)).toBe(false);
    expect(isTrustedSender(null, origins)).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('denies navigation away from our origin', () => {
    expect(isNavigationAllowed(`${APP_ORIGIN}/index.html#x`, origins)).toBe(true);
    expect(isNavigationAllowed('https://console.cloud.tencent.com/', origins)).toBe(false);
    expect(isNavigationAllowed('javascript:alert(1)', origins)).toBe(false);
  });
  it('never opens a window; allowlisted https pages go to the browser', () => {
    expect(windowOpenDecision('https://console.cloud.tencent.com/cvm')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(windowOpenDecision('https://evil.example/')).toEqual({ action: 'deny', openExternally: false });
  });
  it('allows only https to the listed Tencent hosts', () => {
    expect(
      isAllowedExternalUrl('https://img.qcloud.com/qcloud/app/active_vnc/index.html?InstanceVncUrl=x'),
    ).toBe(true);
    expect(isAllowedExternalUrl('http://console.cloud.tencent.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://console.cloud.tencent.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@console.cloud.tencent.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://console.cloud.tencent.com:8443/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('garbage')).toBe(false);
  });
  it('grants full screen and denies every other permission', () => {
    expect(isPermissionGranted('fullscreen')).toBe(true);
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      expect(isPermissionGranted(p)).toBe(false);
    }
  });
});

describe('contentSecurityPolicy', () => {
  it('is strict: no inline script, no eval, connect only to console gateways', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    // WebAssembly may compile (Tesseract in the text worker); strings may not be evaluated.
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(csp).toContain("worker-src 'self';");
    expect(csp.match(/'[a-z-]*unsafe[a-z-]*'/g)).toEqual(["'wasm-unsafe-eval'"]);
    expect(csp).toContain("connect-src 'self' wss://*.qcloud.com:* ws://127.0.0.1:*;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy(undefined, 'meta')).not.toContain('frame-ancestors');
  });

  it("narrows loopback to the given ports: the app knows the demo cloud's port before its window loads", () => {
    const csp = contentSecurityPolicy(consoleConnectSources([40123]));
    expect(csp).toContain("connect-src 'self' wss://*.qcloud.com:* ws://127.0.0.1:40123;");
  });
});

describe('loopbackConsolePorts', () => {
  it("is the demo port, plus a loopback CVM_CONSOLE_API_ENDPOINT's port", () => {
    expect(loopbackConsolePorts(4000, {})).toEqual([4000]);
    expect(loopbackConsolePorts(4000, { CVM_CONSOLE_API_ENDPOINT: 'http://localhost:5000' })).toEqual([
      4000, 5000,
    ]);
    expect(loopbackConsolePorts(4000, { CVM_CONSOLE_API_ENDPOINT: 'http://127.0.0.1' })).toEqual([4000, 80]);
    expect(loopbackConsolePorts(4000, { CVM_CONSOLE_API_ENDPOINT: 'http://127.0.0.1:4000' })).toEqual([4000]);
    // Not loopback, or not valid: no console URL on loopback can come from it.
    expect(loopbackConsolePorts(4000, { CVM_CONSOLE_API_ENDPOINT: 'https://api.example.com' })).toEqual([
      4000,
    ]);
    expect(loopbackConsolePorts(4000, { CVM_CONSOLE_API_ENDPOINT: 'http://10.0.0.1:5000' })).toEqual([4000]);
  });
});

describe('resolveAppFile', () => {
  const root = '/opt/app/out/renderer';
  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://cvm-console/index.html')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://cvm-console/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://cvm-console/assets/a%20b.js?v=1')).toBe(`${root}/assets/a b.js`);
  });
  it('refuses other hosts, traversal and encoded separators', () => {
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    // The URL parser itself folds a literal ../ at the root; what is left stays inside the folder.
    expect(resolveAppFile(root, 'app://cvm-console/../../etc/passwd')).toBe(`${root}/etc/passwd`);
    expect(resolveAppFile(root, 'app://cvm-console/%2e%2e/%2e%2e/etc/passwd')).toBe(`${root}/etc/passwd`);
    expect(resolveAppFile(root, 'app://cvm-console/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://cvm-console/a%5c..%5cb')).toBeNull();
    expect(resolveAppFile(root, 'app://cvm-console/a%00b')).toBeNull();
    expect(resolveAppFile(root, 'app://cvm-console/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(root, 'https://cvm-console/index.html')).toBeNull();
  });
});
