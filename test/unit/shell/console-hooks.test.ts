// The console's network hooks in main, driven with a fake Electron session.
import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { installConsoleOriginRewrite } from '../../../src-main/shell/console-origin';
import { installConsoleLinkLogging } from '../../../src-main/shell/console-link-log';
import type { AppLogger } from '../../../src-main/logging';

type Listener = (details: Record<string, unknown>, callback?: (r: unknown) => void) => void;

function fakeSession() {
  const hooks: Record<string, { filter: { urls: string[] }; listener: Listener }> = {};
  const register = (name: string) => (filter: { urls: string[] }, listener: Listener) =>
    (hooks[name] = { filter, listener });
  const session = {
    webRequest: {
      onBeforeSendHeaders: register('beforeSendHeaders'),
      onCompleted: register('completed'),
      onErrorOccurred: register('error'),
    },
  } as unknown as Session;
  return { session, hooks };
}

function send(hook: { listener: Listener }, details: Record<string, unknown>): unknown {
  let answer: unknown;
  hook.listener(details, (r) => (answer = r));
  return answer;
}

describe('installConsoleOriginRewrite', () => {
  it('presents img.qcloud.com to qcloud gateways while the setting is on, and nothing else', () => {
    const { session, hooks } = fakeSession();
    let enabled = true;
    installConsoleOriginRewrite(session, () => enabled);
    const hook = hooks['beforeSendHeaders']!;
    expect(hook.filter.urls).toContain('wss://*.qcloud.com/*');
    const details = {
      url: 'wss://gzvnc.qcloud.com:26789/vnc?s=abc',
      resourceType: 'webSocket',
      requestHeaders: { Origin: 'app://cvm-console', 'User-Agent': 'x' },
    };
    expect(send(hook, details)).toEqual({
      requestHeaders: { Origin: 'https://img.qcloud.com', 'User-Agent': 'x' },
    });
    enabled = false;
    expect(send(hook, details)).toEqual({
      requestHeaders: { Origin: 'app://cvm-console', 'User-Agent': 'x' },
    });
    enabled = true;
    expect(send(hook, { ...details, url: 'wss://qcloud.com.evil.example/vnc' })).toEqual({
      requestHeaders: { Origin: 'app://cvm-console', 'User-Agent': 'x' },
    });
  });
});

describe('installConsoleLinkLogging', () => {
  it('logs refused and failed console handshakes, redacted, and ignores successful ones', () => {
    const { session, hooks } = fakeSession();
    const records: unknown[] = [];
    installConsoleLinkLogging(session, {
      warn: (r: unknown) => void records.push(r),
    } as unknown as AppLogger);
    send(hooks['completed']!, {
      url: 'ws://127.0.0.1:5/vnc?s=TOKEN123&password=pw',
      resourceType: 'webSocket',
      statusCode: 429,
    });
    send(hooks['completed']!, {
      url: 'ws://127.0.0.1:5/vnc?s=TOKEN456',
      resourceType: 'webSocket',
      statusCode: 101,
    });
    send(hooks['error']!, {
      url: 'wss://gzvnc.qcloud.com/vnc?s=TOKEN789',
      resourceType: 'webSocket',
      error: 'net::ERR_TIMED_OUT',
    });
    expect(records).toHaveLength(2);
    expect(records).toMatchObject([{ status: 429 }, { error: 'net::ERR_TIMED_OUT' }]);
    expect(JSON.stringify(records)).not.toMatch(/TOKEN|pw/);
  });
});
