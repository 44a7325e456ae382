// The noVNC connector against a stand-in RFB and WebSocket (noVNC itself needs a real browser):
// how RFB's events become the machine's connection events, the probe, and the password order.
import { describe, expect, it, vi } from 'vitest';
import { createNoVncConnector } from '../../../src-renderer/console/novnc-connector';
import type { RfbClass } from '../../../src-renderer/console/novnc-connector';
import { PasswordKeeper } from '../../../src-renderer/console/password-keeper';
import type { ConnectionEvents } from '../../../src-renderer/console/connector';
import { DEFAULT_VIEW_SETTINGS } from '../../../src-renderer/console/view-settings';
import { FakeRfb, FakeSocket } from './novnc-fakes';

function setup(passwords = new PasswordKeeper()) {
  const sockets: FakeSocket[] = [];
  const reportLink = vi.fn();
  const settings = { ...DEFAULT_VIEW_SETTINGS, quality: 3, viewOnly: true };
  const connector = createNoVncConnector({
    RFB: FakeRfb as unknown as RfbClass,
    target: () => document.body,
    passwords,
    settings: () => settings,
    reportLink,
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s as unknown as WebSocket;
    },
  });
  const events = {
    connected: vi.fn(),
    picture: vi.fn(),
    data: vi.fn(),
    credentialsRequired: vi.fn(),
    closed: vi.fn(),
  } satisfies ConnectionEvents;
  return { connector, events, reportLink, sockets, passwords };
}

describe('the noVNC connector', () => {
  it('reports how the link ended (close code, refused password) to main’s log, without the URL', () => {
    const { connector, events, reportLink, sockets } = setup();
    connector('ws://gw/vnc?s=secret-token', {}, events);
    sockets[0]!.dispatchEvent(Object.assign(new Event('close'), { code: 1006, wasClean: false }));
    expect(reportLink).toHaveBeenCalledWith({ event: 'closed', code: 1006, wasClean: false });
    connector('ws://gw/vnc?s=other', {}, events);
    FakeRfb.last.fire('securityfailure', { status: 1 });
    expect(reportLink).toHaveBeenLastCalledWith({ event: 'security-failure' });
    expect(events.closed).toHaveBeenCalledWith({ securityFailure: true, detail: 'security failure 1' });
    expect(JSON.stringify(reportLink.mock.calls)).not.toContain('token');
  });

  it('hands RFB our own binary socket, set up with the view settings before the handshake', () => {
    const { connector, events, sockets } = setup();
    const conn = connector('ws://gw/vnc?s=a', {}, events);
    const rfb = FakeRfb.last;
    expect(rfb.socket).toBe(sockets[0]);
    expect(sockets[0]!.binaryType).toBe('arraybuffer');
    expect(conn.rfb).toBe(rfb);
    expect({ quality: rfb.qualityLevel, viewOnly: rfb.viewOnly, scale: rfb.scaleViewport }).toEqual({
      quality: 3,
      viewOnly: true,
      scale: true,
    });
  });

  it('maps data, connect, the first complete picture and close to the machine’s events', async () => {
    const { connector, events, sockets } = setup();
    const conn = connector('ws://gw/vnc?s=a', {}, events);
    const [ws] = sockets;
    const rfb = FakeRfb.last;
    ws!.message(); // handshake bytes
    expect(events.data).toHaveBeenCalledTimes(1);
    rfb.connect(720, 400);
    expect(events.connected).toHaveBeenCalledTimes(1);
    // Xvnc's first update: ExtendedDesktopSize (no data), then the screen over several messages.
    rfb._supportsSetDesktopSize = true;
    rfb.readUpdate([]);
    rfb.readUpdate([[720, 200]], false);
    await Promise.resolve();
    expect(events.picture).not.toHaveBeenCalled();
    rfb.readUpdate([
      [720, 200],
      [720, 200],
    ]);
    await vi.waitFor(() => expect(events.picture).toHaveBeenCalledTimes(1));
    expect(conn.supportsResize()).toBe(true);

    rfb.fire('disconnect', { clean: true });
    expect(events.closed).toHaveBeenCalledWith({ detail: 'closed' });
    // Nothing after the close reaches the machine.
    ws!.message();
    expect(events.data).toHaveBeenCalledTimes(1);
  });

  it('sends the liveness probe as one complete 1×1 FramebufferUpdateRequest', () => {
    const { connector, events, sockets } = setup();
    const conn = connector('ws://gw/vnc?s=a', {}, events);
    conn.probe();
    // FramebufferUpdateRequest (3), non-incremental (0), x 0, y 0, width 1, height 1.
    expect([...sockets[0]!.sent[0]!]).toEqual([3, 0, 0, 0, 0, 0, 0, 1, 0, 1]);
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
    expect(events.closed).not.toHaveBeenCalled();
    expect(events.data).not.toHaveBeenCalled();
  });

  it('answers a password request with the URL hint first, without asking', () => {
    const { connector, events } = setup();
    connector('ws://gw/vnc?s=a', { password: 'hint-pw' }, events);
    FakeRfb.last.fire('credentialsrequired', { types: ['password'] });
    expect(FakeRfb.last.credentials).toEqual([{ username: '', password: 'hint-pw', target: '' }]);
    expect(events.credentialsRequired).not.toHaveBeenCalled();
  });

  it('after the hint was refused, asks on the next connection, sends the answer and offers it first next time', () => {
    const passwords = new PasswordKeeper();
    const first = setup(passwords);
    first.connector('ws://gw/vnc?s=a', { password: 'bad' }, first.events);
    FakeRfb.last.fire('credentialsrequired', { types: ['password'] });
    FakeRfb.last.fire('securityfailure', { status: 1, reason: 'Authentication failed' });

    // Same keeper across reconnects, as in a session.
    const second = setup(passwords);
    const conn = second.connector('ws://gw/vnc?s=b', { password: 'bad' }, second.events);
    FakeRfb.last.fire('credentialsrequired', { types: ['password'] });
    expect(second.events.credentialsRequired).toHaveBeenCalledWith(['password']);
    expect(FakeRfb.last.credentials).toEqual([]);
    conn.sendCredentials({ password: 'typed' });
    expect(FakeRfb.last.credentials).toEqual([{ username: '', password: 'typed', target: '' }]);
    FakeRfb.last.connect(720, 400);
    expect(passwords.choose('bad')).toBe('typed');
  });

  it('copies nothing onto the visible canvas before the server’s first pixels; the first update takes it all', async () => {
    const { connector, events } = setup();
    connector('ws://gw/vnc?s=a', {}, events);
    const rfb = FakeRfb.last;
    const display = rfb._display;
    // ServerInit: noVNC sizes its (still empty) back buffer and copies all of it.
    rfb.connect(1280, 800);
    display.draw(0, 0, 1280, 800);
    display.flip();
    // An update with no pixels (a size or cursor message) ends with a flip too.
    expect(rfb.readUpdate([])).toBe(true);
    display.flip();
    expect(display.copied).toEqual([]);
    // The first update with pixels: one copy, of everything held back with it.
    expect(rfb.readUpdate([[1280, 400]])).toBe(true);
    display.draw(0, 0, 1280, 400);
    display.flip();
    expect(display.copied).toEqual([[0, 0, 1280, 800]]);
    // After that every update is copied as it is drawn (the probe's lone pixel aside).
    rfb.readUpdate([[1280, 400]]);
    display.draw(0, 400, 1280, 400);
    display.flip();
    expect(display.copied.at(-1)).toEqual([0, 400, 1280, 400]);
    await Promise.resolve();
    expect(events.picture).toHaveBeenCalledTimes(1);
  });

  it('gives the visible canvas its memory once the first update is asked for, hidden until the first copy', () => {
    const { connector, events } = setup();
    connector('ws://gw/vnc?s=a', {}, events);
    const rfb = FakeRfb.last;
    const display = rfb._display;
    expect(display.puts).toEqual([]);
    // ServerInit sizes the canvas; the handshake is through: one transparent pixel, the canvas hidden.
    rfb.connect(1280, 800);
    expect(events.connected).toHaveBeenCalledTimes(1);
    expect(display.puts).toEqual([[0, 0, 1, 1, 'hidden']]);
    expect(display._target.style.visibility).toBe('hidden');
    // A flip with nothing from the server yet is held back: still hidden.
    rfb.readUpdate([]);
    display.flip();
    expect(display._target.style.visibility).toBe('hidden');
    // The first copy shows the canvas as it is made; later copies leave it alone.
    rfb.readUpdate([[1280, 800]]);
    display.draw(0, 0, 1280, 800);
    display.flip();
    expect(display.copiedWhile).toEqual(['']);
    display._target.style.visibility = 'collapse';
    rfb.readUpdate([[10, 10]]);
    display.draw(0, 0, 10, 10);
    display.flip();
    expect(display._target.style.visibility).toBe('collapse');
    expect(display.puts).toHaveLength(1);
  });
});
