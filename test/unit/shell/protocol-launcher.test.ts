// Links and --connect reaching the running app, with fake `app` objects: macOS open-url, a second
// launch's command line through the single-instance lock, and links that arrive before the app is
// ready (queued, then handed over in order).
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { App, BrowserWindow } from 'electron';
import { MAX_QUEUED_LINKS, ProtocolLauncher } from '../../../src-main/shell/protocol-launcher';
import { claimSingleInstance, secondLaunchArgs } from '../../../src-main/shell/single-instance';
import type { LinkResult } from '../../../src-main/desktop/connect-link';

const LINK = 'cvm-console://connect?instance=ins-abcdefgh&region=ap-guangzhou';
const OK: LinkResult = { ok: true, link: { instanceId: 'ins-abcdefgh', region: 'ap-guangzhou' } };

/**
 * Two fake `app` objects sharing one single-instance lock, as two launches of the app would:
 * the first takes the lock; the second gets false, and Electron hands its argv (here reordered
 * and padded as Chromium may do) and additionalData to the first as `second-instance`.
 */
function lockPair() {
  let holder: (EventEmitter & { quit: () => void }) | undefined;
  const make = () => {
    const app = Object.assign(new EventEmitter(), {
      quit: vi.fn(),
      requestSingleInstanceLock(additionalData?: Record<string, unknown>) {
        if (!holder) {
          holder = app;
          return true;
        }
        const argv = (additionalData?.['argv'] as string[]) ?? [];
        // Chromium-style: switches first, then the rest, plus one of its own.
        const forwarded = [
          ...argv.filter((a) => a.startsWith('--')),
          '--original-process-start-time=1',
          ...argv.filter((a) => !a.startsWith('--')),
        ];
        holder.emit('second-instance', {}, forwarded, '/home/user', additionalData);
        return false;
      },
    });
    return app;
  };
  return { first: make(), second: make() };
}

function fakeWindow() {
  return {
    isMinimized: vi.fn(() => true),
    restore: vi.fn(),
    isVisible: vi.fn(() => false),
    show: vi.fn(),
    focus: vi.fn(),
  };
}

describe('ProtocolLauncher', () => {
  it('queues links that arrive before the app is ready, then hands them over in order', () => {
    const app = new EventEmitter();
    const launcher = new ProtocolLauncher(app as unknown as App);
    const preventDefault = vi.fn();
    app.emit('open-url', { preventDefault }, LINK);
    launcher.handleCommandLine(['/opt/cvm-console', '--connect', 'ins-bbbbbbbb']);
    app.emit('open-url', { preventDefault }, 'cvm-console://connect?instance=ins-1122');
    expect(preventDefault).toHaveBeenCalledTimes(2);
    const handler = vi.fn();
    launcher.ready(handler);
    expect(handler.mock.calls.map(([r]) => r)).toEqual([
      OK,
      { ok: true, link: { instanceId: 'ins-bbbbbbbb' } },
      { ok: false, error: expect.objectContaining({ code: 'BadInstanceId' }) },
    ]);
    app.emit('open-url', { preventDefault }, LINK);
    expect(handler).toHaveBeenCalledTimes(4);
  });

  it('ignores a command line that asks for nothing', () => {
    const launcher = new ProtocolLauncher(new EventEmitter() as unknown as App);
    launcher.handleCommandLine(['/opt/cvm-console', '--enable-logging']);
    const handler = vi.fn();
    launcher.ready(handler);
    expect(handler).not.toHaveBeenCalled();
  });

  it('keeps a bounded queue and reports the links it dropped once', () => {
    const app = new EventEmitter();
    const launcher = new ProtocolLauncher(app as unknown as App);
    for (let i = 0; i < MAX_QUEUED_LINKS + 5; i++) app.emit('open-url', { preventDefault() {} }, LINK);
    const handler = vi.fn();
    launcher.ready(handler);
    expect(handler).toHaveBeenCalledTimes(MAX_QUEUED_LINKS + 1);
    expect(handler.mock.calls.at(-1)![0]).toMatchObject({ ok: false, error: { code: 'TooManyLinks' } });
  });
});

describe('a second launch with a link', () => {
  function firstInstance() {
    const { first, second } = lockPair();
    const win = fakeWindow();
    const launcher = new ProtocolLauncher(first as unknown as App);
    const handler = vi.fn();
    const claimed = claimSingleInstance(first as unknown as App, {
      focus: () => win as unknown as BrowserWindow,
      onCommandLine: (argv) => launcher.handleCommandLine(argv),
      argv: ['/opt/cvm-console'],
    });
    launcher.ready(handler);
    return { first, second, win, handler, claimed };
  }

  it("reaches the first instance's handler, brings its window back, and the second quits", () => {
    const { second, win, handler, claimed } = firstInstance();
    expect(claimed).toBe(true);
    const secondClaimed = claimSingleInstance(second as unknown as App, {
      focus: () => undefined,
      argv: ['/opt/cvm-console', LINK],
    });
    expect(secondClaimed).toBe(false);
    expect(second.quit).toHaveBeenCalled();
    expect(handler).toHaveBeenCalledWith(OK);
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('keeps --connect and its value together although the forwarded argv was reordered', () => {
    const { second, handler } = firstInstance();
    claimSingleInstance(second as unknown as App, {
      focus: () => undefined,
      argv: ['/opt/cvm-console', '--connect', 'ins-abcdefgh', '--region', 'ap-guangzhou'],
    });
    expect(handler).toHaveBeenCalledWith(OK);
  });
});

describe('secondLaunchArgs', () => {
  it("prefers the second launch's own argv, and checks its shape", () => {
    expect(secondLaunchArgs({ argv: ['a', 'b'] }, ['x'])).toEqual(['a', 'b']);
    for (const bad of [
      null,
      'argv',
      { argv: 'a' },
      { argv: [1] },
      { argv: Array(300).fill('a') },
      { argv: ['a'.repeat(9000)] },
    ]) {
      expect(secondLaunchArgs(bad, ['x', 'y'])).toEqual(['x', 'y']);
    }
    expect(secondLaunchArgs(undefined, Array(400).fill('z'))).toHaveLength(256);
  });
});
