// Every console URL main accepts must be one the window may open: Chromium itself checks each
// accepted URL against the app's CSP (the built page's meta tag plus the header the app scheme
// sends, both enforced). A CSP violation, or a WebSocket constructor that throws, fails the test.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleHostPolicy, parseVncUrl, type ConsoleHostPolicy } from '../../src-main/cloud/vnc-url';
import { consoleConnectSources } from '../../src-main/cloud/console-gateways';
import { contentSecurityPolicy } from '../../src-main/shell/security-policy';
import { launchChromium } from './harness/chromium';

/** The demo cloud's port in this test: the app's header allows loopback on this port only. */
const DEMO_PORT = 40123;
const POLICIES: Record<string, ConsoleHostPolicy> = {
  tencent: consoleHostPolicy(),
  demo: consoleHostPolicy({ port: DEMO_PORT, loopback: true }),
};
/** Surely blocked: the probe that shows the violation listener works and flushes earlier reports. */
const CONTROL = 'wss://blocked.example/control';

/** The CSP of the built page (the meta tag electron-vite wrote into out/renderer/index.html). */
function builtMetaTag(): string {
  const html = readFileSync('out/renderer/index.html', 'utf8');
  const tag = /<meta http-equiv="Content-Security-Policy"[^>]*>/.exec(html)?.[0];
  if (!tag) throw new Error('out/renderer/index.html has no CSP meta tag (did the build run?)');
  return tag;
}

/** Opens each URL as a WebSocket in the page; returns the CSP violations and constructor errors. */
async function tryConnect(page: Page, urls: string[]): Promise<{ violations: string[]; thrown: string[] }> {
  return page.evaluate(
    async ({ urls, control }) => {
      // Runs in the page; the Node-side type check knows no DOM.
      const g = globalThis as unknown as {
        document: {
          addEventListener(
            type: 'securitypolicyviolation',
            listener: (e: { blockedURI: string; effectiveDirective: string }) => void,
          ): void;
        };
        WebSocket: new (url: string) => { close(): void };
      };
      const violations: string[] = [];
      const thrown: string[] = [];
      let controlSeen: () => void = () => {};
      const controlReported = new Promise<void>((resolve) => (controlSeen = resolve));
      g.document.addEventListener('securitypolicyviolation', (e) => {
        if (e.blockedURI.startsWith(control)) controlSeen();
        else violations.push(`${e.effectiveDirective} blocked ${e.blockedURI}`);
      });
      const open = (url: string): void => {
        try {
          new g.WebSocket(url).close();
        } catch (err) {
          thrown.push(`${url}: ${(err as Error).name}: ${(err as Error).message}`);
        }
      };
      urls.forEach(open);
      // Reports are queued in order: once the control's arrives, every earlier one has too.
      open(control);
      await controlReported;
      return { violations, thrown };
    },
    { urls, control: CONTROL },
  );
}

// Tencent-style console URLs with varied hosts, ports, paths and tokens, some with a trailing dot.
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?$/);
const token = fc.stringMatching(/^[A-Za-z0-9+/]{1,60}={0,2}$/);
const generatedUrl = fc
  .record({
    labels: fc.array(label, { minLength: 1, maxLength: 3 }),
    upper: fc.boolean(),
    trailingDot: fc.boolean(),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.constantFrom('/vnc', '/', '', '/a/b'),
    token,
    encoded: fc.boolean(),
  })
  .map(({ labels, upper, trailingDot, port, path, token: s, encoded }) => {
    const host = `${labels.join('.')}.qcloud.com${trailingDot ? '.' : ''}`;
    const url = `wss://${upper ? host.toUpperCase() : host}${port ? `:${port}` : ''}${path}?s=${s}&password=&isWindows=false`;
    return encoded ? encodeURIComponent(url) : url;
  });

/** Hand-picked edge cases, accepted or not; only the accepted ones reach Chromium. */
const EDGE_CASES = [
  'wss%3A%2F%2Fbjvnc.qcloud.com%3A26789%2Fvnc%3Fs%3DaHpj%2Bd2%2F%3D%3D',
  'wss://gzvnc.qcloud.com:26789/vnc?s=ab+c/d==&password=p%40ss&isWindows=false&isUbuntu=false',
  'wss://usevnc.qcloud.com:443/vnc?s=x',
  'wss://gzvnc.qcloud.com./vnc?s=x',
  'wss://GZVNC.QCLOUD.COM/vnc?s=x',
  'wss://a.b.c.qcloud.com:1/',
  'wss://xn--fiqs8s.qcloud.com/vnc?s=x',
  `ws://127.0.0.1:${DEMO_PORT}/vnc?s=demo+token/==&password=&isWindows=false&isUbuntu=false`,
  `ws://127.0.0.1:${DEMO_PORT}?s=x`,
  // The issue's examples: accepted by main before, blocked by the CSP. Both must refuse them now.
  'wss://qcloud.com/vnc?s=x',
  'wss://x.tencent.com/vnc?s=x',
  'wss://x.tencentcloud.com/vnc?s=x',
  'wss://cvm.tencentcloudapi.com/vnc?s=x',
  'wss://gzvnc.qcloud.com/vnc?s=x#frag',
  'ws://api.example.com/vnc?s=x',
  `ws://127.0.0.1:${DEMO_PORT + 1}/vnc?s=x`,
  `wss://127.0.0.1:${DEMO_PORT}/vnc?s=x`,
  'ws://localhost/vnc?s=x',
];

function accepted(raws: readonly string[]): string[] {
  const urls = new Set<string>();
  for (const raw of raws) {
    for (const policy of Object.values(POLICIES)) {
      try {
        urls.add(parseVncUrl(raw, policy).url);
      } catch {
        // Refused by main: the window never sees it.
      }
    }
  }
  return [...urls];
}

describe("console URLs main accepts are allowed by the window's CSP (Chromium)", () => {
  let browser: Browser;
  let server: Server;
  let pageUrl = '';

  beforeAll(async () => {
    const meta = builtMetaTag();
    const header = contentSecurityPolicy(consoleConnectSources([DEMO_PORT]));
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': header });
      res.end(`<!doctype html><html><head>${meta}<title>csp</title></head><body></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function freshPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    return page;
  }

  it('every accepted URL, hand-picked and generated, connects without a violation or a throw', async () => {
    const generated = fc.sample(generatedUrl, { numRuns: 300, seed: 9 });
    const urls = accepted([...EDGE_CASES, ...generated]);
    // The run checks real material: Tencent hosts, trailing dots normalised, the demo gateway.
    expect(urls.length).toBeGreaterThan(250);
    expect(urls).toContain('wss://gzvnc.qcloud.com/vnc?s=x');
    expect(urls).toContain(`ws://127.0.0.1:${DEMO_PORT}?s=x`);
    const page = await freshPage();
    const { violations, thrown } = await tryConnect(page, urls);
    await page.close();
    expect({ thrown, violations }).toEqual({ thrown: [], violations: [] });
  });

  it("what the CSP blocks, main refuses: the issue's examples", async () => {
    const refusedByMain = EDGE_CASES.slice(9).filter((raw) => accepted([raw]).length === 0);
    expect(refusedByMain).toEqual(EDGE_CASES.slice(9));
    // And the CSP does block the ones that are well-formed WebSocket URLs (a #fragment throws).
    const page = await freshPage();
    const blockedByCsp = EDGE_CASES.slice(9, 13);
    const { violations } = await tryConnect(page, blockedByCsp);
    await page.close();
    for (const url of blockedByCsp) {
      // Reported once per policy (meta and header); blockedURI is the URL.
      expect(
        violations.filter((v) => v.endsWith(`blocked ${url}`)),
        url,
      ).not.toEqual([]);
    }
  });
});
