// The preload as built (out/preload/preload.js, by the e2e global setup): a sandboxed preload may
// require nothing but 'electron', and it must expose exactly the contract's channels.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../../src-main/contract';

describe('the built preload', () => {
  const code = readFileSync('out/preload/preload.js', 'utf8');

  it('is small and carries no schema library (names only, computed from the contract at build time)', () => {
    expect(code).not.toMatch(/zod/i);
    expect(code.length).toBeLessThan(8_000);
  });

  it("requires only 'electron' and exposes every channel and event of the contract", async () => {
    const required: string[] = [];
    const exposed: Record<string, Record<string, Record<string, (x?: unknown) => unknown>>> = {};
    const invoked: [string, unknown][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: never) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => (invoked.push([channel, input]), { ok: true }),
        on: () => {},
        removeListener: () => {},
      },
    };
    const fakeRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return fakeElectron;
    };
    new Function('require', code)(fakeRequire);
    expect(required).toEqual(['electron']);
    const cvm = exposed['cvm']!;
    const channels = Object.entries(cvm)
      .filter(([ns]) => ns !== 'events')
      .flatMap(([ns, fns]) => Object.keys(fns).map((m) => `${ns}:${m}`));
    expect(channels.sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(cvm['events']!)).toHaveLength(EVENT_NAMES.length);
    await cvm['console']!['issueUrl']!({ x: 1 });
    expect(invoked).toEqual([['console:issueUrl', { x: 1 }]]);
  });
});
