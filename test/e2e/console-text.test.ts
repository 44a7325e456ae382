// Text out of the console (issue 17), in Chromium against the demo cloud: a text typed on the console
// is selected with a dragged rectangle and lands on the clipboard exactly; a reboot while the
// transcript records is found by searching it, and it is saved as .txt; one command typed into three
// consoles at once reaches each server. And OCR runs in the app's bundled text worker under the app's
// CSP, from the app's own files: no request ever leaves 127.0.0.1.
import { readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StaticServer } from './harness/static-server';
import type { AppUnderTest } from './harness/app-handlers';
import { startAppRig, type AppRig } from './harness/app-rig';
import type { DemoCloud } from '../../src-main/demo';
import { DEFAULT_RECONNECT_OPTIONS } from '../../src-renderer/console/reconnect-types';
import { bootLog } from '../../src-main/demo/vnc-server/boot-log';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
import {
  SCREENSHOT_DIR,
  closeOpenPages,
  consoleView,
  openAppPage,
  openConsole,
  tryDemo,
  waitForPhase,
  waitForPicture,
} from './console-helpers';

// The demo's Linux text console: 80×25 cells of 9×16 pixels.
const CELL_W = 9;
const CELL_H = 16;

describe('text out of the console (Chromium, demo cloud)', () => {
  let app: AppUnderTest;
  let server: StaticServer;
  let browser: Browser;
  let rig: AppRig;

  beforeAll(async () => {
    rig = await startAppRig();
    ({ app, server, browser } = rig);
  });
  afterEach(() => closeOpenPages());
  afterAll(() => rig?.close());

  async function cloud(): Promise<DemoCloud> {
    const c = await app.demo.cloud();
    if (!c) throw new Error('the demo cloud has not started');
    return c;
  }

  /** Types `text` (and Enter) through Type text on the console of `id`. */
  async function typeText(page: Page, id: string, text: string): Promise<void> {
    const view = consoleView(page, id);
    await view.getByTestId('type-text').click();
    await view.getByTestId('type-text-input').fill(text);
    await view.getByTestId('type-text-enter').check();
    await view.getByTestId('type-text-send').click();
    await expect.poll(() => view.getByTestId('type-text-status').textContent()).toContain('Typed');
    await view.getByTestId('type-text-host').getByRole('button', { name: 'Close', exact: true }).click();
  }

  /** Drags "Select text" over the cells from (col0,row0) to (col1,row1) inclusive. */
  async function selectCells(page: Page, id: string, [c0, r0]: number[], [c1, r1]: number[]): Promise<void> {
    await consoleView(page, id).getByTestId('more-menu').click();
    await page.getByTestId('select-text').click();
    const canvas = consoleView(page, id).locator('[data-testid="console-screen"] canvas');
    const box = (await canvas.boundingBox())!;
    const scale = box.width / (80 * CELL_W);
    const at = (x: number, y: number) => ({ x: box.x + x * scale, y: box.y + y * scale });
    const from = at(c0! * CELL_W + 2, r0! * CELL_H + 2);
    const to = at((c1! + 1) * CELL_W - 2, (r1! + 1) * CELL_H - 2);
    await page.getByTestId('text-select-layer').waitFor();
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2);
    await page.mouse.move(to.x, to.y);
    await page.mouse.up();
  }

  it('copies a selected text exactly, line breaks and columns kept, and the whole screen on request', async () => {
    const { page, pageErrors, cspViolations } = await openAppPage(browser, server, app);
    const id = 'ins-demo0002';
    await tryDemo(page);
    await openConsole(page, id);
    await waitForPicture(page, id);
    const vnc = (await cloud()).vncServer(id)!;
    await typeText(page, id, 'root');
    await typeText(page, id, 'secret');
    const known = 'Hello, CVM Console 42!';
    await typeText(page, id, `echo ${known}`);
    await expect.poll(() => vnc.screenText()).toContain(`\n${known}\n`);
    const rows = vnc.screenText().split('\n');
    const output = rows.lastIndexOf(known);
    const command = output - 1;
    expect(rows[command]).toMatch(new RegExp(`# echo ${known}$`));
    const recorded = app.recorded.copiedTexts.length;

    // The command and its output, dragged a little wider than the text: trailing blanks are not copied.
    await selectCells(page, id, [0, command], [rows[command]!.length + 2, output]);
    await expect.poll(() => app.recorded.copiedTexts.length, { timeout: 10_000 }).toBe(recorded + 1);
    const expected = `${rows[command]}\n${known}`;
    expect(app.recorded.copiedTexts.at(-1)).toBe(expected);
    await expect.poll(() => page.getByTestId('copied-text-body').textContent()).toBe(expected);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/text-selection.png` });

    // A block of the boot messages keeps its columns: the spaces inside the brackets, as on screen.
    const boot = rows.findIndex((r) => r.startsWith('[    0.000000]'));
    expect(boot).toBeGreaterThanOrEqual(0);
    await selectCells(page, id, [0, boot], [13, boot + 2]);
    await expect.poll(() => app.recorded.copiedTexts.length, { timeout: 10_000 }).toBe(recorded + 2);
    expect(app.recorded.copiedTexts.at(-1)).toBe(
      rows
        .slice(boot, boot + 3)
        .map((r) => r.slice(0, 14).trimEnd())
        .join('\n'),
    );
    expect(app.recorded.copiedTexts.at(-1)).toBe('[    0.000000]\n[  OK  ] Reach\n[  OK  ] Start');

    // Copy screen text: every row as the server has it.
    await page.getByTestId('more-menu').click();
    await page.getByTestId('copy-screen-text').click();
    await expect.poll(() => app.recorded.copiedTexts.length, { timeout: 10_000 }).toBe(recorded + 3);
    expect(app.recorded.copiedTexts.at(-1)!.trimEnd()).toBe(vnc.screenText().trimEnd());
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  /** The demo console of `id`, connected, with its transcript panel open and recording. */
  async function consoleWithTranscript(id: string) {
    const { page, pageErrors } = await openAppPage(browser, server, app);
    await tryDemo(page);
    await openConsole(page, id);
    await waitForPicture(page, id);
    const vnc = (await cloud()).vncServer(id)!;
    await page.getByTestId('more-menu').click();
    await page.getByTestId('transcript-toggle').click();
    const panel = page.getByTestId('transcript-panel');
    const status = panel.getByTestId('transcript-status');
    await expect.poll(() => status.getAttribute('data-lines'), { timeout: 10_000 }).not.toBe('0');
    return { page, pageErrors, vnc, panel, status };
  }

  it('keeps a transcript across a reboot and a dropped link: a boot line is found by searching it, and it saves as .txt', async () => {
    const id = 'ins-demo0001';
    const { page, pageErrors, vnc, panel } = await consoleWithTranscript(id);

    // Log in and work a little before the reboot (a screen that comes back after the reboot has
    // erased the one before is added again; see transcript.test.ts).
    await typeText(page, id, 'root');
    await typeText(page, id, 'secret');
    await typeText(page, id, 'echo before the reboot');
    await expect.poll(() => vnc.screenText()).toContain('\nbefore the reboot\n');

    // Reboot while recording: the screen clears and boots again.
    await page.getByTestId('ctrl-alt-del').click();
    await expect.poll(() => vnc.screenText(), { timeout: 15_000 }).toContain('rebooting');
    await expect.poll(() => vnc.screenText(), { timeout: 15_000 }).not.toContain('rebooting');

    const search = panel.getByTestId('transcript-search');
    await search.fill('OpenSSH');
    // Booted twice (the first boot, the reboot), so the line is there twice, each with its time.
    await expect
      .poll(() => panel.getByTestId('transcript-line').allTextContents(), { timeout: 10_000 })
      .toHaveLength(2);
    for (const line of await panel.getByTestId('transcript-line').allTextContents())
      expect(line).toMatch(/^\d\d:\d\d:\d\d\s*\[\s+OK\s+\] Started OpenSSH server daemon\.$/);
    await search.fill('rebooting');
    await expect
      .poll(() => panel.getByTestId('transcript-line').allTextContents())
      .toEqual([expect.stringContaining('Ctrl-Alt-Del pressed: rebooting...')]);
    // The link drops and the console reconnects by itself: the transcript goes on where it was.
    await sleep(DEFAULT_RECONNECT_OPTIONS.stableAfterMs + 100);
    expect((await cloud()).gateway.faults.dropAll(id)).toBe(1);
    await waitForPhase(page, id, 'reconnecting');
    await waitForPhase(page, id, 'connected');
    await typeText(page, id, 'root');
    await typeText(page, id, 'secret');
    await typeText(page, id, 'echo after the drop');
    await search.fill('the ');
    await expect
      .poll(() => panel.getByTestId('transcript-line').allTextContents(), { timeout: 10_000 })
      .toEqual([
        expect.stringMatching(/# echo before the reboot$/),
        expect.stringMatching(/ before the reboot$/),
        expect.stringMatching(/# echo after the drop$/),
        expect.stringMatching(/ after the drop$/),
      ]);
    await search.fill('');
    await expect.poll(() => panel.getByTestId('transcript-line').count()).toBeGreaterThan(10);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/text-transcript.png` });

    const savedBefore = app.recorded.savedFiles.length;
    await panel.getByTestId('transcript-save').click();
    await expect.poll(() => app.recorded.savedFiles.length).toBe(savedBefore + 1);
    const saved = app.recorded.savedFiles.at(-1)!;
    expect(saved.name).toMatch(/-transcript\.txt$/);
    const text = new TextDecoder().decode(saved.bytes);
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}/);
    const bodies = lines.map((l) => l.slice(26));
    expect(
      bodies.filter((l) => l === '[    0.000000] Linux version 5.15.0-demo (CVM Console demo cloud)'),
    ).toHaveLength(2);
    expect(bodies.filter((l) => l === 'Ctrl-Alt-Del pressed: rebooting...')).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the transcript of a 2,000-line dmesg scrolled at full speed', async () => {
    const id = 'ins-demo0002';
    const { page, pageErrors, vnc, panel, status } = await consoleWithTranscript(id);
    await typeText(page, id, 'root');
    await typeText(page, id, 'secret');
    const expected = bootLog();
    await typeText(page, id, 'dmesg');
    // 500 lines a second: done in about 4 s, then the prompt comes back under the last line.
    await expect.poll(() => vnc.screenText(), { timeout: 60_000 }).toContain(`${expected.at(-1)}\nroot@`);
    // The app may be seconds behind the server here: a viewer that takes updates slower than the log
    // scrolls is sent every screen it missed, in order (src-main/demo/vnc-server/rfb-session.ts,
    // keepMoment). So first the transcript's own search shows the log's last line (60 s at most: a
    // lost last line is counted below, not waited for)...
    const serverDone = Date.now();
    const search = panel.getByTestId('transcript-search');
    await search.fill(expected.at(-1)!);
    for (const until = Date.now() + 60_000; Date.now() < until; await sleep(250))
      if ((await panel.getByTestId('transcript-line').count()) > 0) break;
    const behindMs = Date.now() - serverDone;
    await search.fill('');
    // ...then the worker has read what was drawn once the line count stops moving.
    let before = '';
    await expect
      .poll(
        async () => {
          const now = await status.getAttribute('data-lines');
          const settled = now === before;
          before = now ?? '';
          return settled;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    // The file this save writes, not one an earlier test saved.
    const savedBefore = app.recorded.savedFiles.length;
    await panel.getByTestId('transcript-save').click();
    await expect.poll(() => app.recorded.savedFiles.length).toBe(savedBefore + 1);
    const text = new TextDecoder().decode(app.recorded.savedFiles.at(-1)!.bytes);
    const seen = new Map<string, number>();
    for (const line of text.trimEnd().split('\n')) {
      const body = line.slice(26);
      seen.set(body, (seen.get(body) ?? 0) + 1);
    }
    const exact = expected.filter((l) => seen.get(l) === 1).length;
    const twice = expected.filter((l) => (seen.get(l) ?? 0) > 1).length;
    const frames = await status.getAttribute('data-frames');
    // Where lines were lost, as ranges of the log's line numbers (1-based), for the report below.
    const gaps: string[] = [];
    expected.forEach((l, i) => {
      if (seen.get(l) === 1) return;
      const last = gaps.at(-1)?.split('–');
      if (last && Number(last.at(-1)) === i) gaps[gaps.length - 1] = `${last[0]}–${i + 1}`;
      else gaps.push(`${i + 1}`);
    });
    process.stderr.write(
      `\n    dmesg in the app: ${exact}/${expected.length} lines exact, ${twice} twice, ${frames} updates read, ` +
        `last line in the transcript ${behindMs} ms after the server printed it` +
        (gaps.length > 0 ? `; lines not kept exactly once: ${gaps.slice(0, 20).join(', ')}` : '') +
        '\n',
    );
    // The issue's figure: ≥ 99.5 % of the lines exact and none twice, on a loaded machine too (the
    // server sends a viewer that is behind every screen, see docs/benchmarks.md, s26).
    expect(twice).toBe(0);
    expect(exact / expected.length).toBeGreaterThanOrEqual(0.995);
    expect(pageErrors).toEqual([]);
  });

  it('types one command into three consoles at once, names a console it skips, and clears in one click', async () => {
    const { page, pageErrors } = await openAppPage(browser, server, app);
    const ids = ['ins-demo0006', 'ins-demo0007', 'ins-demo0008'];
    await tryDemo(page);
    for (const id of ids) {
      await openConsole(page, id);
      await waitForPicture(page, id);
    }
    const servers = await Promise.all(ids.map(async (id) => (await cloud()).vncServer(id)!));
    const before = servers.map((s) => s.typedText());

    await page.getByTestId('include-all').check();
    const tabs = page.getByTestId('console-tab');
    await expect
      .poll(() => tabs.evaluateAll((els) => els.map((e) => e.getAttribute('data-included'))))
      .toEqual(['true', 'true', 'true']);
    // Typed from whichever console is shown (the last one opened).
    await typeText(page, ids[2]!, 'uname -a');
    for (const [i, s] of servers.entries())
      await expect.poll(() => s.typedText(), { message: ids[i] }).toBe(`${before[i]}uname -a\n`);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/text-broadcast.png` });

    // One console disconnected: the combo goes to the other two, the skipped one is named.
    await page.locator(`[data-testid="console-tab"][data-instance="${ids[0]}"] [role="tab"]`).click();
    await consoleView(page, ids[0]!).getByTestId('disconnect').click();
    await waitForPhase(page, ids[0]!, 'idle');
    await page.locator(`[data-testid="console-tab"][data-instance="${ids[1]}"] [role="tab"]`).click();
    const keysBefore = servers.map((s) => s.keyEvents().length);
    await consoleView(page, ids[1]!).getByTestId('keys-menu').click();
    await page.getByTestId('combo-ctrl-c').click();
    await expect.poll(() => servers[1]!.keyEvents().length).toBe(keysBefore[1]! + 4);
    await expect.poll(() => servers[2]!.keyEvents().length).toBe(keysBefore[2]! + 4);
    expect(servers[0]!.keyEvents().length).toBe(keysBefore[0]);
    await expect
      .poll(() => consoleView(page, ids[1]!).getByTestId('console-notice').textContent())
      .toMatch(/^\s*Sent to 2 consoles; skipped vault-prod-01 \(not connected\)\.\s*$/);

    await page.getByTestId('include-clear').click();
    expect(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('data-included')))).toEqual([
      'false',
      'false',
      'false',
    ]);
    // Cleared: keys go to the shown console only again.
    const only = servers.map((s) => s.typedText());
    await typeText(page, ids[1]!, 'id');
    await expect.poll(() => servers[1]!.typedText()).toBe(`${only[1]}id\n`);
    expect(servers[2]!.typedText()).toBe(only[2]);
    expect(pageErrors).toEqual([]);
  });

  it("reads a graphical picture by OCR in the app's text worker, under its CSP, with nothing fetched off 127.0.0.1", async () => {
    const { page, cspViolations } = await openAppPage(browser, server, app);
    const requests: string[] = [];
    const refused: string[] = [];
    // Every request of the context, the workers' included, passes here: only the test's own
    // server on 127.0.0.1 is let through (a data: URL never reaches the network).
    await page.context().route('**/*', (route) => {
      const url = new URL(route.request().url());
      requests.push(url.href);
      if (url.origin === server.url) return route.continue();
      refused.push(url.href);
      return route.abort();
    });
    const worker = readdirSync('out/renderer/assets').find((f) => /^text-worker-.*\.js$/.test(f));
    expect(worker, 'the build emits the text worker').toBeDefined();
    // Page code as text: this folder is type-checked without the DOM lib.
    const result = await page.evaluate(`(async () => {
      // A light "dialog" with proportional text, as a graphical desktop would show it.
      const canvas = new OffscreenCanvas(640, 200);
      const g = canvas.getContext('2d');
      g.fillStyle = '#f3f3f3';
      g.fillRect(0, 0, 640, 200);
      g.fillStyle = '#1a1a1a';
      g.font = '22px sans-serif';
      g.fillText('Installation complete', 40, 70);
      g.fillText('Restart the computer now', 40, 130);
      const image = g.getImageData(0, 0, 640, 200);
      const w = new Worker(${JSON.stringify(`/assets/${worker}`)}, { type: 'module' });
      return await new Promise((resolve, reject) => {
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message || 'the worker failed'));
        w.postMessage(
          { id: 1, type: 'recognize', consoleId: 'ocr', image: { width: 640, height: 200, data: image.data } },
          [image.data.buffer],
        );
      });
    })()`);
    expect(result).toMatchObject({ id: 1, ok: true, result: { mode: 'ocr' } });
    const text = (result as { result: { text: string } }).result.text;
    expect(text).toContain('Installation complete');
    expect(text).toContain('Restart the computer now');
    // The model came from the app's own files, unhashed, through the worker: seen here.
    expect(requests).toContain(`${server.url}/assets/eng.traineddata.gz`);
    expect(refused).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
