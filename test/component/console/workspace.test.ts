import { afterEach, describe, expect, it, vi } from 'vitest';
import { Workspace } from '../../../src-renderer/workspace/workspace.svelte';
import type { ConsoleSession } from '../../../src-renderer/console/console-session.svelte';
import type { InstanceRef } from '../../../src-main/contract';

function fakeSession(ref: InstanceRef, title: string) {
  let show!: () => void;
  const tabDue = new Promise<void>((resolve) => (show = resolve));
  return {
    ref,
    key: `${ref.profileId}/${ref.region}/${ref.instanceId}`,
    title,
    prefetch: vi.fn(),
    start: vi.fn(async () => {}),
    pacing: { tabDue },
    /** The console's pacing says its tab is due (its first picture, or the deadline). */
    shown: show,
    dispose: vi.fn(),
  };
}
type Fake = ReturnType<typeof fakeSession>;

const ref = (n: number): InstanceRef => ({
  profileId: 'demo',
  region: 'ap-guangzhou',
  instanceId: `ins-demo000${n}`,
});

function setup(openWindow = vi.fn(async () => {})) {
  const created: Fake[] = [];
  const workspace = new Workspace({
    createSession: (r, t) => {
      const s = fakeSession(r, t);
      created.push(s);
      return s as unknown as ConsoleSession;
    },
    openWindow,
    warmForMs: 12_000,
  });
  /** Opens and lets the console show its first picture, so its tab is drawn. */
  const openNow = async (r: InstanceRef, title: string) => {
    const session = workspace.open(r, title) as unknown as Fake;
    session.shown();
    await Promise.resolve();
    return session;
  };
  return { workspace, created, openWindow, openNow };
}

afterEach(() => vi.useRealTimers());

describe('Workspace', () => {
  it('hover warms a session that the click then adopts (one session, one prefetch)', async () => {
    const { workspace, created, openNow } = setup();
    workspace.prefetch(ref(1), 'one');
    workspace.prefetch(ref(1), 'one');
    expect(created).toHaveLength(1);
    expect(created[0]!.prefetch).toHaveBeenCalledTimes(1);
    const session = await openNow(ref(1), 'one');
    expect(session).toBe(created[0]);
    expect(created).toHaveLength(1);
    expect(workspace.tabs).toHaveLength(1);
    expect(workspace.activeKey).toBe(created[0]!.key);
    // Opening starts the console at once, before any view has mounted.
    expect(created[0]!.start).toHaveBeenCalledTimes(1);
  });

  it('connects at once and draws the tab when the console’s pacing says it is due', async () => {
    const { workspace, created } = setup();
    workspace.open(ref(1), 'one');
    expect(created[0]!.start).toHaveBeenCalledTimes(1);
    expect(workspace.tabs).toHaveLength(0);
    // A second click meanwhile is the same console (not started again), and hovering warms nothing new.
    expect(workspace.open(ref(1), 'one')).toBe(created[0]);
    workspace.prefetch(ref(1), 'one');
    expect(created).toHaveLength(1);
    expect(created[0]!.start).toHaveBeenCalledTimes(1);
    created[0]!.shown();
    await Promise.resolve();
    expect(workspace.tabs.map((s) => s.key)).toEqual([created[0]!.key]);
    expect(workspace.activeKey).toBe(created[0]!.key);
  });

  it('keeps the order of the clicks and shows the console clicked last, whichever connects first', async () => {
    const { workspace, created } = setup();
    workspace.open(ref(1), 'one');
    workspace.open(ref(2), 'two');
    created[1]!.shown();
    await Promise.resolve();
    expect(workspace.tabs.map((s) => s.title)).toEqual(['two']);
    created[0]!.shown();
    await Promise.resolve();
    expect(workspace.tabs.map((s) => s.title)).toEqual(['one', 'two']);
    expect(workspace.activeKey).toBe(created[1]!.key);
  });

  it('closing or disposing before the tab is drawn ends the console and draws nothing', async () => {
    const { workspace, created } = setup();
    workspace.open(ref(1), 'one');
    workspace.close(created[0]!.key);
    expect(created[0]!.dispose).toHaveBeenCalledTimes(1);
    workspace.open(ref(2), 'two');
    workspace.dispose();
    expect(created[1]!.dispose).toHaveBeenCalledTimes(1);
    // Their tabs come due after all (the fakes do not stop on dispose): still nothing is drawn.
    created[0]!.shown();
    created[1]!.shown();
    await Promise.resolve();
    expect(workspace.tabs).toHaveLength(0);
  });

  it('drops a warmed session nobody clicked after 12 s', async () => {
    vi.useFakeTimers();
    const { workspace, created } = setup();
    workspace.prefetch(ref(1), 'one');
    vi.advanceTimersByTime(11_999);
    expect(created[0]!.dispose).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(created[0]!.dispose).toHaveBeenCalledTimes(1);
    // A click now starts a fresh session.
    workspace.open(ref(1), 'one');
    expect(created).toHaveLength(2);
    workspace.dispose();
  });

  it('one tab per instance; closing the active tab shows its neighbour and disposes the session', async () => {
    const { workspace, created, openNow } = setup();
    await openNow(ref(1), 'one');
    await openNow(ref(2), 'two');
    await openNow(ref(3), 'three');
    expect(workspace.open(ref(1), 'one')).toBe(created[0]);
    expect(workspace.tabs).toHaveLength(3);
    expect(workspace.activeKey).toBe(created[0]!.key);
    workspace.close(created[0]!.key);
    expect(created[0]!.dispose).toHaveBeenCalled();
    expect(workspace.activeKey).toBe(created[1]!.key);
    workspace.activate(created[2]!.key);
    workspace.close(created[2]!.key);
    expect(workspace.activeKey).toBe(created[1]!.key);
  });

  it('detach opens a window for the instance and closes the tab', async () => {
    const { workspace, created, openWindow, openNow } = setup();
    await openNow(ref(1), 'web-prod-01');
    await workspace.detach(created[0]!.key);
    expect(openWindow).toHaveBeenCalledWith(ref(1), 'web-prod-01');
    expect(workspace.tabs).toHaveLength(0);
    expect(created[0]!.dispose).toHaveBeenCalled();
  });

  it('keeps the tab and reports the error when the window cannot be opened', async () => {
    const { workspace, created, openNow } = setup(
      vi.fn(async () => Promise.reject(new Error('No more windows.'))),
    );
    await openNow(ref(1), 'one');
    await workspace.detach(created[0]!.key);
    expect(workspace.tabs).toHaveLength(1);
    expect(workspace.error).toBe('No more windows.');
    expect(created[0]!.dispose).not.toHaveBeenCalled();
  });
});

describe('Workspace: typing into several consoles', () => {
  it('sends to every chosen connected console, names the skipped ones, and clears in one call', async () => {
    const { workspace, openNow } = setup();
    const sessions = [];
    for (const n of [1, 2, 3]) {
      const s = (await openNow(ref(n), `web-0${n}`)) as Fake & {
        state: { phase: string };
        canSend: boolean;
      };
      s.state = { phase: 'connected' };
      s.canSend = true;
      sessions.push(s);
    }
    const [a, b, c] = sessions as unknown as ConsoleSession[];
    // Nothing chosen: the keys go where they were typed, as always.
    expect(workspace.broadcastFrom(c!)).toEqual({ sessions: [c], summary: '' });
    workspace.toggleAllChosen();
    expect([...workspace.chosen]).toEqual(sessions.map((s) => s.key));
    (sessions[1] as unknown as { state: { phase: string } }).state = { phase: 'reconnecting' };
    expect(workspace.broadcastFrom(c!)).toEqual({
      sessions: [a, c],
      summary: 'Sent to 2 consoles; skipped web-02 (reconnecting).',
    });
    // A closed tab leaves the choice.
    workspace.close(a!.key);
    expect([...workspace.chosen]).toEqual([b!.key, c!.key]);
    workspace.toggleChosen(b!.key);
    expect(workspace.broadcastFrom(b!)).toEqual({ sessions: [c], summary: 'Sent to 1 console.' });
    workspace.clearChosen();
    expect(workspace.chosen.size).toBe(0);
    expect(workspace.broadcastFrom(b!).summary).toBe('');
  });
});
