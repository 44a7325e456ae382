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
  emit<E extends EventName>(name: E, payload: EventPayload<E>): Promise<void>;
}

export interface BridgeOptions {
  /**
   * Main's events reach the page over a WebSocket from this process instead of one
   * `page.evaluate` each. Under load an evaluate took 1-3.5 s per event, which the inventory's
   * benchmark measured instead of the app; a socket message, like Electron's IPC, is one task in
   * the page. `emit` then resolves once the message is sent, not once the page has handled it;
   * events sent while no page is connected wait for the next one (a navigation).
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
  // Results and events cross as JSON text: Playwright's own serialisation of large values (a
  // 10,000-row inventory) is far slower than JSON.parse, which Electron's IPC does not suffer.
  await page.exposeFunction('__cvmInvoke', async (channel: string, input: unknown) => {
    calls.push({ channel, input });
    return JSON.stringify(
      await dispatch(handlers, channel, input, (record) => void internalErrors.push(record)),
    );
  });
  // The same names the preload derives from the contract, computed here and handed to the page.
  const channels = CHANNELS.map((channel) => [channel, ...splitChannel(channel)] as const);
  const events = EVENT_NAMES.map((name) => [name, eventListenerName(name)] as const);
  const socket = options.eventSocket ? await eventSocket(page) : undefined;
  await page.addInitScript(
    ({ channels, events, socketUrl }) => {
      type Listener = (payload: unknown) => void;
      const w = globalThis as unknown as Record<string, unknown>;
      const invokeJson = w['__cvmInvoke'] as (channel: string, input: unknown) => Promise<string>;
      const invoke = async (channel: string, input: unknown) => JSON.parse(await invokeJson(channel, input));
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
      w['cvm'] = Object.freeze(bridge);
      w['__cvmEmit'] = (name: string, json: string) => {
        const payload: unknown = JSON.parse(json);
        listeners.get(name)?.forEach((l) => l(payload));
      };
      if (socketUrl && w['top'] === w) {
        type Socket = { onmessage: ((m: { data: string }) => void) | null };
        const Ws = w['WebSocket'] as new (url: string) => Socket;
        new Ws(socketUrl).onmessage = ({ data }) => {
          const [name, payload] = JSON.parse(data) as [string, unknown];
          listeners.get(name)?.forEach((l) => l(payload));
        };
      }
    },
    { channels, events, socketUrl: socket?.url ?? null },
  );
  return {
    calls,
    internalErrors,
    emit: async (name, payload) => {
      if (socket) return socket.send(JSON.stringify([name, payload]));
      await page.evaluate(
        ([n, p]) => (globalThis as unknown as { __cvmEmit: (n: string, p: string) => void }).__cvmEmit(n, p),
        [name, JSON.stringify(payload)] as const,
      );
    },
  };
}

/** A WebSocket server for one page's events, closed with the page. */
async function eventSocket(page: Page): Promise<{ url: string; send(message: string): void }> {
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
