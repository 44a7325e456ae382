// The console's network hooks in main, driven with a fake Electron session.
import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { installConsoleOriginRewrite } from '../../../src-main/shell/console-origin';
import { installConsoleLinkLogging } from '../../../src-main/shell/console-link-log';
import type { AppLogger } from '../../../src-main/logging';
import {
  HandshakeRefusals,
  MAX_REMEMBERED,
  REMEMBER_MS,
  type HandshakeRefusal,
} from '../../../src-main/console/handshake-refusals';

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

describe('refused handshakes reach the console of their instance', () => {
  const ref = { profileId: 'work', region: 'ap-seoul', instanceId: 'ins-web00001' };

  it('a refusal of a URL main issued is told once, with its status; others are not', () => {
    const { session, hooks } = fakeSession();
    let now = 1_000;
    const told: HandshakeRefusal[] = [];
    const refusals = new HandshakeRefusals(
      (r) => void told.push(r),
      () => now,
    );
    installConsoleLinkLogging(session, { warn: () => {} }, (url, status) => refusals.completed(url, status));
    refusals.remember('ws://127.0.0.1:5/vnc?s=TOKEN1', ref);
    refusals.remember('ws://127.0.0.1:5/vnc?s=TOKEN2', ref);
    refusals.remember('ws://127.0.0.1:5/vnc?s=TOKEN3', ref);
    const completed = (url: string, statusCode?: number, resourceType = 'webSocket') =>
      send(hooks['completed']!, { url, resourceType, ...(statusCode ? { statusCode } : {}) });
    completed('ws://127.0.0.1:5/vnc?s=TOKEN1', 503);
    completed('ws://127.0.0.1:5/vnc?s=TOKEN1', 503); // told once
    completed('ws://127.0.0.1:5/vnc?s=TOKEN2', 101); // accepted: nothing to tell
    completed('ws://127.0.0.1:5/vnc?s=OTHER', 503); // not ours
    completed('ws://127.0.0.1:5/vnc?s=TOKEN3', 503, 'xhr'); // not a WebSocket
    expect(told).toEqual([{ ref, status: 503 }]);
    // A URL is remembered for a minute at most.
    now += REMEMBER_MS + 1;
    completed('ws://127.0.0.1:5/vnc?s=TOKEN3', 429);
    expect(told).toHaveLength(1);
  });

  it('stays bounded however many URLs are issued', () => {
    const told: HandshakeRefusal[] = [];
    const refusals = new HandshakeRefusals(
      (r) => void told.push(r),
      () => 5,
    );
    for (let i = 0; i < MAX_REMEMBERED + 10; i++) refusals.remember(`ws://127.0.0.1:5/vnc?s=T${i}`, ref);
    refusals.completed('ws://127.0.0.1:5/vnc?s=T0', 503); // the oldest was dropped
    refusals.completed(`ws://127.0.0.1:5/vnc?s=T${MAX_REMEMBERED + 9}`, 503);
    refusals.completed('not a url', 503);
    refusals.remember('not a url', ref);
    expect(told).toEqual([{ ref, status: 503 }]);
  });
});
