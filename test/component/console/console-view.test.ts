// ConsoleView over a real ConsoleSession and reconnect machine, with a scripted connector in place
// of noVNC and fake main-process services: the overlay follows the machine, its buttons act.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ConsoleView from '../../../src-renderer/console/ConsoleView.svelte';
import { ConsoleSession } from '../../../src-renderer/console/console-session.svelte';
import type { ConsoleServices } from '../../../src-renderer/console/console-services';
import type { Connector, ConnectionEvents } from '../../../src-renderer/console/connector';
import type { RfbClass } from '../../../src-renderer/console/novnc-connector';

const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };

/** The view's pacing off (everything drawn at once), unless a test is about it. */
const NO_PACING = { quietMs: 0, toolsAtLatestMs: 0 };

/** `pacing`: the view's delays; null for the real ones. */
function rig(overrides: Partial<ConsoleServices> = {}, pacing: typeof NO_PACING | null = NO_PACING) {
  const connections: { url: string; events: ConnectionEvents; disconnect: ReturnType<typeof vi.fn> }[] = [];
  let n = 0;
  let resume: (() => void) | undefined;
  const services: ConsoleServices = {
    issueUrl: vi.fn(async () => ({ url: `ws://gw/vnc?s=${++n}`, issuedAt: Date.now(), hints: {} })),
    instanceState: vi.fn(async () => 'RUNNING'),
    startInstance: vi.fn(async () => {}),
    openWebConsole: vi.fn(async () => {}),
    saveScreenshot: vi.fn(async () => true),
    copyScreenshot: vi.fn(async () => true),
    reportLink: vi.fn(),
    onSystemResume: (listener) => {
      resume = listener;
      return () => (resume = undefined);
    },
    ...overrides,
  };
  const connector: Connector = (url, _hints, events) => {
    const disconnect = vi.fn();
    connections.push({ url, events, disconnect });
    return { disconnect, probe: () => {} };
  };
  const session = new ConsoleSession({
    ref,
    title: 'web-prod-01',
    services,
    loadRfb: async () => ({}) as RfbClass,
    connector,
  });
  render(ConsoleView, { session, active: true, pacing: pacing ?? undefined });
  const last = () => connections[connections.length - 1]!;
  return { session, services, connections, last, resume: () => resume?.() };
}

const phase = () => screen.getByTestId('console-view').getAttribute('data-phase');

/** The first connection completes its handshake and sends its first picture. */
async function connectedWithPicture(
  connections: readonly unknown[],
  last: () => { events: ConnectionEvents },
): Promise<void> {
  await waitFor(() => expect(connections).toHaveLength(1));
  last().events.onConnected();
  last().events.onFirstFrame();
  await waitFor(() => expect(phase()).toBe('connected'));
}

afterEach(cleanup);

describe('ConsoleView pacing: nothing drawn that the first picture does not need', () => {
  it('a quick connect never flashes the overlay; a slow one shows it after 250 ms', async () => {
    const { connections, last, session } = rig({}, null);
    await waitFor(() => expect(connections).toHaveLength(1));
    expect(phase()).toBe('connecting');
    expect(screen.queryByTestId('console-overlay')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('overlay-title').textContent).toMatch(/Connecting/), {
      timeout: 1000,
    });
    last().events.onConnected();
    last().events.onFirstFrame();
    await waitFor(() => expect(screen.queryByTestId('console-overlay')).toBeNull());
    session.dispose();
  });

  it('what is not a connect in progress shows at once: a refused key names the problem', async () => {
    const refused = Object.assign(new Error('The signature is wrong.'), {
      kind: 'auth',
      code: 'AuthFailure.SignatureFailure',
    });
    const { session } = rig({ issueUrl: vi.fn(async () => Promise.reject(refused)) }, null);
    await waitFor(
      () => expect(screen.getByTestId('overlay-detail').textContent).toBe('The signature is wrong.'),
      {
        timeout: 200,
      },
    );
    session.dispose();
  });

  it('the toolbar keeps its place from the start; its buttons follow the first picture', async () => {
    const { connections, last, session } = rig({}, { quietMs: 250, toolsAtLatestMs: 10_000 });
    const toolbar = screen.getByTestId('console-toolbar');
    expect(toolbar.getAttribute('data-drawn')).toBe('false');
    expect(screen.queryByTestId('ctrl-alt-del')).toBeNull();
    await waitFor(() => expect(connections).toHaveLength(1));
    last().events.onConnected();
    last().events.onFirstFrame();
    await waitFor(() => expect(screen.getByTestId('ctrl-alt-del')).toBeTruthy());
    expect(screen.getByTestId('console-toolbar')).toBe(toolbar);
    expect(toolbar.getAttribute('data-drawn')).toBe('true');
    session.dispose();
  });

  it('a view mounted for a console that already shows its picture draws its buttons right after', async () => {
    const { connections, last, session } = rig();
    await connectedWithPicture(connections, last);
    cleanup();
    // As the workspace does: the tab, and so its view, appears with the first picture.
    render(ConsoleView, { session, active: true });
    expect(screen.getByTestId('console-toolbar').getAttribute('data-drawn')).toBe('false');
    await waitFor(() => expect(screen.getByTestId('ctrl-alt-del')).toBeTruthy(), { timeout: 200 });
    session.dispose();
  });

  it('without a picture the buttons come after 300 ms anyway', async () => {
    const { session } = rig({}, null);
    expect(screen.queryByTestId('ctrl-alt-del')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('ctrl-alt-del')).toBeTruthy(), { timeout: 1000 });
    session.dispose();
  });
});

describe('ConsoleSession.firstShown: when a new tab has something to show', () => {
  const settledFlag = (session: ConsoleSession) => {
    const flag = { shown: false };
    void session.firstShown().then(() => (flag.shown = true));
    return flag;
  };

  it('not at the handshake, at the first picture', async () => {
    const { connections, last, session } = rig();
    const flag = settledFlag(session);
    await waitFor(() => expect(connections).toHaveLength(1));
    last().events.onConnected();
    await new Promise((r) => setTimeout(r, 20));
    expect(flag.shown).toBe(false);
    last().events.onFirstFrame();
    await waitFor(() => expect(flag.shown).toBe(true));
    session.dispose();
  });

  it('at once when the instance turns out to be stopped, and when the session ends', async () => {
    const stopped = Object.assign(new Error('The instance is stopped.'), {
      kind: 'instance-stopped',
      code: 'UnsupportedOperation.InstanceStateStopped',
    });
    const a = rig({
      issueUrl: vi.fn(async () => Promise.reject(stopped)),
      instanceState: vi.fn(async () => 'STOPPED'),
    });
    const flagA = settledFlag(a.session);
    await waitFor(() => expect(flagA.shown).toBe(true));
    a.session.dispose();
    cleanup();

    const b = rig({ issueUrl: vi.fn(() => new Promise<never>(() => {})) });
    const flagB = settledFlag(b.session);
    await new Promise((r) => setTimeout(r, 20));
    expect(flagB.shown).toBe(false);
    b.session.dispose();
    await waitFor(() => expect(flagB.shown).toBe(true));
  });
});

describe('ConsoleView', () => {
  it('connects on mount, hides the overlay once connected, and shows Reconnecting after a drop', async () => {
    const { connections, last, session } = rig();
    expect(screen.getByTestId('overlay-title').textContent).toMatch(/Preparing|Connecting/);
    await connectedWithPicture(connections, last);
    expect(screen.queryByTestId('console-overlay')).toBeNull();

    // The server goes away: an immediate retry with a brand-new URL.
    last().events.onClose({ detail: 'closed' });
    await waitFor(() => expect(connections).toHaveLength(2));
    expect(connections[1]!.url).not.toBe(connections[0]!.url);
    expect(screen.getByTestId('overlay-title').textContent).toMatch(/Reconnecting \(attempt 1\)/);
    last().events.onConnected();
    last().events.onFirstFrame();
    await waitFor(() => expect(phase()).toBe('connected'));
    expect(session.connects).toBe(2);
    session.dispose();
  });

  it('keeps the overlay until the first picture arrives (or 1 s passes), never an empty screen', async () => {
    const { connections, last, session } = rig();
    await waitFor(() => expect(connections).toHaveLength(1));
    last().events.onConnected();
    await new Promise((r) => setTimeout(r, 100));
    expect(phase()).toBe('connecting');
    expect(screen.getByTestId('console-overlay')).toBeTruthy();
    last().events.onFirstFrame();
    await waitFor(() => expect(phase()).toBe('connected'));
    expect(screen.queryByTestId('console-overlay')).toBeNull();

    // A server that sends no picture still shows as connected after the fallback.
    last().events.onClose({ detail: 'closed' });
    await waitFor(() => expect(connections).toHaveLength(2));
    last().events.onConnected();
    await waitFor(() => expect(phase()).toBe('connected'), { timeout: 2000 });
    session.dispose();
  });

  it('says the instance is stopped, and Start starts it and reconnects when it runs', async () => {
    const stopped = Object.assign(new Error('The instance is stopped.'), {
      kind: 'instance-stopped',
      code: 'UnsupportedOperation.InstanceStateStopped',
    });
    let running = false;
    const { services, connections, last, session } = rig({
      issueUrl: vi.fn(async () => {
        if (!running) throw stopped;
        return { url: 'ws://gw/vnc?s=ok', issuedAt: Date.now(), hints: {} };
      }),
      startInstance: vi.fn(async () => void (running = true)),
    });
    await waitFor(() => expect(phase()).toBe('stopped'));
    expect(screen.getByTestId('overlay-instance-state').textContent).toBe('STOPPED');
    await fireEvent.click(screen.getByRole('button', { name: 'Start instance' }));
    expect(services.startInstance).toHaveBeenCalledWith(ref);
    await connectedWithPicture(connections, last);
    session.dispose();
  });

  it('Cancel stops trying; Reconnect starts again', async () => {
    const { connections, session } = rig();
    await waitFor(() => expect(connections).toHaveLength(1));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(phase()).toBe('cancelled');
    expect(connections[0]!.disconnect).toHaveBeenCalled();
    await fireEvent.click(
      within(screen.getByTestId('console-overlay')).getByRole('button', { name: 'Reconnect' }),
    );
    await waitFor(() => expect(connections).toHaveLength(2));
    session.dispose();
  });

  it('a user Disconnect is final: no reconnect', async () => {
    const { connections, last, session } = rig();
    await connectedWithPicture(connections, last);
    await fireEvent.click(screen.getByTestId('disconnect'));
    expect(phase()).toBe('idle');
    expect(screen.getByTestId('overlay-title').textContent).toBe('Disconnected');
    await new Promise((r) => setTimeout(r, 50));
    expect(connections).toHaveLength(1);
    session.dispose();
  });

  it('reconnects at once after system resume when a retry was waiting', async () => {
    let fail = 2;
    const network = Object.assign(new Error('down'), { kind: 'network', code: 'Timeout' });
    const { services, resume, session } = rig({
      issueUrl: vi.fn(async () => {
        if (fail-- > 0) throw network;
        return { url: `ws://gw/vnc?s=${Math.random()}`, issuedAt: Date.now(), hints: {} };
      }),
    });
    // First failure retries at once, the second waits ~1 s with a countdown.
    await waitFor(() => expect(screen.queryByTestId('overlay-countdown')).not.toBeNull());
    const calls = vi.mocked(services.issueUrl).mock.calls.length;
    resume();
    await waitFor(() => expect(vi.mocked(services.issueUrl).mock.calls.length).toBe(calls + 1));
    session.dispose();
  });

  it('waits while the OS is offline and reconnects as soon as it is online again', async () => {
    const { connections, last, session } = rig();
    await connectedWithPicture(connections, last);
    window.dispatchEvent(new Event('offline'));
    last().events.onClose({ detail: 'closed' });
    await waitFor(() => expect(phase()).toBe('offline'));
    expect(screen.getByTestId('overlay-title').textContent).toBe('Offline');
    await new Promise((r) => setTimeout(r, 50));
    expect(connections).toHaveLength(1);
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(connections).toHaveLength(2));
    session.dispose();
  });

  it('shows the main process’s error for the web console (the demo cloud has none)', async () => {
    const demoError = Object.assign(new Error('The demo cloud runs on this computer.'), {
      kind: 'invalid-input',
      code: 'DemoHasNoWebConsole',
    });
    const { session } = rig({ openWebConsole: vi.fn(async () => Promise.reject(demoError)) });
    await fireEvent.click(screen.getByTestId('web-console'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('The demo cloud runs on this computer.'),
    );
    session.dispose();
  });

  it('Type clipboard: when reading the clipboard is refused, opens Type text and says to paste', async () => {
    const readText = vi.fn(async () => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    Object.defineProperty(navigator, 'clipboard', { value: { readText }, configurable: true });
    const { connections, last, session } = rig();
    await waitFor(() => expect(connections).toHaveLength(1));
    last().events.onConnected();
    last().events.onFirstFrame();
    session.live = true; // what the noVNC connector reports once RFB is up
    await waitFor(() =>
      expect((screen.getByTestId('type-clipboard') as HTMLButtonElement).disabled).toBe(false),
    );
    await fireEvent.click(screen.getByTestId('type-clipboard'));
    await waitFor(() =>
      expect(screen.getByTestId('type-text-notice').textContent).toContain('Paste the text below'),
    );
    expect((screen.getByTestId('type-text-input') as HTMLTextAreaElement).value).toBe('');
    session.dispose();
  });

  it('keys are disabled until connected', async () => {
    const { session } = rig();
    expect((screen.getByTestId('ctrl-alt-del') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('type-text') as HTMLButtonElement).disabled).toBe(true);
    session.dispose();
  });

  it('Quality sets the JPEG quality and the compression level, 0–9', async () => {
    const { session } = rig();
    await fireEvent.click(screen.getByTestId('quality-menu'));
    const quality = screen.getByTestId('quality-level') as HTMLInputElement;
    const compression = screen.getByTestId('compression-level') as HTMLInputElement;
    expect([quality.value, compression.value]).toEqual(['6', '2']);
    await fireEvent.input(quality, { target: { value: '3' } });
    await fireEvent.input(compression, { target: { value: '9' } });
    expect(session.settings).toMatchObject({ quality: 3, compression: 9 });
    expect(within(quality.closest('label')!).getByText('3')).toBeTruthy();
    expect(within(compression.closest('label')!).getByText('9')).toBeTruthy();
    session.dispose();
  });
});
