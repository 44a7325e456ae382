import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, handshakeLogRecord } from '../../../src-main/logging';

const TOKEN = 'aHpjWnRVMFNh+YmxKdDM5/MjRHNlVT=';

function memoryLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger(sink), lines };
}

describe('handshakeLogRecord', () => {
  it('records a refused console handshake without the token or the password', () => {
    const record = handshakeLogRecord({
      url: `wss://gzvnc.qcloud.com:26789/vnc?s=${TOKEN}&password=hunter2&isWindows=false`,
      resourceType: 'webSocket',
      statusCode: 403,
    });
    expect(record).toMatchObject({ event: 'console-handshake-failed', status: 403 });
    expect(JSON.stringify(record)).not.toContain(TOKEN);
    expect(JSON.stringify(record)).not.toContain('hunter2');
    expect(String(record!['url'])).toContain('gzvnc.qcloud.com');
  });

  it('records a network error, and nothing for a successful upgrade or another request', () => {
    expect(
      handshakeLogRecord({
        url: `ws://127.0.0.1:9/vnc?s=${TOKEN}`,
        resourceType: 'webSocket',
        error: 'net::ERR_CONNECTION_REFUSED',
      }),
    ).toMatchObject({ error: 'net::ERR_CONNECTION_REFUSED' });
    expect(
      handshakeLogRecord({ url: 'wss://a.qcloud.com/vnc?s=x', resourceType: 'webSocket', statusCode: 101 }),
    ).toBeNull();
    expect(
      handshakeLogRecord({ url: 'https://a.qcloud.com/', resourceType: 'xhr', statusCode: 500 }),
    ).toBeNull();
  });
});

describe('createLogger', () => {
  it('writes JSON lines and censors secret-named fields whatever the caller passes', () => {
    const { log, lines } = memoryLogger();
    log.info({ event: 'x', secretKey: 'SK-SECRET', nested: { token: 'STS-TOKEN', password: 'pw' } });
    log.flush();
    const text = lines.join('');
    expect(JSON.parse(text)).toMatchObject({
      event: 'x',
      secretKey: '[redacted]',
      nested: { token: '[redacted]' },
    });
    expect(text).not.toContain('SK-SECRET');
    expect(text).not.toContain('STS-TOKEN');
  });
});
