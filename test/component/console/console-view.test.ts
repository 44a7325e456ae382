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
  /** Another profile than the demo cloud (a key profile has a Tencent web console). */
  profileId?: string;
  services?: Partial<ConsoleServices>;
  pacing?: PacingDelays;
  machine?: Partial<ReconnectOptions>;
}

let sessions: ConsoleSession[] = [];

/** A session started by its owner (as the workspace does) and its view. */
function rig({ services: overrides = {}, pacing = NO_PACING, machine, profileId }: RigOptions = {}) {
  const connections: { url: string; events: ConnectionEvents; disconnect: ReturnType<typeof vi.fn> }[] = [];
  let n = 0;
  let resume: (() => void) | undefined;
  const services: ConsoleServices = {
    issueUrl: vi.fn(async () => ({ url: `ws://gw/vnc?s=${++n}`, issuedAt: Date.now(), hints: {} })),
    instanceState: vi.fn(async () => 'RUNNING'),
    startInstance: vi.fn(async () => {}),
    openWebConsole: vi.fn(async () => {}),
    saveScreenshot: vi.fn(async (): Promise<string | null> => '/home/u/Pictures/shot.png'),
    showInFolder: vi.fn(async () => {}),
    copyText: vi.fn(async () => {}),
    copyScreenshot: vi.fn(async () => true),
    saveTranscript: vi.fn(async (name: string) => `/home/u/Documents/${name}`),
    reportLink: vi.fn(),
    onSystemResume: (listener) => {
      resume = listener;
      return () => (resume = undefined);
    },
    onHandshakeRefused: () => () => {},
    ...overrides,
  };
  const connector: Connector<SessionConnection> = (url, _hints, events) => {
    const disconnect = vi.fn();
    connections.push({ url, events, disconnect });
    return { disconnect, probe: () => {}, sendCredentials: () => {} };
  };
  const session = new ConsoleSession({
    ref: profileId ? { ...ref, profileId } : ref,
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
      expect(screen.getByTestId('overlay-detail').textContent).toBe('Tencent Cloud refused the API key.'),
    );
    expect(screen.getByTestId('overlay-details-message').textContent).toBe('The signature is wrong.');
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
  it('at the handshake (the first update asked for), before the picture', async () => {
    // Drawn with the picture, the view's mount and layout came between the picture's last
    // rectangle and the screen (docs/benchmarks.md); while the server prepares the update, the
    // renderer has nothing else to do.
    const { connections, last, session } = rig({ pacing: { tabAtLatestMs: 60_000 } });
    await waitFor(() => expect(connections).toHaveLength(1));
    expect(session.pacing.tabDrawn).toBe(false);
    last().events.connected();
    expect(session.state.phase).toBe('connecting'); // the picture is still on its way
    expect(session.pacing.tabDrawn).toBe(true);
    await expect(session.pacing.tabDue).resolves.toBeUndefined();
    expect(session.pacing.overlayAllowed).toBe(false); // a quick picture never flashes Connecting…
    last().events.picture();
    expect(session.state.phase).toBe('connected');
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
      machine: { statePollMs: 20 },
    });
    await waitFor(() => expect(phase()).toBe('stopped'));
    expect(screen.getByTestId('overlay-instance-state').textContent).toBe('stopped');
    await fireEvent.click(screen.getByTestId('overlay-start'));
    // Asked first, naming the instance.
    expect(services.startInstance).not.toHaveBeenCalled();
    expect(screen.getByTestId('start-confirm-yes').textContent).toBe('Start web-prod-01');
    await fireEvent.click(screen.getByTestId('start-confirm-yes'));
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

  it('the web console: disabled with its reason for the demo cloud; for a key profile, main’s error shows', async () => {
    const { services } = rig();
    await fireEvent.click(screen.getByTestId('more-menu'));
    const demoButton = screen.getByTestId('web-console') as HTMLButtonElement;
    expect(demoButton.disabled).toBe(true);
    expect(screen.getByTestId('web-console-reason').textContent).toMatch(
      /demo cloud has no Tencent web console/,
    );
    expect(demoButton.getAttribute('aria-describedby')).toBe('web-console-reason');
    expect(services.openWebConsole).not.toHaveBeenCalled();
    cleanup();

    const refused = Object.assign(new Error('The key may not call DescribeInstanceVncUrl.'), {
      kind: 'auth',
      code: 'UnauthorizedOperation',
    });
    rig({ profileId: 'work', services: { openWebConsole: vi.fn(async () => Promise.reject(refused)) } });
    await fireEvent.click(screen.getByTestId('more-menu'));
    expect(screen.queryByTestId('web-console-reason')).toBeNull();
    await fireEvent.click(screen.getByTestId('web-console'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('The key may not call DescribeInstanceVncUrl.'),
    );
  });

  it('Type clipboard: when reading the clipboard is refused, opens Type text and says to paste', async () => {
    const readText = vi.fn(async () => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    Object.defineProperty(navigator, 'clipboard', { value: { readText }, configurable: true });
    const { connections, last, session } = rig();
    await connectedWithPicture(connections, last);
    session.live = true; // what a noVNC connection (with its RFB) makes it
    await waitFor(() => expect((screen.getByTestId('type-text') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('more-menu'));
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
    await fireEvent.click(screen.getByTestId('more-menu'));
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

describe('ConsoleView as an operator meets it', () => {
  it('after three failed attempts names the cause, with Details and Copy diagnostics that hold no URL token', async () => {
    vi.useFakeTimers();
    const { services, connections, last } = rig({ profileId: 'work' });
    const fail = async (): Promise<void> => {
      await vi.advanceTimersByTimeAsync(0);
      const token = new URL(last().url).searchParams.get('s');
      // What a browser may say about the refused socket names its URL, token and all.
      last().events.closed({ detail: `WebSocket ws://gw/vnc?s=${token} failed: HTTP 503` });
      await vi.advanceTimersByTimeAsync(0);
    };
    await fail();
    await fail();
    expect(connections).toHaveLength(2);
    expect(screen.getByTestId('overlay-detail').textContent).toBe(
      'The console gateway closed the connection before the console was ready.',
    );
    expect(screen.queryByTestId('overlay-advice')).toBeNull();
    expect(screen.queryByTestId('overlay-copy-diagnostics')).toBeNull();
    // The third attempt is due after a backoff delay.
    for (let ms = 0; connections.length < 3 && ms < 60_000; ms += 50) await vi.advanceTimersByTimeAsync(50);
    expect(connections).toHaveLength(3);
    await fail();
    expect(screen.getByTestId('overlay-advice').textContent).toMatch(/firewall or proxy/);
    expect(screen.getByTestId('overlay-details-code').textContent).toBe('ConnectionClosed');
    expect(screen.getByTestId('overlay-web-console').textContent).toContain('Open in Tencent web console');

    await fireEvent.click(screen.getByTestId('overlay-copy-diagnostics'));
    await vi.advanceTimersByTimeAsync(0);
    expect(services.copyText).toHaveBeenCalledTimes(1);
    const text = vi.mocked(services.copyText).mock.calls[0]![0];
    expect(text).toContain('Instance: ins-demo0001 (web-prod-01)');
    expect(text.match(/attempt-failed kind=network code=ConnectionClosed/g)).toHaveLength(3);
    expect(text).toContain('HTTP 503');
    for (let n = 1; n <= 3; n++) expect(text).not.toContain(`s=${n}`);
    expect(text).not.toMatch(/ws:\/\//);
    expect(screen.getByTestId('console-notice').textContent).toContain('Diagnostics copied');

    await fireEvent.click(screen.getByTestId('overlay-copy-details'));
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.mocked(services.copyText).mock.calls[1]![0]).toContain('Code: ConnectionClosed');
  });

  it('a gone instance refreshes the list, offers Refresh list and Close tab, and no Disconnect', async () => {
    const gone = Object.assign(new Error('The instance ins-demo0001 does not exist.'), {
      kind: 'instance-gone',
      code: 'InvalidInstanceId.NotFound',
    });
    const onrefreshlist = vi.fn();
    const onclose = vi.fn();
    const services: Partial<ConsoleServices> = { issueUrl: vi.fn(async () => Promise.reject(gone)) };
    const { session } = rig({ services });
    cleanup();
    render(ConsoleView, { session, active: true, onrefreshlist, onclose });
    await waitFor(() => expect(phase()).toBe('gone'));
    // The list learns it at once, once.
    await waitFor(() => expect(onrefreshlist).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId('disconnect')).toBeNull();
    expect(screen.queryByTestId('reconnect')).toBeNull();
    await fireEvent.click(screen.getByTestId('overlay-refresh-list'));
    await fireEvent.click(screen.getByTestId('overlay-close-tab'));
    expect(onrefreshlist).toHaveBeenCalledTimes(2);
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('no Disconnect while stopped or after the key was refused', async () => {
    const stopped = Object.assign(new Error('stopped'), { kind: 'instance-stopped', code: 'X' });
    rig({ services: { issueUrl: vi.fn(async () => Promise.reject(stopped)) } });
    await waitFor(() => expect(phase()).toBe('stopped'));
    expect(screen.queryByTestId('disconnect')).toBeNull();
    cleanup();
    const refused = Object.assign(new Error('no'), { kind: 'auth', code: 'AuthFailure.SecretIdNotFound' });
    rig({ services: { issueUrl: vi.fn(async () => Promise.reject(refused)) } });
    await waitFor(() => expect(phase()).toBe('auth-problem'));
    expect(screen.queryByTestId('disconnect')).toBeNull();
    expect(screen.getByTestId('reconnect')).toBeTruthy();
  });

  it('shows that the console holds the keyboard, and the release chord gives it back without the mouse', async () => {
    const { connections, last, session } = rig();
    await connectedWithPicture(connections, last);
    session.live = true;
    // Stand-in for noVNC's canvas: it takes the focus and listens for keys itself.
    const canvas = document.createElement('canvas');
    canvas.tabIndex = 0;
    const seenByConsole: string[] = [];
    canvas.addEventListener('keydown', (e) => seenByConsole.push(e.code));
    screen.getByTestId('console-screen').firstElementChild!.appendChild(canvas);
    const releaseKeys = vi.spyOn(session, 'releaseKeys');

    canvas.focus();
    await waitFor(() => expect(screen.getByTestId('console-view').dataset['keyboard']).toBe('captured'));
    expect(screen.getByTestId('release-chord').textContent).toBe('Ctrl+Alt+Home');
    expect(screen.getByTestId('keyboard-capture').title).toContain('Ctrl+Alt+Home gives it back');

    await fireEvent.keyDown(canvas, { code: 'Tab', key: 'Tab' });
    await fireEvent.keyDown(canvas, { code: 'Home', key: 'Home', ctrlKey: true, altKey: true });
    // The chord never reached the console; the keys it held are released; the app has the focus.
    expect(seenByConsole).toEqual(['Tab']);
    expect(releaseKeys).toHaveBeenCalledWith([0xffe3, 0xffe4, 0xffe9, 0xffea]);
    expect(document.activeElement).toBe(screen.getByTestId('keyboard-capture'));
    expect(screen.getByTestId('console-view').dataset['keyboard']).toBe('released');
    expect(session.keyboard.wanted).toBe(false);

    // The chord can be changed (More ▾), and the toolbar says the new one.
    await fireEvent.click(screen.getByTestId('more-menu'));
    await fireEvent.change(screen.getByTestId('release-chord-choice'), { target: { value: 'ctrl-alt-g' } });
    canvas.focus();
    await waitFor(() => expect(screen.getByTestId('release-chord').textContent).toBe('Ctrl+Alt+G'));
    await fireEvent.keyDown(canvas, { code: 'Home', key: 'Home', ctrlKey: true, altKey: true });
    expect(seenByConsole).toEqual(['Tab', 'Home']);
    await fireEvent.keyDown(canvas, { code: 'KeyG', key: 'g', ctrlKey: true, altKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('keyboard-capture'));
    await fireEvent.change(screen.getByTestId('release-chord-choice'), {
      target: { value: 'ctrl-alt-home' },
    });
  });

  it('view-only is a banner on the console; a saved screenshot says where, with Show in folder', async () => {
    const { connections, last, session, services } = rig();
    await connectedWithPicture(connections, last);
    session.live = true;
    await fireEvent.click(screen.getByTestId('view-only'));
    expect(screen.getByTestId('view-only-banner').textContent).toContain('not sent to the instance');
    await fireEvent.click(within(screen.getByTestId('view-only-banner')).getByRole('button'));
    expect(screen.queryByTestId('view-only-banner')).toBeNull();

    session.screenshotBase64 = () => 'iVBORw0KGgo=';
    await fireEvent.click(screen.getByTestId('more-menu'));
    await fireEvent.click(screen.getByTestId('screenshot-save'));
    await waitFor(() =>
      expect(screen.getByTestId('console-notice').textContent).toContain(
        'Screenshot saved to /home/u/Pictures/shot.png',
      ),
    );
    await fireEvent.click(screen.getByTestId('show-in-folder'));
    expect(services.showInFolder).toHaveBeenCalledWith('/home/u/Pictures/shot.png');
  });

  it('Resize remote says why it is unavailable in the list itself', () => {
    rig();
    const option = screen.getByRole('option', { name: /Resize remote/ }) as HTMLOptionElement;
    expect(option.disabled).toBe(true);
    expect(option.textContent).toContain('server cannot');
  });

  it('the Keys menu opens on its first item, arrows move through it, grouped', async () => {
    const { connections, last, session } = rig();
    await connectedWithPicture(connections, last);
    session.live = true;
    await waitFor(() => expect((screen.getByTestId('keys-menu') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('keys-menu'));
    const menu = screen.getByRole('menu');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('combo-ctrl-alt-del')));
    expect(
      within(menu)
        .getAllByRole('group')
        .map((g) => g.getAttribute('aria-labelledby')),
    ).toEqual(['keys-Windows', 'keys-Linux consoles', 'keys-Editing']);
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('combo-alt-tab'));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByTestId('combo-ctrl-z'));
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('keys-menu'));
  });

  it('Type text names its target and never covers the reconnect overlay', async () => {
    const { connections, last, session } = rig();
    await connectedWithPicture(connections, last);
    session.live = true;
    await waitFor(() => expect((screen.getByTestId('type-text') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('type-text'));
    expect(screen.getByTestId('type-text-title').textContent).toBe('Type text into web-prod-01');
    const input = screen.getByTestId('type-text-input') as HTMLTextAreaElement;
    await fireEvent.input(input, { target: { value: 'kept' } });
    // The link drops: the dialog steps aside for the overlay, keeping its text.
    session.live = false;
    last().events.closed({ detail: 'gone' });
    await waitFor(() => expect(screen.getByTestId('console-overlay')).toBeTruthy());
    expect((screen.getByTestId('type-text-host') as HTMLElement).hidden).toBe(true);
    handshakeAndPicture(connections[connections.length - 1]!.events);
    await waitFor(() => expect(connections.length).toBeGreaterThan(1));
    handshakeAndPicture(last().events);
    await waitFor(() => expect(phase()).toBe('connected'));
    expect((screen.getByTestId('type-text-host') as HTMLElement).hidden).toBe(false);
    expect((screen.getByTestId('type-text-input') as HTMLTextAreaElement).value).toBe('kept');
  });
});
