// Issue 17, text out of the console: accuracy per screen set, recognition time, transcript capture.
//   - cells, demo consoles: the demo cloud's six Linux ttys and its Windows screens, read from the
//     built-in RFB server as a viewer gets them; truth is the server's own screen text;
//   - cells, xterm on Xvnc: a Linux-style console (Terminus fonts, several sizes, bold, colours,
//     reverse and underline) in a real xterm on a real Xvnc;
//   - OCR: a dialog and a browser-like page drawn by Chromium at 1280x800 (plus Simplified Chinese,
//     reported without a budget);
//   - time: a whole 80x25 console by cells; a whole 1280x800 graphical screen by OCR (Tesseract runs
//     in a worker thread, as it runs in a Web Worker in the app);
//   - transcript: `dmesg` (2,000 lines) scrolled through the demo console (its server in a process
//     of its own) while a viewer reads every update it gets.
// Accuracy is reported as character errors (100 - accuracy, in %) so that the runner's budget rule
// (value ≤ budget) applies: ≤ 0.5 % for cells, ≤ 5 % for OCR.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { BenchSkipped, defineBenchmark, timeBatches } from './kit';
import type { BenchContext } from './kit';
import { BuiltinVncServer } from '../../src-main/demo/vnc-server/vnc-server';
import { bootLog } from '../../src-main/demo/vnc-server/boot-log';
import {
  ENCODING_CONTINUOUS_UPDATES,
  ENCODING_FENCE,
  FENCE_BLOCK_BEFORE,
  FENCE_REQUEST,
} from '../../src-main/demo/vnc-server/continuous-updates';
import { XK } from '../../src-main/common/keysyms';
import { RfbTestClient } from '../unit/demo/vnc-server/rfb-test-client';
import { startXvnc } from '../support/xvnc';
import { startVncServerProcess } from './vnc-server-process';
import { launchChromium } from '../e2e/harness/chromium';
import { TextRecognizer } from '../../src-renderer/console/text/text-recognizer';
import { defaultGlyphSet } from '../../src-renderer/console/text/default-glyphs';
import { Transcript } from '../../src-renderer/console/text/transcript';
import type { PixelImage } from '../../src-renderer/console/text/pixel-image';
import { characterAccuracy, editDistance, foldSpaces } from '../unit/renderer/console/text/accuracy';
import {
  CHINESE_GRAPHICAL_SCREEN,
  LATIN_GRAPHICAL_SCREENS,
  renderPage,
} from '../unit/renderer/console/text/graphical-screens';
import { nodeOcr } from '../unit/renderer/console/text/tesseract-node';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const XTERM = '/usr/bin/xterm';
// How long xterm may take to start and draw on a loaded machine (it took over 15 s at load 14).
const XTERM_DRAW_TIMEOUT_MS = 90_000;

/** The client's framebuffer as an image, without a copy (cell matching compares pixels only). */
function frameOf(client: RfbTestClient): PixelImage {
  return { width: client.width, height: client.height, data: new Uint8Array(client.pixels.buffer) };
}

async function fullFrame(client: RfbTestClient): Promise<PixelImage> {
  client.requestUpdate(false);
  await client.readUpdate(10_000);
  return frameOf(client);
}

/** Character errors in % of the truth, columns and line breaks included (cells keep them). */
function exactErrors(truth: string, got: string): number {
  return (100 * editDistance(truth, got)) / Math.max(1, [...truth].length);
}

function rowsText(rows: readonly string[] | undefined): string {
  const r = [...(rows ?? [])];
  while (r.length > 0 && r[r.length - 1] === '') r.pop();
  return r.join('\n');
}

const log = (text: string) => process.stderr.write(`\n    ${text}`);

// --- demo consoles -----------------------------------------------------------------------------

const ASCII = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('');

/** Waits until the server has every key event the client sent, then grabs a frame and its truth. */
async function settledFrame(
  server: BuiltinVncServer,
  client: RfbTestClient,
  events: number,
): Promise<{ image: PixelImage; truth: string }> {
  const deadline = Date.now() + 15_000;
  while (server.keyEvents().length < events) {
    if (Date.now() > deadline) throw new Error('the demo server did not get the keys');
    await sleep(10);
  }
  for (;;) {
    const before = server.screenText();
    const image = await fullFrame(client);
    if (server.screenText() === before)
      return { image: { ...image, data: image.data.slice() }, truth: before };
  }
}

async function demoScreens(): Promise<{ name: string; image: PixelImage; truth: string }[]> {
  const screens: { name: string; image: PixelImage; truth: string }[] = [];
  const linux = new BuiltinVncServer({ title: 'Ubuntu 22.04 LTS web-01 tty1', flavour: 'linux' });
  const windows = new BuiltinVncServer({ title: 'Windows Server 2022 WIN-DEMO', flavour: 'windows' });
  try {
    for (const [server, steps] of [
      [linux, LINUX_STEPS],
      [windows, WINDOWS_STEPS],
    ] as const) {
      const client = await RfbTestClient.tcp((await server.listen()).port);
      let events = 0;
      for (const step of steps) {
        for (const chord of step.chords ?? []) {
          client.chord([...chord.mods], chord.key);
          events += 2 * chord.mods.length + 2;
        }
        client.type(step.type ?? '');
        events += 2 * (step.type ?? '').length;
        screens.push({ name: step.name, ...(await settledFrame(server, client, events)) });
      }
      client.destroy();
    }
  } finally {
    await linux.close();
    await windows.close();
  }
  return screens;
}

interface Step {
  name: string;
  chords?: { mods: readonly number[]; key: number }[];
  type?: string;
}

const LINUX_STEPS: Step[] = [
  { name: 'linux tty1 login' },
  {
    name: 'linux tty1 shell',
    type: `root\nsecret\necho ${ASCII.slice(0, 47)}\necho ${ASCII.slice(47)}\nuname -a\nwhoami\ntty\nls /etc\n`,
  },
  ...[2, 3, 4, 5, 6].map((n) => ({
    name: `linux tty${n}`,
    chords: [{ mods: [XK.Alt_L], key: XK.F1 + n - 1 }],
    type: n % 2 === 0 ? `user${n}\npw\necho tty ${n} says ${ASCII.slice(n * 10, n * 10 + 30)}\n` : '',
  })),
];

const WINDOWS_STEPS: Step[] = [
  { name: 'windows lock' },
  { name: 'windows password', chords: [{ mods: [XK.Control_L, XK.Alt_L], key: XK.Delete }], type: 'hunter2' },
  { name: 'windows prompt', type: `\nhostname\nwhoami\ndir\necho ${ASCII.slice(0, 60)}\n` },
];

// --- xterm on Xvnc -------------------------------------------------------------------------------

const ESC = '\x1b';
/** A Linux-style console session with colours and attributes; `plain` is what it shows. */
function consoleSession(): { ansi: string; plain: string[] } {
  const parts: [ansi: string, plain: string][] = [
    [`[  ${ESC}[1;32mOK${ESC}[0m  ] Started Journal Service.`, '[  OK  ] Started Journal Service.'],
    [
      `[${ESC}[1;31mFAILED${ESC}[0m] Failed to start nginx.service.`,
      '[FAILED] Failed to start nginx.service.',
    ],
    [
      `See 'systemctl status nginx.service' for details.`,
      `See 'systemctl status nginx.service' for details.`,
    ],
    [
      `[  ${ESC}[1;32mOK${ESC}[0m  ] Reached target ${ESC}[1mMulti-User System${ESC}[0m.`,
      '[  OK  ] Reached target Multi-User System.',
    ],
    ['', ''],
    ['web-01 login: root', 'web-01 login: root'],
    [
      'Last login: Mon Jan  6 10:00:00 2025 from 10.0.0.2',
      'Last login: Mon Jan  6 10:00:00 2025 from 10.0.0.2',
    ],
    [
      `${ESC}[1;32mroot@web-01${ESC}[0m:${ESC}[1;34m~${ESC}[0m# ls -la /etc | head -3`,
      'root@web-01:~# ls -la /etc | head -3',
    ],
    ['total 1234', 'total 1234'],
    [
      `drwxr-xr-x 98 root root 4096 Jan  6 10:00 ${ESC}[1;34m.${ESC}[0m`,
      'drwxr-xr-x 98 root root 4096 Jan  6 10:00 .',
    ],
    [
      `-rw-r--r--  1 root root  552 Jan  1 00:00 ${ESC}[7mfstab${ESC}[0m ${ESC}[4mhosts${ESC}[0m`,
      '-rw-r--r--  1 root root  552 Jan  1 00:00 fstab hosts',
    ],
    [ASCII.slice(0, 47), ASCII.slice(0, 47)],
    [ASCII.slice(47), ASCII.slice(47)],
    [`${ESC}[33;44m WARNING ${ESC}[0m disk /dev/vda1 is 97% full`, ' WARNING  disk /dev/vda1 is 97% full'],
  ];
  return { ansi: parts.map((p) => p[0]).join('\r\n') + '\r\n', plain: parts.map((p) => p[1]) };
}

const XTERM_SETS: { font: string; fg: string; bg: string }[] = [
  { font: 'terminus-16', fg: '#aaaaaa', bg: '#000000' },
  { font: 'terminus-bold-16', fg: '#ffffff', bg: '#0000aa' },
  { font: 'terminus-20', fg: '#000000', bg: '#ffffff' },
  { font: 'terminus-24', fg: '#00ff00', bg: '#000000' },
  { font: 'terminus-32', fg: '#d0d0d0', bg: '#202020' },
];

async function xtermScreens(quick: boolean): Promise<{ name: string; image: PixelImage; truth: string }[]> {
  if (!existsSync(XTERM))
    throw new Error(`${XTERM} not found. Install it with: apt-get install xterm xfonts-terminus`);
  const session = consoleSession();
  const dir = mkdtempSync(path.join(tmpdir(), 'cvm-text-'));
  const file = path.join(dir, 'session.txt');
  writeFileSync(file, session.ansi);
  const truth = session.plain.join('\n');
  const x = await startXvnc({ geometry: '1024x768' });
  const screens: { name: string; image: PixelImage; truth: string }[] = [];
  try {
    for (const set of quick ? XTERM_SETS.slice(0, 2) : XTERM_SETS) {
      const xterm = spawn(
        XTERM,
        [
          '-display',
          x.display,
          '-geometry',
          '80x25+0+0',
          '-fn',
          set.font,
          '-fg',
          set.fg,
          '-bg',
          set.bg,
          '-e',
          'sh',
          '-c',
          `cat '${file}'; exec sleep 600`,
        ],
        { stdio: 'ignore' },
      );
      try {
        const client = await RfbTestClient.tcp(x.port);
        // Wait until xterm has drawn the whole session: well under a second when idle, but xterm
        // and Xvnc start slowly on a loaded machine. Each look uses a fresh recognizer (one that
        // had learnt a grid from a half-drawn window would keep it), and a window that never shows
        // the session is an error, not a screen of 100 % errors.
        const started = Date.now();
        const deadline = started + XTERM_DRAW_TIMEOUT_MS;
        let image = await fullFrame(client);
        while (!new TextRecognizer().readCells(image).text.includes(session.plain.at(-1)!.trim())) {
          if (Date.now() > deadline) {
            client.destroy();
            throw new Error(
              `xterm ${set.font} had not drawn its session after ${XTERM_DRAW_TIMEOUT_MS / 1000} s (${loadNote()})`,
            );
          }
          await sleep(200);
          image = await fullFrame(client);
        }
        log(`xterm ${set.font} drawn after ${Date.now() - started} ms`);
        screens.push({
          name: `xterm ${set.font} ${set.fg} on ${set.bg}`,
          image: { ...image, data: image.data.slice() },
          truth,
        });
        client.destroy();
      } finally {
        xterm.kill();
      }
    }
  } finally {
    await x.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return screens;
}

/** Character errors of the whole set, in % of its characters (per-screen figures go to stderr). */
function cellErrors(screens: { name: string; image: PixelImage; truth: string }[]): number[] {
  let errors = 0;
  let chars = 0;
  for (const { name, image, truth } of screens) {
    const r = new TextRecognizer().readCells(image);
    // The Xvnc screen is larger than xterm: compare the text from its first non-blank row.
    const got = r.mode === 'cells' ? (name.startsWith('xterm') ? r.text : rowsText(r.rows)) : '';
    const screenErrors = editDistance(truth, got);
    errors += screenErrors;
    chars += [...truth].length;
    log(`${name}: ${r.mode}, ${(100 - exactErrors(truth, got)).toFixed(2)} % accurate`);
    if (process.env['TEXT_BENCH_DEBUG'] && screenErrors > 0) log(`truth:\n${truth}\n--- got:\n${got}\n---`);
  }
  return [(100 * errors) / chars];
}

// --- OCR -----------------------------------------------------------------------------------------

async function graphicalImages(): Promise<{ name: string; lines: string[]; image: PixelImage }[]> {
  const browser = await launchChromium();
  try {
    const out = [];
    for (const s of LATIN_GRAPHICAL_SCREENS)
      out.push({ name: s.name, lines: s.lines, image: await renderPage(browser, s.html) });
    return out;
  } finally {
    await browser.close();
  }
}

// --- transcript ----------------------------------------------------------------------------------

/**
 * `dmesg` through the demo console as a viewer gets it: the server runs in a process of its own (as
 * the app's runs in the main process), the viewer takes pushed updates with ContinuousUpdates and
 * answers each fence as soon as it has the update before it (noVNC does the same), and reads every
 * update it got, in order: a read never delays the next update, and no update is skipped (frames
 * wait in a queue while the reader is busy).
 */
interface TranscriptRun {
  capturedPct: number;
  doubled: number;
  frames: number;
  /** CPU time of the server's process while it printed the log and served the viewer. */
  serverCpuMs: number;
}

async function transcriptRun(): Promise<TranscriptRun> {
  const server = await startVncServerProcess({ title: 'Ubuntu 22.04 LTS web-01 tty1', flavour: 'linux' });
  const client = await RfbTestClient.tcp(server.port);
  const recognizer = new TextRecognizer();
  const transcript = new Transcript();
  try {
    // CopyRect, Raw, ContinuousUpdates and Fence (noVNC also takes Zlib; the bench reads the pixels,
    // not the transport).
    client.setEncodings([1, 0, ENCODING_CONTINUOUS_UPDATES, ENCODING_FENCE]);
    client.type('root\nsecret\n');
    await sleep(100);
    client.requestUpdate(false);
    // After the server's EndOfContinuousUpdates (it has them), the picture asked for.
    while ((await client.next(10_000)).type !== 'update');
    // The boot screen's own lines (its kernel banner) are no misreads of the log.
    const shownBefore = new Set(recognizer.readCells(frameOf(client)).rows);
    client.continuousUpdates(true);
    const cpuBefore = await server.cpuMs();
    client.type('dmesg\n');
    const expected = bootLog();
    const last = expected.at(-1)!;
    // Which log lines some update showed, and rows that look like log lines but are none (misread).
    const index = new Map(expected.map((l, i) => [l, i]));
    const onScreen = new Set<number>();
    let misread = 0;
    let frames = 0;
    let done = false;
    const queue: PixelImage[] = [];
    let wake: (() => void) | undefined;
    const receiving = (async () => {
      const deadline = Date.now() + 60_000;
      while (!done) {
        const message = await client.next(10_000);
        // A fence comes after each pushed update: answered, it lets the server send the next.
        if (message.type === 'fence' && (message.flags & FENCE_REQUEST) !== 0)
          client.fence(FENCE_BLOCK_BEFORE, message.payload);
        if (message.type !== 'update') continue;
        const frame = frameOf(client);
        queue.push({ ...frame, data: frame.data.slice() });
        wake?.();
        if (Date.now() > deadline) throw new Error('dmesg did not finish within 60 s');
      }
    })();
    const reading = (async () => {
      for (;;) {
        const image = queue.shift();
        if (!image) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        const read = recognizer.readCells(image);
        frames++;
        if (read.mode === 'cells' && read.rows) transcript.update(read.rows, Date.now());
        for (const row of read.rows ?? []) {
          const at = index.get(row);
          if (at !== undefined) onScreen.add(at);
          else if (/^\[\s*\d+\.\d{6}\]/.test(row) && !shownBefore.has(row)) {
            misread++;
            if (process.env['TEXT_BENCH_DEBUG']) log(`misread: ${row}`);
          }
        }
        if (read.rows?.includes('root@web-01:~#') && read.rows.includes(last)) return;
        // Let the receiver take what arrived meanwhile.
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.race([reading, receiving]);
    const serverCpuMs = (await server.cpuMs()) - cpuBefore;
    done = true;
    await receiving.catch(() => {});
    const lines = transcript.all().map((l) => l.text);
    const seen = new Map<string, number>();
    for (const l of lines) seen.set(l, (seen.get(l) ?? 0) + 1);
    const captured = expected.filter((l) => seen.get(l) === 1).length;
    const doubled = expected.filter((l) => (seen.get(l) ?? 0) > 1).length;
    const dropped = expected.filter((l, i) => onScreen.has(i) && seen.get(l) !== 1).length;
    log(`${captured}/${expected.length} boot log lines exact, ${doubled} twice, ${frames} updates read`);
    log(
      `${expected.length - onScreen.size} lines were on no update the viewer got (scrolled past between two), ` +
        `${dropped} shown but not kept once, ${misread} rows misread; ${loadNote()}`,
    );
    return { capturedPct: (100 * captured) / expected.length, doubled, frames, serverCpuMs };
  } finally {
    client.destroy();
    await server.close();
  }
}

let transcriptResult: Promise<TranscriptRun> | undefined;

function loadNote(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on this machine`;
}

export default [
  defineBenchmark({
    name: 'text: character errors, demo consoles (cells)',
    unit: '%',
    budget: 0.5,
    description:
      'Six Linux ttys and three Windows screens: character errors of the cell reading, in % of all their characters (per screen on stderr).',
    async run() {
      return cellErrors(await demoScreens());
    },
  }),
  defineBenchmark({
    name: 'text: character errors, xterm on Xvnc (cells)',
    unit: '%',
    budget: 0.5,
    description:
      'Five xterm font/colour sets (Terminus 16-32, bold, ANSI colours, reverse, underline) on a real Xvnc: character errors in % of all their characters.',
    async run(context: BenchContext) {
      return cellErrors(await xtermScreens(context.quick));
    },
  }),
  defineBenchmark({
    name: 'text: character errors, graphical screens (OCR)',
    unit: '%',
    budget: 5,
    description:
      'Two 1280x800 screens (a dialog, a browser-like page): whitespace-folded character errors of OCR in % of all their characters.',
    async run() {
      const ocr = nodeOcr('eng');
      try {
        let errors = 0;
        let chars = 0;
        for (const { name, lines, image } of await graphicalImages()) {
          const r = await new TextRecognizer({ ocr }).recognize(image);
          const truth = foldSpaces(lines.join('\n'));
          const screenErrors =
            r.mode === 'ocr' ? Math.min(truth.length, editDistance(truth, foldSpaces(r.text))) : truth.length;
          log(`${name}: ${r.mode}, ${(100 - (100 * screenErrors) / truth.length).toFixed(2)} % accurate`);
          errors += screenErrors;
          chars += truth.length;
        }
        return [(100 * errors) / chars];
      } finally {
        await ocr.terminate();
      }
    },
  }),
  defineBenchmark({
    name: 'text: character errors, Simplified Chinese page (OCR, chi_sim)',
    unit: '%',
    description:
      'A page of Simplified Chinese sentences at 22 px, OCR with @tesseract.js-data/chi_sim; reported, no budget.',
    async run() {
      const browser = await launchChromium();
      const ocr = nodeOcr('chi_sim');
      try {
        const image = await renderPage(browser, CHINESE_GRAPHICAL_SCREEN.html);
        const r = await ocr.recognize(image, { x: 0, y: 0, w: image.width, h: image.height });
        const truth = CHINESE_GRAPHICAL_SCREEN.lines.join('');
        if (/^[0\s]*$/.test(r.text))
          throw new BenchSkipped('no CJK font for Chromium: apt-get install fonts-wqy-zenhei');
        return [100 * (1 - characterAccuracy(truth, r.text.replace(/\s+/g, '')))];
      } finally {
        await ocr.terminate();
        await browser.close();
      }
    },
  }),
  defineBenchmark({
    name: 'text: 80x25 console read by cells',
    unit: 'ms',
    budget: 50,
    description: 'A fresh recognizer (grid detection included) reads a whole 720x400 demo console; warm JIT.',
    async run(context: BenchContext) {
      const [screen] = await demoScreens().then((s) => s.filter((x) => x.name === 'linux tty1 shell'));
      const glyphs = defaultGlyphSet();
      const read = () => new TextRecognizer({ glyphs }).readCells(screen!.image);
      const samples = await timeBatches(read, { samples: context.quick ? 5 : 30, warmup: 5 });
      cellCpuSamples = [];
      for (let i = 0; i < (context.quick ? 5 : 30); i++) {
        const cpu = process.cpuUsage();
        read();
        const used = process.cpuUsage(cpu);
        cellCpuSamples.push((used.user + used.system) / 1000);
      }
      log(loadNote());
      return samples;
    },
  }),
  defineBenchmark({
    name: 'text: 80x25 console read by cells, CPU time',
    unit: 'ms',
    description: 'CPU time of the readings of the previous entry: what the wall time is on an idle core.',
    async run() {
      if (cellCpuSamples.length === 0) throw new BenchSkipped('runs with the previous entry');
      return cellCpuSamples;
    },
  }),
  defineBenchmark({
    name: 'text: 1280x800 graphical screen read by OCR',
    unit: 'ms',
    budget: 1500,
    description:
      'Wall time of one OCR reading of a 1280x800 screen, Tesseract in a worker thread, warm (models loaded and the engine run once, as the app does when a selection starts); CPU time is the next entry, the warm-up on stderr.',
    async run(context: BenchContext) {
      const ocr = nodeOcr('eng');
      try {
        const start = performance.now();
        const cpu = process.cpuUsage();
        await ocr.warmUp();
        const used = process.cpuUsage(cpu);
        log(
          `warm-up (worker, models, one reading): ${Math.round(performance.now() - start)} ms wall, ` +
            `${Math.round((used.user + used.system) / 1000)} ms CPU`,
        );
        const images = await graphicalImages();
        const rec = new TextRecognizer({ ocr });
        const wall: number[] = [];
        cpuSamples = [];
        for (let i = 0; i < (context.quick ? 1 : 3); i++) {
          for (const { image } of images) {
            const start = performance.now();
            const cpu = process.cpuUsage();
            await rec.recognize(image);
            const used = process.cpuUsage(cpu);
            wall.push(performance.now() - start);
            cpuSamples.push((used.user + used.system) / 1000);
          }
        }
        log(loadNote());
        return wall;
      } finally {
        await ocr.terminate();
      }
    },
  }),
  defineBenchmark({
    name: 'text: 1280x800 graphical screen read by OCR, CPU time',
    unit: 'ms',
    description:
      'CPU time (all threads) of the readings of the previous entry: what the wall time is on an idle core.',
    async run() {
      if (cpuSamples.length === 0) throw new BenchSkipped('runs with the previous entry');
      return cpuSamples;
    },
  }),
  defineBenchmark({
    name: 'text: transcript, dmesg boot log lines missed',
    unit: '%',
    budget: 0.5,
    description:
      '2,000-line dmesg scrolled through the demo console (server in a process of its own); the viewer reads every update it gets; 100 - % of lines captured exactly once (stderr: lines no update showed).',
    async run() {
      transcriptResult ??= transcriptRun();
      const r = await transcriptResult;
      return [100 - r.capturedPct];
    },
  }),
  defineBenchmark({
    name: 'text: transcript, dmesg boot log lines twice',
    unit: 'lines',
    budget: 0,
    description: 'Boot log lines that appear more than once in the transcript of the same run.',
    async run() {
      transcriptResult ??= transcriptRun();
      return [(await transcriptResult).doubled];
    },
  }),
  defineBenchmark({
    name: 'text: transcript, demo server CPU for the dmesg log',
    unit: 'ms',
    description:
      'CPU time of the demo server’s process (drawing the scrolling console, encoding, sending) from `dmesg` until the viewer read the last line, in the same run: what keeps the update rate up, whatever the load.',
    async run() {
      transcriptResult ??= transcriptRun();
      return [(await transcriptResult).serverCpuMs];
    },
  }),
];

let cpuSamples: number[] = [];
let cellCpuSamples: number[] = [];
