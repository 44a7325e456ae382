// Installs `window.cvm` in a page with the same shape the preload gives it, each function bridged
// through page.exposeFunction to the dispatcher and handler table that main registers.
import type { Page } from 'playwright-core';
import {
  CHANNELS,
  EVENT_NAMES,
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

export async function installBridge(page: Page, handlers: HandlerTable): Promise<Bridge> {
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
  await page.addInitScript(
    ({ channels, eventNames }) => {
      type Listener = (payload: unknown) => void;
      const w = globalThis as unknown as Record<string, unknown>;
      const invokeJson = w['__cvmInvoke'] as (channel: string, input: unknown) => Promise<string>;
      const invoke = async (channel: string, input: unknown) => JSON.parse(await invokeJson(channel, input));
      const listeners = new Map<string, Set<Listener>>();
      const bridge: Record<string, Record<string, unknown>> = { events: {} };
      for (const channel of channels) {
        const [namespace, method] = [
          channel.slice(0, channel.indexOf(':')),
          channel.slice(channel.indexOf(':') + 1),
        ];
        (bridge[namespace] ??= {})[method] = (input: unknown) => invoke(channel, input);
      }
      for (const name of eventNames) {
        const method = name.slice(name.indexOf(':') + 1);
        bridge['events']![`on${method.charAt(0).toUpperCase()}${method.slice(1)}`] = (listener: Listener) => {
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
    },
    { channels: [...CHANNELS], eventNames: [...EVENT_NAMES] },
  );
  return {
    calls,
    internalErrors,
    emit: async (name, payload) => {
      await page.evaluate(
        ([n, p]) => (globalThis as unknown as { __cvmEmit: (n: string, p: string) => void }).__cvmEmit(n, p),
        [name, JSON.stringify(payload)] as const,
      );
    },
  };
}
