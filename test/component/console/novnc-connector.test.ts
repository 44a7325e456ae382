// The noVNC connector against a stand-in RFB and WebSocket (noVNC itself needs a real browser):
// how RFB's events become the machine's connection events, the probe, and the password order.
import { describe, expect, it, vi } from 'vitest';
import { createNoVncConnector, PROBE_MESSAGE } from '../../../src-renderer/console/novnc-connector';
import type { NoVncHooks, RfbClass } from '../../../src-renderer/console/novnc-connector';
import { PasswordKeeper } from '../../../src-renderer/console/password-keeper';
import type { ConnectionEvents } from '../../../src-renderer/console/connector';

class FakeSocket extends EventTarget {
  binaryType = 'blob';
  readyState = 1;
  readonly sent: Uint8Array[] = [];
  constructor(readonly url: string) {
    super();
  }
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  message(): void {
    this.dispatchEvent(new MessageEvent('message', { data: new ArrayBuffer(4) }));
  }
}

class FakeRfb extends EventTarget {
  static last: FakeRfb;
  viewOnly = false;
  scaleViewport = false;
  resizeSession = false;
  clipViewport = false;
  qualityLevel = 6;
  compressionLevel = 2;
  background = '';
  focusOnClick = false;
  _supportsSetDesktopSize = false;
  readonly credentials: unknown[] = [];
  disconnected = 0;
  constructor(
    readonly target: Element,
    readonly socket: FakeSocket,
  ) {
    super();
    FakeRfb.last = this;
  }
  sendCredentials(c: unknown): void {
    this.credentials.push(c);
  }
  disconnect(): void {
    this.disconnected++;
  }
  toBlob(cb: (b: Blob) => void): void {
    cb(new Blob(['png']));
  }
  fire(type: string, detail: unknown = {}): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function setup(askAnswer: { password: string } | null = null) {
  const sockets: FakeSocket[] = [];
  const hooks = {
    configure: vi.fn(),
    onLive: vi.fn(),
    askCredentials: vi.fn(async () => askAnswer),
    onResizeSupport: vi.fn(),
    onSnapshot: vi.fn(),
    onLinkEnded: vi.fn(),
  } satisfies NoVncHooks;
  const passwords = new PasswordKeeper();
  const connector = createNoVncConnector({
    RFB: FakeRfb as unknown as RfbClass,
    target: () => document.body,
    passwords,
    hooks,
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s as unknown as WebSocket;
    },
  });
  const events = {
    onConnected: vi.fn(),
    onFirstFrame: vi.fn(),
    onData: vi.fn(),
    onCredentialsRequired: vi.fn(),
    onClose: vi.fn(),
  } satisfies ConnectionEvents;
  return { connector, events, hooks, sockets, passwords };
}

describe('the noVNC connector', () => {
  it('reports how the link ended (close code, refused password) without the URL', () => {
    const { connector, events, hooks, sockets } = setup();
    connector('ws://gw/vnc?s=secret-token', {}, events);
    sockets[0]!.dispatchEvent(Object.assign(new Event('close'), { code: 1006, wasClean: false }));
    expect(hooks.onLinkEnded).toHaveBeenCalledWith({ event: 'closed', code: 1006, wasClean: false });
    connector('ws://gw/vnc?s=other', {}, events);
    FakeRfb.last.fire('securityfailure', { status: 1 });
    expect(hooks.onLinkEnded).toHaveBeenLastCalledWith({ event: 'security-failure' });
    expect(JSON.stringify(hooks.onLinkEnded.mock.calls)).not.toContain('token');
  });

  it('hands RFB our own binary socket and maps connect, data, first frame and close', () => {
    const { connector, events, hooks, sockets } = setup();
    connector('ws://gw/vnc?s=a', {}, events);
    const [ws] = sockets;
    const rfb = FakeRfb.last;
    expect(rfb.socket).toBe(ws);
    expect(ws!.binaryType).toBe('arraybuffer');
    // Configured before the handshake, so the first SetEncodings carries the chosen quality.
    expect(hooks.configure).toHaveBeenCalledWith(rfb);

    ws!.message(); // handshake bytes: data, not a frame
    expect(events.onData).toHaveBeenCalledTimes(1);
    expect(events.onConnected).not.toHaveBeenCalled();

    // noVNC fires connect while it handles ServerInit, before our listener sees that message.
    rfb.fire('connect');
    ws!.message();
    expect(events.onConnected).toHaveBeenCalledTimes(1);
    expect(hooks.onLive).toHaveBeenLastCalledWith(rfb);
    expect(events.onFirstFrame).not.toHaveBeenCalled();
    rfb._supportsSetDesktopSize = true;
    ws!.message(); // the first framebuffer update
    expect(events.onFirstFrame).toHaveBeenCalledTimes(1);
    expect(hooks.onResizeSupport).toHaveBeenLastCalledWith(true);
    ws!.message();
    expect(events.onFirstFrame).toHaveBeenCalledTimes(1);
    expect(events.onData).toHaveBeenCalledTimes(4);

    rfb.fire('disconnect', { clean: true });
    expect(events.onClose).toHaveBeenCalledWith({ detail: 'closed' });
    expect(hooks.onLive).toHaveBeenLastCalledWith(undefined);
    expect(hooks.onSnapshot).toHaveBeenCalledTimes(1);
    // Nothing after the close reaches the machine.
    ws!.message();
    expect(events.onData).toHaveBeenCalledTimes(4);
  });

  it('sends the liveness probe as one complete 1×1 FramebufferUpdateRequest', () => {
    const { connector, events, sockets } = setup();
    const conn = connector('ws://gw/vnc?s=a', {}, events);
    conn.probe();
    expect([...sockets[0]!.sent[0]!]).toEqual([3, 0, 0, 0, 0, 0, 0, 1, 0, 1]);
    expect(PROBE_MESSAGE).toHaveLength(10);
    sockets[0]!.readyState = 3;
    expect(() => conn.probe()).toThrow();
  });

  it('disconnect() closes RFB once and silences later events', () => {
    const { connector, events, sockets } = setup();
    const conn = connector('ws://gw/vnc?s=a', {}, events);
    conn.disconnect();
    conn.disconnect();
    expect(FakeRfb.last.disconnected).toBe(1);
    FakeRfb.last.fire('disconnect', { clean: true });
    sockets[0]!.message();
    expect(events.onClose).not.toHaveBeenCalled();
    expect(events.onData).not.toHaveBeenCalled();
  });

  it('answers a password request with the URL hint first, without asking', () => {
    const { connector, events, hooks } = setup();
    connector('ws://gw/vnc?s=a', { password: 'hint-pw' }, events);
    FakeRfb.last.fire('credentialsrequired', { types: ['password'] });
    expect(FakeRfb.last.credentials).toEqual([{ username: '', password: 'hint-pw', target: '' }]);
    expect(hooks.askCredentials).not.toHaveBeenCalled();
    expect(events.onCredentialsRequired).not.toHaveBeenCalled();
  });

  it('after the hint was refused, asks the user on the next connection and sends their answer', async () => {
    const { connector, events, hooks, passwords } = setup({ password: 'typed' });
    connector('ws://gw/vnc?s=a', { password: 'bad' }, events);
    FakeRfb.last.fire('credentialsrequired', { types: ['password'] });
    FakeRfb.last.fire('securityfailure', { status: 1, reason: 'Authentication failed' });
    expect(events.onClose).toHaveBeenCalledWith({ securityFailure: true, detail: 'security failure 1' });

    const second = setup({ password: 'typed' });
    // Same keeper across reconnects, as in a session.
    const connector2 = createNoVncConnector({
      RFB: FakeRfb as unknown as RfbClass,
      target: () => document.body,
      passwords,
      hooks: second.hooks,
      openSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    });
    connector2('ws://gw/vnc?s=b', { password: 'bad' }, second.events);
    FakeRfb.last.fire('credentialsrequired', { types: ['password'] });
    expect(second.events.onCredentialsRequired).toHaveBeenCalledTimes(1);
    expect(second.hooks.askCredentials).toHaveBeenCalledWith(['password']);
    await vi.waitFor(() =>
      expect(FakeRfb.last.credentials).toEqual([{ username: '', password: 'typed', target: '' }]),
    );
    // A typed password that connects is offered first next time.
    FakeRfb.last.fire('connect');
    expect(passwords.choose('bad')).toBe('typed');
    expect(hooks.askCredentials).not.toHaveBeenCalled();
  });
});
