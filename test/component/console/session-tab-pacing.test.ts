// When a new console's tab is drawn, over the real noVNC connector with a stand-in RFB: as soon as
// the VNC handshake is through (noVNC's `connect`, the first update asked for), not with the picture.
// Drawn with the picture, the view's mount and layout came between the picture's last rectangle and
// the screen: the app's click → first frame against a real Xvnc lost ~16 ms to bare noVNC there.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleSession } from '../../../src-renderer/console/console-session.svelte';
import type { ConsoleServices } from '../../../src-renderer/console/console-services';
import { createNoVncConnector } from '../../../src-renderer/console/novnc-connector';
import type { RfbClass } from '../../../src-renderer/console/novnc-connector';
import { TAB_AT_LATEST_MS } from '../../../src-renderer/console/console-pacing.svelte';
import { PasswordKeeper } from '../../../src-renderer/console/password-keeper';
import { FakeRfb, FakeSocket } from './novnc-fakes';

const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };

let session: ConsoleSession | undefined;
afterEach(() => {
  session?.dispose();
  session = undefined;
  vi.useRealTimers();
});

describe('a new console’s tab', () => {
  it('is drawn once the handshake is through, before the first update arrives', async () => {
    vi.useFakeTimers();
    const services = {
      issueUrl: vi.fn(async () => ({ url: 'ws://gw/vnc?s=1', issuedAt: Date.now(), hints: {} })),
      instanceState: vi.fn(async () => 'RUNNING'),
      reportLink: vi.fn(),
      onSystemResume: () => () => {},
      onHandshakeRefused: () => () => {},
    } as unknown as ConsoleServices;
    const host = document.createElement('div');
    const connector = createNoVncConnector({
      RFB: FakeRfb as unknown as RfbClass,
      target: () => host,
      passwords: new PasswordKeeper(),
      settings: () => ({ scale: 'fit', viewOnly: false, quality: 6, compression: 2 }),
      reportLink: () => {},
      openSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    });
    session = new ConsoleSession({
      ref,
      title: 'web-prod-01',
      services,
      loadRfb: async () => FakeRfb as unknown as RfbClass,
      connector,
    });
    const before = FakeRfb.last;
    void session.start();
    await vi.advanceTimersByTimeAsync(1); // the URL is issued, the RFB created
    expect(FakeRfb.last).not.toBe(before);
    expect(session.pacing.tabDrawn).toBe(false);
    FakeRfb.last.connect(720, 400); // ServerInit handled, the first update requested
    expect(session.pacing.tabDrawn).toBe(true);
    expect(session.state.phase).toBe('connecting'); // the picture is still on its way
    await vi.advanceTimersByTimeAsync(TAB_AT_LATEST_MS); // nothing left for the deadline to do
    expect(session.pacing.tabDrawn).toBe(true);
  });
});
