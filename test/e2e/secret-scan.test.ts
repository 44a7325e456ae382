// No secret on disk: the BUILT main bundle (with a recording stand-in for Electron, see
// harness/built-main.ts) serves the built renderer in Chromium through its own IPC handlers; the
// demo cloud is used as a user would (consoles opened, one with a VNC password hint, links
// dropped, a refused handshake logged). Then the built bundles, the user-data folder and the log
// are searched for every secret of the run (the API SecretKey main signed with, every console URL
// token and VNC password it received) and for every key and token written in the test suite.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, type HandlerTable, type IpcResult } from '../../src-main/contract';
import { loadBuiltMain, TRUSTED_SENDER, type BuiltMain } from './harness/built-main';
import { launchChromium } from './harness/chromium';
import { serveFolder, type StaticServer } from './harness/static-server';
import { openAppPage, openConsole, tryDemo, waitForPicture } from './console-helpers';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Keys and tokens written in the test suite (values without spaces, 12+ characters). */
function suiteSecrets(): string[] {
  const found = new Set<string>();
  const pattern = /\b(?:secretKey|SECRET_KEY|SecretKey|TOKEN|token)\s*[:=]\s*'([^'\s]{12,})'/g;
  for (const file of filesUnder('test').filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) {
      // A message key for a field (`secretKey: 'profiles.input.secretKeyMissing'`) names no secret.
      if (/^profiles\.input\.\w+$/.test(m[1]!)) continue;
      found.add(m[1]!);
    }
  }
  return [...found];
}

/** The console URL tokens and VNC passwords in the API answers main received. */
function consoleSecrets(answers: readonly string[]): { tokens: string[]; passwords: string[] } {
  const tokens: string[] = [];
  const passwords: string[] = [];
  for (const body of answers) {
    const raw = /"InstanceVncUrl":"([^"]+)"/.exec(body)?.[1];
    if (!raw) continue;
    const url = decodeURIComponent(raw);
    const token = /[?&]s=([^&]+)/.exec(url)?.[1];
    const password = /[?&]password=([^&]*)/.exec(url)?.[1];
    if (token) tokens.push(token);
    if (password) passwords.push(decodeURIComponent(password));
  }
  return { tokens, passwords };
}

/** The forms a secret could take on disk: as is, URL-encoded, base64 and JSON-escaped. */
function forms(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}

describe('no secret in the bundles, the user-data folder or the log after a run', () => {
  let main: BuiltMain;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    main = await loadBuiltMain({ packaged: true });
    server = await serveFolder('out/renderer');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await main?.quit();
  });

  it('after consoles were used through the built main process, no file holds a secret', async () => {
    // The page calls main's registered IPC handlers, as our own window's main frame.
    const handlers = Object.fromEntries(
      CHANNELS.map((c) => [
        c,
        async (input: unknown) => {
          const result = (await main.ipcHandlers.get(c)!(TRUSTED_SENDER, input)) as IpcResult<unknown>;
          if (result.ok) return result.value;
          throw result.error;
        },
      ]),
    ) as unknown as HandlerTable;
    const app = await openAppPage(browser, server, { handlers, eventSinks: main.eventSinks });
    await tryDemo(app.page);
    for (const id of ['ins-demo0001', 'ins-demo0006']) {
      await openConsole(app.page, id);
      await waitForPicture(app.page, id);
    }
    await app.page.keyboard.type('root');
    // The user's Disconnect: the renderer reports the closed link to main's log.
    await app.page
      .locator('[data-testid="console-view"][data-instance="ins-demo0006"] [data-testid="disconnect"]')
      .click();
    await expect
      .poll(() => app.bridge.calls.some((c) => c.channel === 'console:report'), { timeout: 10_000 })
      .toBe(true);
    // A setting changed: the user-data folder gets its settings file.
    await handlers['settings:set']({ rewriteTencentOrigin: false });
    await app.close();

    const { tokens, passwords } = consoleSecrets(main.apiAnswers);
    // A refused handshake as Electron's network stack reports it: main logs it (redacted).
    const handshake = main.webRequest.get('onCompleted')![0] as (d: object) => void;
    handshake({
      url: `ws://127.0.0.1:1/vnc?s=${tokens[0]}&password=`,
      statusCode: 403,
      resourceType: 'webSocket',
    });
    await main.quit();

    const runSecrets = [...main.signingSecrets, ...tokens, ...passwords];
    expect(main.signingSecrets.size, 'the SecretKey main signed with').toBeGreaterThan(0);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(passwords.length, 'ins-demo0006 comes with a VNC password hint').toBeGreaterThan(0);

    // The log was written (pino writes asynchronously) and records the consoles and the refusal.
    const logFile = path.join(main.logs, 'main.log');
    await expect
      .poll(() => (statSync(logFile, { throwIfNoEntry: false }) ? readFileSync(logFile, 'utf8') : ''), {
        timeout: 10_000,
      })
      .toContain('console-handshake-failed');
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('console-closed');

    const bundles = filesUnder('out');
    const data = [...filesUnder(main.userData), ...filesUnder(main.logs)];
    expect(data.some((f) => f.startsWith(main.userData))).toBe(true);
    const suite = suiteSecrets();
    // The demo instances' VNC passwords are demo data the app ships (src-main/demo/fleet.ts), so
    // the bundles may hold them; the user-data folder and the log may not.
    const forData = [...runSecrets, ...suite].flatMap(forms);
    const forBundles = [...main.signingSecrets, ...tokens, ...suite].flatMap(forms);
    const leaks: string[] = [];
    for (const [files, secrets] of [
      [bundles, forBundles],
      [data, forData],
    ] as const) {
      for (const file of files) {
        const text = readFileSync(file).toString('latin1');
        for (const s of secrets) if (text.includes(s)) leaks.push(`${file}: ${s.slice(0, 6)}…`);
      }
    }
    console.log(
      `searched ${bundles.length} built files and ${data.length} files of user data and logs for ${runSecrets.length} secrets of this run ` +
        `(${main.signingSecrets.size} SecretKey, ${tokens.length} console tokens, ${passwords.length} VNC passwords) ` +
        `and ${suite.length} of the test suite`,
    );
    expect(leaks).toEqual([]);
    // Nor a console URL with its token in any shape.
    expect(log).not.toMatch(/[?&]s=[A-Za-z0-9+/%]{16,}/);
  });
});
