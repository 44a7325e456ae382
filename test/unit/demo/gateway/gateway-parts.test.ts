import { describe, it, expect } from 'vitest';
import { PassThrough } from 'node:stream';
import { tokenFromUrl, rejectUpgrade } from '../../../../src-main/demo/gateway/http';
import { TokenBook, hashToken } from '../../../../src-main/demo/gateway/tokens';
import { duplexPair } from '../../../../src-main/demo/gateway/duplex-pair';

describe('tokenFromUrl', () => {
  it('decodes percent-escapes once and never turns + into a space', () => {
    expect(tokenFromUrl('/vnc?s=ab+c/d=&password=&isWindows=false')).toEqual({
      path: '/vnc',
      token: 'ab+c/d=',
    });
    expect(tokenFromUrl('/vnc?isUbuntu=true&s=ab%2Bc%2Fd%3D')).toEqual({ path: '/vnc', token: 'ab+c/d=' });
    expect(tokenFromUrl('/vnc?password=s=x')).toEqual({ path: '/vnc', token: undefined });
    expect(tokenFromUrl('/vnc?s=%E0%A4%A')).toEqual({ path: '/vnc', token: undefined });
    expect(tokenFromUrl('/other')).toEqual({ path: '/other', token: undefined });
  });
});

describe('TokenBook', () => {
  it('spends a token on first use and logs only its hash', () => {
    const book = new TokenBook(15_000);
    const token = book.mint('ins-aaaaaaaa', 1000);
    expect(book.redeem(token, 2000)).toMatchObject({ ok: true });
    expect(book.redeem(token, 3000)).toEqual({ ok: false, outcome: 'reused' });
    expect(book.redeem(undefined, 3000)).toEqual({ ok: false, outcome: 'unknown' });
    const log = book.log();
    expect(log[0]).toEqual({
      tokenHash: hashToken(token),
      instanceId: 'ins-aaaaaaaa',
      issuedAt: 1000,
      usedAt: 2000,
    });
    expect(JSON.stringify(log)).not.toContain(token);
  });

  it('bounds its log for a long-running demo', () => {
    const book = new TokenBook(15_000);
    for (let i = 0; i < 10_050; i++) book.mint('ins-aaaaaaaa', i);
    expect(book.log().length).toBeLessThanOrEqual(10_000);
    const fresh = book.mint('ins-aaaaaaaa', 20_000);
    expect(book.redeem(fresh, 20_001).ok).toBe(true);
  });
});

describe('gateway plumbing', () => {
  it('duplexPair carries bytes both ways and a close to the other side', async () => {
    const [a, b] = duplexPair();
    const got: string[] = [];
    b.on('data', (d: Buffer) => got.push(d.toString()));
    a.write('hello');
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['hello']);
    const bClosed = new Promise<void>((r) => b.once('close', () => r()));
    a.destroy();
    await bClosed;
    expect(b.destroyed).toBe(true);
  });

  it('rejectUpgrade writes a plain HTTP error response and closes', async () => {
    const socket = new PassThrough();
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    const ended = new Promise<void>((r) => socket.once('end', () => r()));
    rejectUpgrade(socket, 429, 'Too many', { 'Retry-After': '12' });
    await ended;
    const text = Buffer.concat(chunks).toString();
    expect(text).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n/);
    expect(text).toContain('Retry-After: 12\r\n');
    expect(text).toContain('Connection: close\r\n');
    expect(text.endsWith('\r\n\r\nToo many\n')).toBe(true);
    socket.destroy();
  });
});
