// With CVM_BENCH_TRACE=<file>, the first-picture rounds also write one JSON line per sample: the
// page's WebSocket handshake and every frame sent and received (RFB message type by its first byte,
// size), in ms from the sample's start (the click, or `new RFB`), from Chromium's own network log
// (CDP), so the pages themselves run unchanged. How the causes of a slow first frame were found
// (docs/benchmarks.md); without the variable nothing is installed.
import { appendFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

export interface TraceEvent {
  /** ms from the sample's start. */
  at: number;
  what: 'ws created' | 'handshake sent' | 'handshake answered' | 'sent' | 'received' | 'closed';
  bytes?: number;
  /** The frame's first byte (an RFB message type once the handshake is through). */
  first?: number;
}

interface Recorder {
  cdp: CDPSession;
  /** Wall-clock ms minus CDP's monotonic ms, from the handshake event that carries both. */
  offset?: number;
  events: { wall: number; what: TraceEvent['what']; bytes?: number; first?: number }[];
}

const recorders = new WeakMap<Page, Recorder>();
const traceFile = (): string | undefined => process.env['CVM_BENCH_TRACE'] || undefined;

function frameInfo(payload: string, opcode: number): { bytes: number; first?: number } {
  if (opcode !== 2) return { bytes: payload.length };
  const data = Buffer.from(payload, 'base64');
  return data.length > 0 ? { bytes: data.length, first: data[0]! } : { bytes: 0 };
}

/** Starts recording `page`'s WebSocket traffic when CVM_BENCH_TRACE is set. */
export async function installTracer(page: Page): Promise<void> {
  if (!traceFile()) return;
  const cdp = await page.context().newCDPSession(page);
  const recorder: Recorder = { cdp, events: [] };
  const at = (timestamp: number): number => timestamp * 1000 + (recorder.offset ?? 0);
  cdp.on('Network.webSocketCreated', () => recorder.events.push({ wall: Date.now(), what: 'ws created' }));
  cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => {
    recorder.offset = e.wallTime * 1000 - e.timestamp * 1000;
    recorder.events.push({ wall: at(e.timestamp), what: 'handshake sent' });
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) =>
    recorder.events.push({ wall: at(e.timestamp), what: 'handshake answered' }),
  );
  cdp.on('Network.webSocketFrameSent', (e) =>
    recorder.events.push({
      wall: at(e.timestamp),
      what: 'sent',
      ...frameInfo(e.response.payloadData, e.response.opcode),
    }),
  );
  cdp.on('Network.webSocketFrameReceived', (e) =>
    recorder.events.push({
      wall: at(e.timestamp),
      what: 'received',
      ...frameInfo(e.response.payloadData, e.response.opcode),
    }),
  );
  cdp.on('Network.webSocketClosed', (e) => recorder.events.push({ wall: at(e.timestamp), what: 'closed' }));
  await cdp.send('Network.enable');
  // The sample's start, on the wall clock: the page calls this right before its click or `new RFB`.
  await page.evaluate(
    'globalThis.__cvmTraceMark = () => { globalThis.__cvmTraceStart = performance.timeOrigin + performance.now(); }',
  );
  recorders.set(page, recorder);
}

/** Runs one sample and appends what the page's WebSockets did to CVM_BENCH_TRACE. */
export async function traced<T extends { ms: number }>(
  page: Page,
  label: string,
  sample: () => Promise<T>,
): Promise<T> {
  const file = traceFile();
  const recorder = recorders.get(page);
  if (!file || !recorder) return sample();
  recorder.events = [];
  const result = await sample();
  const start = Number(await page.evaluate('globalThis.__cvmTraceStart'));
  const events: TraceEvent[] = recorder.events.map(({ wall, ...rest }) => ({
    at: Math.round((wall - start) * 10) / 10,
    ...rest,
  }));
  appendFileSync(file, `${JSON.stringify({ label, ms: result.ms, events })}\n`);
  return result;
}
