import { describe, it, expect, afterEach } from 'vitest';
import { BuiltinVncServer } from '../../../../src-main/demo/vnc-server/vnc-server';
import type { BuiltinVncServerOptions } from '../../../../src-main/demo/vnc-server/vnc-server';
import { RfbTestClient, RfbProtocolError, XK } from './rfb-test-client';
import type { PixelFormat } from './rfb-test-client';
import { NOVNC_24, NOVNC_8, RGB565 } from './pixel-formats';

const LINUX: BuiltinVncServerOptions = {
  title: 'Ubuntu 22.04 LTS web-01 tty1',
  flavour: 'linux',
  rebootDelayMs: 60,
};
const BLACK = 0x000000;

const servers: BuiltinVncServer[] = [];
const clients: RfbTestClient[] = [];

async function start(
  opts: BuiltinVncServerOptions = LINUX,
): Promise<{ server: BuiltinVncServer; port: number }> {
  const server = new BuiltinVncServer(opts);
  servers.push(server);
  const { port } = await server.listen(0);
  return { server, port };
}

async function client(
  port: number,
  opts: Parameters<typeof RfbTestClient.tcp>[1] = {},
): Promise<RfbTestClient> {
  const c = await RfbTestClient.tcp(port, opts);
  clients.push(c);
  return c;
}

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('BuiltinVncServer handshake', () => {
  it('speaks RFB 3.8 with security None and announces a 32-bpp true-colour screen', async () => {
    const { server, port } = await start();
    const c = await client(port);
    expect(c.securityTypes).toEqual([1]);
    expect([c.width, c.height]).toEqual([720, 400]);
    expect(c.name).toBe('Ubuntu 22.04 LTS web-01 tty1');
    expect(c.format).toMatchObject({
      bitsPerPixel: 32,
      depth: 24,
      trueColour: true,
      redMax: 255,
      redShift: 16,
    });
    await until(() => server.connections === 1);
  });

  it('offers only VNC Authentication when a password is set, and accepts the right one', async () => {
    const { port } = await start({ ...LINUX, password: 'Pa55word-longer-than-8' });
    const c = await client(port, { password: 'Pa55word-longer-than-8' });
    expect(c.securityTypes).toEqual([2]);
    c.requestUpdate(false);
    expect((await c.readUpdate()).length).toBe(1);
  });

  it('rejects a wrong password with the 3.8 reason string and closes the session', async () => {
    const { server, port } = await start({ ...LINUX, password: 'secret' });
    await expect(RfbTestClient.tcp(port, { password: 'guess' })).rejects.toThrow(/Authentication failed/);
    await until(() => server.connections === 0);
    // The server still serves the next, correct client.
    await client(port, { password: 'secret' });
  });

  it('refuses a client that picks a security type it was not offered', async () => {
    const { server, port } = await start({ ...LINUX, password: 'secret' });
    // Asks for None although only VNC auth is on offer.
    await expect(RfbTestClient.tcp(port, { securityType: 1 })).rejects.toThrow(/Security type not offered/);
    await until(() => server.connections === 0);
  });

  it('also serves RFB 3.3 and 3.7 viewers, with and without a password', async () => {
    const { port } = await start();
    for (const version of ['RFB 003.003\n', 'RFB 003.007\n', 'RFB 003.889\n']) {
      const c = await client(port, { version });
      expect(c.width).toBe(720);
    }
    const secured = await start({ ...LINUX, password: 'pw' });
    const old = await client(secured.port, { version: 'RFB 003.003\n', password: 'pw' });
    expect(old.securityTypes).toEqual([2]);
    await expect(
      RfbTestClient.tcp(secured.port, { version: 'RFB 003.003\n', password: 'nope' }),
    ).rejects.toThrow(RfbProtocolError);
  });
});

describe('BuiltinVncServer framebuffer updates', () => {
  it('answers a non-incremental request at once with the whole screen, showing the boot banner', async () => {
    const { port } = await start();
    const c = await client(port);
    c.requestUpdate(false);
    const rects = await c.readUpdate(1000);
    expect(rects).toEqual([{ x: 0, y: 0, w: 720, h: 400, encoding: 0 }]);
    // Text is drawn: the first row holds the kernel line, the bottom rows are empty.
    expect(c.countNot(BLACK, { x: 0, y: 0, w: 720, h: 16 })).toBeGreaterThan(200);
    expect(c.countNot(BLACK, { x: 0, y: 384, w: 720, h: 16 })).toBe(0);
    // Asked again with nothing changed: still answered, still the whole area.
    c.requestUpdate(false, { x: 10, y: 20, w: 30, h: 40 });
    expect(await c.readUpdate(1000)).toEqual([{ x: 10, y: 20, w: 30, h: 40, encoding: 0 }]);
  });

  it('holds an incremental request until something changes, then sends only the changed cells', async () => {
    const { port } = await start();
    const c = await client(port);
    c.requestUpdate(false);
    await c.readUpdate();
    c.requestUpdate(true);
    expect(await c.staysQuiet(150)).toBe(true);
    c.press('r'.charCodeAt(0));
    const rects = await c.readUpdate(1000);
    // The echoed 'r' and the cursor that moved right: one strip of two cells on the login row.
    expect(rects).toHaveLength(1);
    expect(rects[0]).toMatchObject({ w: 18, h: 16, encoding: 0 });
    expect(rects[0]!.y % 16).toBe(0);
    // Nothing else is pending: the next incremental request waits again.
    c.requestUpdate(true);
    expect(await c.staysQuiet(100)).toBe(true);
  });

  it('sends everything on a first incremental request (the viewer has seen nothing yet)', async () => {
    const { port } = await start();
    const c = await client(port);
    c.requestUpdate(true);
    expect(await c.readUpdate(1000)).toEqual([{ x: 0, y: 0, w: 720, h: 400, encoding: 0 }]);
  });

  it('keeps changes outside a requested area for a later request', async () => {
    const { port } = await start();
    const c = await client(port);
    c.requestUpdate(false);
    await c.readUpdate();
    c.type('x'); // changes the login row only
    await new Promise((r) => setTimeout(r, 30));
    c.requestUpdate(true, { x: 0, y: 0, w: 720, h: 16 }); // the top row did not change
    expect(await c.staysQuiet(100)).toBe(true);
    c.requestUpdate(true); // now the whole screen: the held change arrives
    const rects = await c.readUpdate(1000);
    expect(rects.every((r) => r.y >= 16)).toBe(true);
  });

  it('shows typed keys: the framebuffer at the prompt changes and matches the console text', async () => {
    const { server, port } = await start();
    const c = await client(port);
    c.requestUpdate(false);
    await c.readUpdate();
    const before = Uint32Array.from(c.pixels);
    c.type('root\n');
    await until(() => server.screenText().endsWith('Password:'));
    c.requestUpdate(true);
    await c.readUpdate();
    let changed = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== c.pixels[i]) changed++;
    expect(changed).toBeGreaterThan(100);
    expect(server.screenText()).toContain('web-01 login: root\nPassword:');
  });

  it('gives every viewer the same console', async () => {
    const { server, port } = await start();
    const viewers = [await client(port), await client(port), await client(port)];
    await until(() => server.connections === 3);
    for (const v of viewers) {
      v.requestUpdate(false);
      await v.readUpdate();
      v.requestUpdate(true);
    }
    viewers[1]!.type('shared');
    for (const v of viewers) await v.readUpdate(1000);
    // Later updates may still be in flight; a fresh full frame is the same for everyone.
    for (const v of viewers) {
      v.requestUpdate(false);
      await v.readUpdate();
    }
    expect(Buffer.from(viewers[0]!.pixels.buffer).equals(Buffer.from(viewers[2]!.pixels.buffer))).toBe(true);
    expect(server.typedText()).toBe('shared');
  });
});

describe('BuiltinVncServer pixel formats', () => {
  async function frame(port: number, pf?: PixelFormat): Promise<RfbTestClient> {
    const c = await client(port);
    if (pf) c.setPixelFormat(pf);
    c.setEncodings([1, 0, -223]);
    c.requestUpdate(false);
    await c.readUpdate();
    return c;
  }

  it('serves noVNC’s RGB byte order exactly, and 16 / 8 bpp within their precision', async () => {
    const { port } = await start({ ...LINUX, flavour: 'windows', title: 'Windows Server 2019' });
    const native = await frame(port);
    const rgb = await frame(port, NOVNC_24);
    expect(Buffer.from(rgb.pixels.buffer).equals(Buffer.from(native.pixels.buffer))).toBe(true);
    const channelsClose = (a: number, b: number, tolerance: number) =>
      [16, 8, 0].every((s) => Math.abs(((a >> s) & 255) - ((b >> s) & 255)) <= tolerance);
    for (const [pf, tolerance] of [
      [RGB565, 8],
      [NOVNC_8, 43],
    ] as const) {
      const c = await frame(port, pf);
      let bad = 0;
      for (let i = 0; i < native.pixels.length; i++)
        if (!channelsClose(c.pixels[i]!, native.pixels[i]!, tolerance)) bad++;
      expect(bad).toBe(0);
      // And the screen is not trivially uniform: the lock screen's blue and white both survive.
      expect(new Set(c.pixels).size).toBeGreaterThan(1);
    }
  });

  it('closes a session that asks for a colour-map format it cannot serve', async () => {
    const { server, port } = await start();
    const c = await client(port);
    c.setPixelFormat({ ...NOVNC_8, trueColour: false });
    await c.closed;
    await until(() => server.connections === 0);
  });
});

describe('BuiltinVncServer console and key recording', () => {
  it('records every key event exactly, in order, across sessions', async () => {
    const { server, port } = await start();
    const a = await client(port);
    a.key(XK.Control_L, true);
    a.key('c'.charCodeAt(0), true);
    a.key('c'.charCodeAt(0), false);
    a.key(XK.Control_L, false);
    a.type('ab');
    await until(() => server.keyEvents().length === 8);
    const b = await client(port);
    b.key(0x1008ff13, true); // an XF86 media key: recorded even though the console ignores it
    b.press(XK.BackSpace);
    await until(() => server.keyEvents().length === 11);
    expect(server.keyEvents().map(({ keysym, down }) => [keysym, down])).toEqual([
      [XK.Control_L, true],
      [0x63, true],
      [0x63, false],
      [XK.Control_L, false],
      [0x61, true],
      [0x61, false],
      [0x62, true],
      [0x62, false],
      [0x1008ff13, true],
      [XK.BackSpace, true],
      [XK.BackSpace, false],
    ]);
    expect(server.keyEvents().every((k) => typeof k.at === 'number' && k.at > 0)).toBe(true);
    // Ctrl+C typed nothing but a line break; Backspace took the 'b' back.
    expect(server.typedText()).toBe('\na');
  });

  it('logs in, echoes, answers commands, and keeps typed text with backspace applied', async () => {
    const { server, port } = await start();
    const c = await client(port);
    c.type('rooot');
    c.press(XK.BackSpace);
    c.press(XK.BackSpace);
    c.type('t\nhunter2\necho hello world\nfrobnicate\n');
    await until(() => server.screenText().includes('frobnicate: command not found'));
    const text = server.screenText();
    expect(text).toContain('web-01 login: root\nPassword:');
    expect(text).not.toContain('hunter2'); // the password is not echoed
    expect(text).toContain('Welcome to Ubuntu 22.04 LTS');
    expect(text).toContain('root@web-01:~# echo hello world\nhello world');
    expect(text).toContain('-bash: frobnicate: command not found');
    expect(server.typedText()).toBe('root\nhunter2\necho hello world\nfrobnicate\n');
  });

  it('reacts to Ctrl+Alt+Del with a visible reboot, then boots back to the login prompt', async () => {
    const { server, port } = await start();
    const c = await client(port);
    c.requestUpdate(false);
    await c.readUpdate();
    c.type('admin');
    c.requestUpdate(true);
    c.chord([XK.Control_L, XK.Alt_L], XK.Delete);
    await until(() => server.screenText().includes('Ctrl-Alt-Del pressed: rebooting...'));
    await c.readUpdate(1000);
    await until(() => !server.screenText().includes('rebooting'), 2000);
    expect(server.screenText()).toMatch(/Ubuntu 22\.04 LTS web-01 tty1\n\nweb-01 login:$/);
    expect(server.screenText()).not.toContain('admin');
  });

  it('switches tty with Ctrl+Alt+F1..F6; each tty keeps its own screen', async () => {
    const { server, port } = await start();
    const c = await client(port);
    c.type('on-tty1');
    c.chord([XK.Control_L, XK.Alt_L], XK.F1 + 1);
    await until(() => server.screenText().includes('tty2'));
    expect(server.screenText()).toBe('Ubuntu 22.04 LTS web-01 tty2\n\nweb-01 login:');
    c.type('on-tty2');
    c.chord([XK.Alt_L], XK.F1 + 5); // Alt+F6 works too, as on a real VT
    await until(() => server.screenText().startsWith('Ubuntu 22.04 LTS web-01 tty6'));
    c.chord([XK.Control_L, XK.Alt_L], XK.F1);
    await until(() => server.screenText().includes('login: on-tty1'));
    expect(server.screenText()).not.toContain('on-tty2');
  });

  it('Windows flavour: the lock screen changes visibly after Ctrl+Alt+Del', async () => {
    const { server, port } = await start({ title: 'Windows Server 2022 Datacenter', flavour: 'windows' });
    const c = await client(port);
    c.requestUpdate(false);
    await c.readUpdate();
    expect(server.screenText()).toContain('Press Ctrl+Alt+Del to unlock.');
    const before = Uint32Array.from(c.pixels);
    c.type('ignored while locked');
    c.chord([XK.Control_L, XK.Alt_L], XK.Delete);
    c.requestUpdate(true);
    await c.readUpdate(1000);
    await until(() => server.screenText().includes('Password:'));
    c.type('P@ss\n');
    await until(() => server.screenText().includes('C:\\Users\\Administrator>'));
    c.requestUpdate(false);
    await c.readUpdate();
    let changed = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== c.pixels[i]) changed++;
    expect(changed).toBeGreaterThan(10_000); // blue lock screen replaced by a dark prompt
    expect(server.typedText()).toBe('P@ss\n');
  });
});
