// ConsoleView over a real ConsoleSession and reconnect machine, with a scripted connector in place
// of noVNC and fake main-process services: the overlay follows the machine, its buttons act.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ConsoleView from '../../../src-renderer/console/ConsoleView.svelte';
import { ConsoleSession } from '../../../src-renderer/console/console-session.svelte';
import type { SessionConnection } from '../../../src-renderer/console/console-session.svelte';
import type { PacingDelays } from '../../../src-renderer/console/console-pacing.svelte';
import type { ConsoleServices } from '../../../src-renderer/console/console-services';
import type { Connector, ConnectionEvents } from '../../../src-renderer/console/connector';
import type { RfbClass } from '../../../src-renderer/console/novnc-connector';
import type { ReconnectOptions } from '../../../src-renderer/console/reconnect-types';

const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };

/** The pacing off (everything drawn at once), unless a test is about it. */
const NO_PACING: PacingDelays = { tabAtLatestMs: 0, tabIdleGraceMs: 0, quietMs: 0, toolsAtLatestMs: 0 };

interface RigOptions {
  services?: Partial<ConsoleServices>;
  pacing?: PacingDelays;
  machine?: Partial<ReconnectOptions>;
}

let sessions: ConsoleSession[] = [];

/** A session started by its owner (as the workspace does) and its view. */
function rig({ services: overrides = {}, pacing = NO_PACING, machine }: RigOptions = {}) {
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
  const connector: Connector<SessionConnection> = (url, _hints, events) => {
    const disconnect = vi.fn();
    connections.push({ url, events, disconnect });
    return { disconnect, probe: () => {}, sendCredentials: () => {} };
  };
  const session = new ConsoleSession({
    ref,
    title: 'web-prod-01',
    services,
    loadRfb: async () => ({}) as RfbClass,
    connector,
    pacing,
    ...(machine ? { machine } : {}),
  });
  sessions.push(session);
  void session.start();
  render(ConsoleView, { session, active: true });
  const last = () => connections[connections.length - 1]!;
  return { session, services, connections, last, resume: () => resume?.() };
}

const phase = () => screen.getByTestId('console-view').getAttribute('data-phase');

/** The connection's handshake completes, then its first complete picture is drawn. */
function handshakeAndPicture(events: ConnectionEvents): void {
  events.connected();
  events.picture();
}

async function connectedWithPicture(
  connections: readonly unknown[],
  last: () => { events: ConnectionEvents },
): Promise<void> {
  await waitFor(() => expect(connections).toHaveLength(1));
  handshakeAndPicture(last().events);
  await waitFor(() => expect(phase()).toBe('connected'));
}

afterEach(() => {
  cleanup();
  for (const session of sessions) session.dispose();
  sessions = [];
  vi.useRealTimers();
});

describe('ConsoleView pacing: nothing drawn that the first picture does not need', () => {
  it('holds the Connecting overlay back while the pacing says so; what is not a connect shows at once', async () => {
    const { connections, session } = rig({ pacing: { tabAtLatestMs: 0, quietMs: 60_000 } });
    await waitFor(() => expect(connections).toHaveLength(1));
    expect(phase()).toBe('connecting');
    expect(session.pacing.overlayAllowed).toBe(false);
    expect(screen.queryByTestId('console-overlay')).toBeNull();
    cleanup();

    const refused = Object.assign(new Error('The signature is wrong.'), {
      kind: 'auth',
      code: 'AuthFailure.SignatureFailure',
    });
    rig({ services: { issueUrl: vi.fn(async () => Promise.reject(refused)) }, pacing: { quietMs: 60_000 } });
    await waitFor(() =>
      expect(screen.getByTestId('overlay-detail').textContent).toBe('The signature is wrong.'),
    );
  });

  it('the toolbar keeps its place from the start; its buttons follow the first picture', async () => {
    const { connections, last } = rig({
      pacing: { tabAtLatestMs: 0, quietMs: 250, toolsAtLatestMs: 60_000 },
    });
    const toolbar = screen.getByTestId('console-toolbar');
    expect(toolbar.getAttribute('data-drawn')).toBe('false');
    expect(screen.queryByTestId('ctrl-alt-del')).toBeNull();
    await waitFor(() => expect(connections).toHaveLength(1));
    handshakeAndPicture(last().events);
    await waitFor(() => expect(screen.getByTestId('ctrl-alt-del')).toBeTruthy());
    expect(screen.getByTestId('console-toolbar')).toBe(toolbar);
    expect(toolbar.getAttribute('data-drawn')).toBe('true');
  });
});

describe('ConsoleSession: when a new tab has something to show', () => {
  it('not at the handshake, at the first complete picture', async () => {
    const { connections, last, session } = rig({ pacing: { tabAtLatestMs: 60_000 } });
    await waitFor(() => expect(connections).toHaveLength(1));
    last().events.connected();
    // The handshake is processed synchronously: the machine still says connecting, nothing is due.
    expect(session.state.phase).toBe('connecting');
    expect(session.pacing.tabDrawn).toBe(false);
    last().events.picture();
    expect(session.state.phase).toBe('connected');
    expect(session.pacing.tabDrawn).toBe(true);
    await expect(session.pacing.tabDue).resolves.toBeUndefined();
  });

  it('at once when the instance turns out to be stopped', async () => {
    const stopped = Object.assign(new Error('The instance is stopped.'), {
      kind: 'instance-stopped',
      code: 'UnsupportedOperation.InstanceStateStopped',
    });
    const { session } = rig({
      services: {
        issueUrl: vi.fn(async () => Promise.reject(stopped)),
        instanceState: vi.fn(async () => 'STOPPED'),
      },
      pacing: { tabAtLatestMs: 60_000 },
    });
    await session.pacing.tabDue;
    expect(session.state.phase).toBe('stopped');
  });

  it('at once when the VNC server asks for a password nobody could answer', async () => {
    const { connections, last, session } = rig({ pacing: { tabAtLatestMs: 60_000 } });
    await waitFor(() => expect(connections).toHaveLength(1));
    last().events.credentialsRequired(['password']);
    expect(session.pacing.tabDrawn).toBe(true);
    await waitFor(() => expect(screen.getByTestId('console-overlay')).toBeTruthy());
  });
});

describe('ConsoleView', () => {
  it('connects on start, hides the overlay once connected, and shows Reconnecting after a drop', async () => {
    const { connections, last, session } = rig();
    expect(screen.getByTestId('overlay-title').textContent).toMatch(/Preparing|Connecting/);
    await connectedWithPicture(connections, last);
    expect(screen.queryByTestId('console-overlay')).toBeNull();

    // The server goes away: an immediate retry with a brand-new URL.
    last().events.closed({ detail: 'closed' });
    await waitFor(() => expect(connections).toHaveLength(2));
    expect(connections[1]!.url).not.toBe(connections[0]!.url);
    expect(screen.getByTestId('overlay-title').textContent).toMatch(/Reconnecting \(attempt 1\)/);
    handshakeAndPicture(last().events);
    await waitFor(() => expect(phase()).toBe('connected'));
    expect(session.connects).toBe(2);
    expect(screen.getByTestId('console-view').getAttribute('data-restored-ms')).not.toBeNull();
  });

  it('keeps the overlay until the first picture arrives (or pictureTimeoutMs passes), never an empty screen', async () => {
    const { connections, last } = rig({ machine: { pictureTimeoutMs: 50 } });
    await waitFor(() => expect(connections).toHaveLength(1));
    last().events.connected();
    await waitFor(() => expect(screen.getByTestId('console-overlay')).toBeTruthy());
    expect(phase()).toBe('connecting');
    last().events.picture();
    await waitFor(() => expect(phase()).toBe('connected'));
    expect(screen.queryByTestId('console-overlay')).toBeNull();

    // A server that sends no picture still shows as connected after the timeout.
    last().events.closed({ detail: 'closed' });
    await waitFor(() => expect(connections).toHaveLength(2));
    last().events.connected();
    await waitFor(() => expect(phase()).toBe('connected'));
  });

  it('says the instance is stopped, and Start starts it and reconnects when it runs', async () => {
    const stopped = Object.assign(new Error('The instance is stopped.'), {
      kind: 'instance-stopped',
      code: 'UnsupportedOperation.InstanceStateStopped',
    });
    let running = false;
    const { services, connections, last } = rig({
      services: {
        issueUrl: vi.fn(async () => {
          if (!running) throw stopped;
          return { url: 'ws://gw/vnc?s=ok', issuedAt: Date.now(), hints: {} };
        }),
        startInstance: vi.fn(async () => void (running = true)),
      },
    });
    await waitFor(() => expect(phase()).toBe('stopped'));
    expect(screen.getByTestId('overlay-instance-state').textContent).toBe('STOPPED');
    await fireEvent.click(screen.getByRole('button', { name: 'Start instance' }));
    expect(services.startInstance).toHaveBeenCalledWith(ref);
    await connectedWithPicture(connections, last);
  });

  it('Cancel stops trying; Reconnect starts again', async () => {
    const { connections } = rig();
    await waitFor(() => expect(connections).toHaveLength(1));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(phase()).toBe('cancelled');
    expect(connections[0]!.disconnect).toHaveBeenCalled();
    await fireEvent.click(
      within(screen.getByTestId('console-overlay')).getByRole('button', { name: 'Reconnect' }),
    );
    await waitFor(() => expect(connections).toHaveLength(2));
  });

  it('a user Disconnect is final: no reconnect, however long one waits', async () => {
    vi.useFakeTimers();
    const { connections, last } = rig();
    await vi.advanceTimersByTimeAsync(0);
    expect(connections).toHaveLength(1);
    handshakeAndPicture(last().events);
    await vi.advanceTimersByTimeAsync(0);
    expect(phase()).toBe('connected');
    await fireEvent.click(screen.getByTestId('disconnect'));
    expect(phase()).toBe('idle');
    expect(screen.getByTestId('overlay-title').textContent).toBe('Disconnected');
    expect(connections[0]!.disconnect).toHaveBeenCalledTimes(1);
    // Whatever the link does afterwards, and however long: the retry schedule never starts.
    last().events.closed({ detail: 'closed' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(connections).toHaveLength(1);
    expect(phase()).toBe('idle');
  });

  it('reconnects at once after system resume when a retry was waiting', async () => {
    let fail = 2;
    const network = Object.assign(new Error('down'), { kind: 'network', code: 'Timeout' });
    const { services, resume } = rig({
      services: {
        issueUrl: vi.fn(async () => {
          if (fail-- > 0) throw network;
          return { url: `ws://gw/vnc?s=${Math.random()}`, issuedAt: Date.now(), hints: {} };
        }),
      },
    });
    // First failure retries at once, the second waits ~1 s with a countdown.
    await waitFor(() => expect(screen.queryByTestId('overlay-countdown')).not.toBeNull());
    const calls = vi.mocked(services.issueUrl).mock.calls.length;
    resume();
    await waitFor(() => expect(vi.mocked(services.issueUrl).mock.calls.length).toBe(calls + 1));
  });

  it('waits while the OS is offline, however long, and reconnects as soon as it is online again', async () => {
    vi.useFakeTimers();
    const { connections, last } = rig();
    await vi.advanceTimersByTimeAsync(0);
    handshakeAndPicture(last().events);
    await vi.advanceTimersByTimeAsync(0);
    window.dispatchEvent(new Event('offline'));
    last().events.closed({ detail: 'closed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(phase()).toBe('offline');
    expect(screen.getByTestId('overlay-title').textContent).toBe('Offline');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(connections).toHaveLength(1);
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(connections).toHaveLength(2);
  });

  it('shows the main process’s error for the web console (the demo cloud has none)', async () => {
    const demoError = Object.assign(new Error('The demo cloud runs on this computer.'), {
      kind: 'invalid-input',
      code: 'DemoHasNoWebConsole',
    });
    rig({ services: { openWebConsole: vi.fn(async () => Promise.reject(demoError)) } });
    await fireEvent.click(screen.getByTestId('web-console'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('The demo cloud runs on this computer.'),
    );
  });

  it('Type clipboard: when reading the clipboard is refused, opens Type text and says to paste', async () => {
    const readText = vi.fn(async () => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    Object.defineProperty(navigator, 'clipboard', { value: { readText }, configurable: true });
    const { connections, last, session } = rig();
    await connectedWithPicture(connections, last);
    session.live = true; // what a noVNC connection (with its RFB) makes it
    await waitFor(() =>
      expect((screen.getByTestId('type-clipboard') as HTMLButtonElement).disabled).toBe(false),
    );
    await fireEvent.click(screen.getByTestId('type-clipboard'));
    await waitFor(() =>
      expect(screen.getByTestId('type-text-notice').textContent).toContain('Paste the text below'),
    );
    expect((screen.getByTestId('type-text-input') as HTMLTextAreaElement).value).toBe('');
  });

  it('keys are disabled until connected', async () => {
    rig();
    expect((screen.getByTestId('ctrl-alt-del') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('type-text') as HTMLButtonElement).disabled).toBe(true);
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
  });
});
