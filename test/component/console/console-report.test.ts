// The tab report to main (workspace/console-report.svelte.ts) waits while a console's first connect
// is under way: that IPC, and main's work on it, would compete with the handshake and the first
// picture. It goes as soon as the console's buttons are drawn (console-pacing.svelte.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { ConsolePacing } from '../../../src-renderer/console/console-pacing.svelte';
import { reportOpenConsoles } from '../../../src-renderer/workspace/console-report.svelte';
import type { Workspace } from '../../../src-renderer/workspace/workspace.svelte';

const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };

let stop: (() => void) | undefined;
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  stop?.();
  vi.useRealTimers();
});

describe('reportOpenConsoles', () => {
  it('reports a new tab once its first picture is up and its buttons drawn, not during the connect', async () => {
    const pacing = new ConsolePacing();
    const workspace = {
      tabs: [{ ref, title: 'web-prod-01', state: { phase: 'connecting' }, pacing }],
    } as unknown as Workspace;
    const send = vi.fn(async () => {});
    stop = reportOpenConsoles(workspace, send);
    pacing.start();
    flushSync();
    await vi.advanceTimersByTimeAsync(50);
    expect(send).not.toHaveBeenCalled();
    pacing.picture();
    await vi.advanceTimersByTimeAsync(0); // the buttons, at the next idle moment (jsdom: next task)
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith([{ ref, title: 'web-prod-01', phase: 'connecting' }]);
    pacing.dispose();
  });

  it('reports a window without consoles at once', async () => {
    const send = vi.fn(async () => {});
    stop = reportOpenConsoles({ tabs: [] } as unknown as Workspace, send);
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledWith([]);
  });
});
