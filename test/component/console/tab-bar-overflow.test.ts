// The tab strip's "All tabs ▾" appears when the tabs do not fit. The strip is first drawn while a
// console's first picture is on its way, so it must not measure itself then (reading scrollWidth
// forces a layout of the whole window in that task): it waits for its ResizeObserver's first
// report, which a browser delivers after the frame's own layout.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import TabBar from '../../../src-renderer/workspace/TabBar.svelte';
import { Workspace } from '../../../src-renderer/workspace/workspace.svelte';
import type { ConsoleSession } from '../../../src-renderer/console/console-session.svelte';
import type { InstanceRef } from '../../../src-main/contract';

const ref = (n: number): InstanceRef => ({
  profileId: 'demo',
  region: 'ap-guangzhou',
  instanceId: `ins-demo000${n}`,
});

function fakeSession(r: InstanceRef, title: string): ConsoleSession {
  return {
    ref: r,
    key: `${r.profileId}/${r.region}/${r.instanceId}`,
    title,
    state: { phase: 'connecting', attempt: 1 },
    keyboard: { wanted: false },
    prefetch: () => {},
    start: async () => {},
    pacing: { tabDue: Promise.resolve() },
    dispose: () => {},
  } as unknown as ConsoleSession;
}

/** A ResizeObserver whose reports the test delivers, as a browser does after a frame's layout. */
class ManualResizeObserver {
  static live: ManualResizeObserver[] = [];
  readonly targets: Element[] = [];
  constructor(private readonly callback: (entries: unknown[]) => void) {
    ManualResizeObserver.live.push(this);
  }
  observe(target: Element): void {
    this.targets.push(target);
  }
  unobserve(): void {}
  disconnect(): void {
    ManualResizeObserver.live = ManualResizeObserver.live.filter((o) => o !== this);
  }
  report(): void {
    this.callback(this.targets.map((target) => ({ target })));
  }
}

let widthReads = 0;
let contentWidth = 100;

beforeEach(() => {
  widthReads = 0;
  contentWidth = 100;
  ManualResizeObserver.live = [];
  vi.stubGlobal('ResizeObserver', ManualResizeObserver);
  // jsdom has no layout: the strip is 300 px wide and holds `contentWidth` px of tabs.
  vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(() => {
    widthReads++;
    return contentWidth;
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(() => 300);
  (HTMLElement.prototype as unknown as { scrollIntoView: () => void }).scrollIntoView = () => {};
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function openTab(workspace: Workspace, n: number): Promise<void> {
  workspace.open(ref(n), `console ${n}`);
  await Promise.resolve();
  await Promise.resolve();
}

describe('TabBar overflow', () => {
  it('does not measure the strip while drawing it; the observer’s first report does', async () => {
    const workspace = new Workspace({
      createSession: fakeSession,
      openWindow: async () => {},
    });
    await openTab(workspace, 1);
    render(TabBar, { workspace });
    flushSync();
    expect(widthReads).toBe(0);
    expect(ManualResizeObserver.live).toHaveLength(1);
    expect(ManualResizeObserver.live[0]!.targets[0]).toBe(screen.getByTestId('console-tabs'));

    ManualResizeObserver.live[0]!.report();
    flushSync();
    expect(widthReads).toBe(1);
    expect(screen.queryByTestId('tabs-overflow')).toBeNull();

    // A second tab that does not fit: measured again by the new observer's first report only.
    contentWidth = 400;
    await openTab(workspace, 2);
    flushSync();
    expect(widthReads).toBe(1);
    expect(ManualResizeObserver.live).toHaveLength(1);
    ManualResizeObserver.live[0]!.report();
    flushSync();
    expect(screen.getByTestId('tabs-overflow')).toBeTruthy();
  });
});
