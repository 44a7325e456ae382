// Installs `window.cvm` in a page with the same shape the preload gives it, each function bridged
// through page.exposeFunction to the dispatcher and handler table that main registers.
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CHANNELS,
  EVENT_NAMES,
  eventListenerName,
  splitChannel,
  type EventName,
  type EventPayload,
  type HandlerTable,
} from '../../../src-main/contract';
import { dispatch } from '../../../src-main/ipc/dispatch';
import type { InternalErrorRecord } from '../../../src-main/ipc/errors';

export interface Bridge {
  /** Every call the page made, in order: the channel and the raw argument. */
  calls: { channel: string; input: unknown }[];
  /** Internal errors the handlers threw, as main would log them. */
  internalErrors: InternalErrorRecord[];
  /** When main's answer to each call left (Date.now), in the order the calls came. */
  timings: { channel: string; answeredAt: number }[];
  emit<E extends EventName>(name: E, payload: EventPayload<E>): Promise<void>;
}

/** The page's side of the timings (`window.__cvmBridgeTimes`, Date.now), in the order answered. */
export type PageBridgeTimes = { channel: string; sentAt: number; answeredAt: number }[];

export interface BridgeOptions {
  /**
   * Main's events, and the page's calls with their answers, cross a WebSocket to this process
   * instead of one `page.evaluate` per event and one `exposeFunction` binding per call. Under load
   * an evaluate took 1-3.5 s per event, and a binding call's answer came back 150-300 ms after the
   * handler had returned, which the inventory's benchmark measured instead of the app. A socket
   * message, like Electron's IPC, is one task in the page, and calls, answers and events keep
   * their order. `emit` then resolves once the message is sent, not once the page has handled it;
   * events sent while no page is connected wait for the next one (a navigation). Calls made before
   * the socket is open take the binding.
   */
  eventSocket?: boolean;
}

export async function installBridge(
  page: Page,
  handlers: HandlerTable,
  options: BridgeOptions = {},
): Promise<Bridge> {
  const calls: Bridge['calls'] = [];
  const internalErrors: InternalErrorRecord[] = [];
  const timings: Bridge['timings'] = [];
  // Results and events cross as JSON text: Playwright's own serialisation of large values (a
  // 10,000-row inventory) is far slower than JSON.parse, which Electron's IPC does not suffer.
  const answer = async (channel: string, input: unknown): Promise<string> => {
    calls.push({ channel, input });
    const timing = { channel, answeredAt: NaN };
    timings.push(timing);
    const json = JSON.stringify(
      await dispatch(handlers, channel, input, (record) => void internalErrors.push(record)),
    );
    timing.answeredAt = Date.now();
    return json;
  };
  await page.exposeFunction('__cvmInvoke', answer);
  // The same names the preload derives from the contract, computed here and handed to the page.
  const channels = CHANNELS.map((channel) => [channel, ...splitChannel(channel)] as const);
  const events = EVENT_NAMES.map((name) => [name, eventListenerName(name)] as const);
  const socket = options.eventSocket ? await eventSocket(page, answer) : undefined;
  await page.addInitScript(
    ({ channels, events, socketUrl }) => {
      type Listener = (payload: unknown) => void;
      const w = globalThis as unknown as Record<string, unknown>;
      const invokeJson = w['__cvmInvoke'] as (channel: string, input: unknown) => Promise<string>;
      // When each call left the page and when the page took its answer (Date.now, as main's
      // timings): what a call's trip costs beside what main took.
      const times: PageBridgeTimes = [];
      w['__cvmBridgeTimes'] = times;
      const timed = async (channel: string, call: () => Promise<unknown>): Promise<unknown> => {
        const sentAt = Date.now();
        const result = await call();
        times.push({ channel, sentAt, answeredAt: Date.now() });
        return result;
      };
      const invoke = (channel: string, input: unknown) =>
        timed(channel, async () => JSON.parse(await invokeJson(channel, input)));
      const listeners = new Map<string, Set<Listener>>();
      const bridge: Record<string, Record<string, unknown>> = { events: {} };
      for (const [channel, namespace, method] of channels) {
        (bridge[namespace] ??= {})[method] = (input: unknown) => invoke(channel, input);
      }
      for (const [name, listenerName] of events) {
        bridge['events']![listenerName] = (listener: Listener) => {
          const set = listeners.get(name) ?? new Set<Listener>();
          listeners.set(name, set);
          set.add(listener);
          return () => set.delete(listener);
        };
      }
      w['__cvmEmit'] = (name: string, json: string) => {
        const payload: unknown = JSON.parse(json);
        listeners.get(name)?.forEach((l) => l(payload));
      };
      if (socketUrl && w['top'] === w) {
        type Socket = {
          readyState: number;
          onmessage: ((m: { data: string }) => void) | null;
          send(data: string): void;
        };
        const Ws = w['WebSocket'] as new (url: string) => Socket;
        const ws = new Ws(socketUrl);
        const answers = new Map<number, (json: string) => void>();
        let next = 0;
        ws.onmessage = ({ data }) => {
          const message = JSON.parse(data) as ['event', string, unknown] | ['answer', number, string];
          if (message[0] === 'answer') {
            answers.get(message[1])?.(message[2]);
            answers.delete(message[1]);
          } else listeners.get(message[1])?.forEach((l) => l(message[2]));
        };
        // Until the socket is open (its handshake can take longer than the page's script under
        // load), calls take the binding: the socket is a faster road, not a gate.
        const viaSocket = (channel: string, input: unknown): Promise<unknown> =>
          ws.readyState !== 1
            ? invoke(channel, input)
            : timed(
                channel,
                () =>
                  new Promise((resolve) => {
                    const id = next++;
                    answers.set(id, (json) => resolve(JSON.parse(json)));
                    // An object, not an array: an absent input stays absent (an array would carry null).
                    ws.send(JSON.stringify({ id, channel, input }));
                  }),
              );
        for (const [channel, namespace, method] of channels) {
          bridge[namespace]![method] = (input: unknown) => viaSocket(channel, input);
        }
      }
      w['cvm'] = Object.freeze(bridge);
    },
    { channels, events, socketUrl: socket?.url ?? null },
  );
  return {
    calls,
    internalErrors,
    timings,
    emit: async (name, payload) => {
      if (socket) return socket.send(JSON.stringify(['event', name, payload]));
      await page.evaluate(
        ([n, p]) => (globalThis as unknown as { __cvmEmit: (n: string, p: string) => void }).__cvmEmit(n, p),
        [name, JSON.stringify(payload)] as const,
      );
    },
  };
}

/** A WebSocket server for one page's calls and events, closed with the page. */
async function eventSocket(
  page: Page,
  invoke: (channel: string, input: unknown) => Promise<string>,
): Promise<{ url: string; send(message: string): void }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const open = new Set<WebSocket>();
  const waiting: string[] = [];
  server.on('connection', (ws) => {
    open.add(ws);
    ws.on('close', () => open.delete(ws));
    ws.on('message', (data) => {
      const { id, channel, input } = JSON.parse(String(data)) as {
        id: number;
        channel: string;
        input?: unknown;
      };
      void invoke(channel, input).then((json) => ws.send(JSON.stringify(['answer', id, json])));
    });
    for (const message of waiting.splice(0)) ws.send(message);
  });
  page.once('close', () => {
    for (const ws of open) ws.terminate();
    server.close();
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    send: (message) => {
      if (open.size === 0) waiting.push(message);
      for (const ws of open) ws.send(message);
    },
  };
}
