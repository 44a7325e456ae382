import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  canonicalHost,
  parseAuthorization,
  serviceFromHost,
  signTc3,
  utcDate,
} from '../../../src-main/cloud/signer';
import type { SignInput } from '../../../src-main/cloud/signer';

// The official vectors, verbatim from shared/reference/tencent-cloud-api.md §1.
// String.raw keeps the \u escapes as literal backslash sequences: the body is 86 ASCII bytes.
const BODY = String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`;
const CT = 'application/json; charset=utf-8';
const HOST = 'cvm.tencentcloudapi.com';
const TS = 1551113065;

function official(overrides: Partial<SignInput> = {}): SignInput {
  return {
    method: 'POST',
    host: HOST,
    headers: { 'Content-Type': CT, Host: HOST },
    body: BODY,
    timestamp: TS,
    service: 'cvm',
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    ...overrides,
  };
}

describe('signTc3: official vectors', () => {
  it('hashes the 86-byte body as documented', () => {
    expect(Buffer.byteLength(BODY)).toBe(86);
    expect(createHash('sha256').update(BODY).digest('hex')).toBe(
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
  });

  it('A1: content-type;host with the EXAMPLE key', () => {
    const out = signTc3(official());
    expect(out.signedHeaders).toBe('content-type;host');
    expect(out.date).toBe('2019-02-25');
    expect(createHash('sha256').update(out.canonicalRequest).digest('hex')).toBe(
      '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(out.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });

  it('A2: the 7-asterisk key, full Authorization header byte for byte', () => {
    const out = signTc3(official({ secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******' }));
    expect(out.signature).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
    expect(out.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
    expect(out.credentialScope).toBe('2019-02-25/cvm/tc3_request');
    expect(out.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n' +
        '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
  });

  it('B: x-tc-action is signed with its value lower-cased', () => {
    const out = signTc3(
      official({
        secretKey: '*'.repeat(32),
        headers: { 'Content-Type': CT, Host: HOST, 'X-TC-Action': 'DescribeInstances' },
      }),
    );
    expect(out.signedHeaders).toBe('content-type;host;x-tc-action');
    expect(out.canonicalRequest).toContain('\nx-tc-action:describeinstances\n');
    expect(createHash('sha256').update(out.canonicalRequest).digest('hex')).toBe(
      '7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
    expect(out.signature).toBe('10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f');
  });

  const extra: Array<[string, string, string, number, string]> = [
    [
      HOST,
      'application/json',
      '{"InstanceId":"ins-r7ov05ke"}',
      1700000000,
      'a8ea506947ae95ac6d8bfd401bd6fb4dfc4be4b221a564045b38883f2802bd2f',
    ],
    [
      'cvm.ap-guangzhou.tencentcloudapi.com',
      CT,
      '{"InstanceId":"ins-r7ov05ke"}',
      1700000000,
      '5b3a6e44314a5524e0177ceb47a1641da77087ee3e369ac7bbf2133232fcf63e',
    ],
    [
      HOST,
      'application/json',
      '{}',
      1551113065,
      '62cc1203c112368345f8b9b9a19250a256ca9852dc3b62843e7e2be838551002',
    ],
  ];
  it.each(extra)('extra vector: %s, %s, %s, %i', (host, ct, body, ts, signature) => {
    const out = signTc3({
      method: 'POST',
      host,
      headers: { 'content-type': ct, host },
      body: new TextEncoder().encode(body),
      timestamp: ts,
      service: serviceFromHost(host),
      secretId: 'AKIDEXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    });
    expect(out.signature).toBe(signature);
  });
});

describe('signTc3: rules', () => {
  it('uses the UTC date, not the local one', () => {
    expect(utcDate(TS)).toBe('2019-02-25');
    expect(utcDate(86_399)).toBe('1970-01-01');
    expect(utcDate(86_400)).toBe('1970-01-02');
  });

  it('signs a string body and its UTF-8 bytes identically (CJK and emoji)', () => {
    const text = '{"Name":"未命名 🚀"}';
    const a = signTc3(official({ body: text }));
    const b = signTc3(official({ body: new TextEncoder().encode(text) }));
    expect(a.signature).toBe(b.signature);
    expect(a.signature).not.toBe(signTc3(official()).signature);
  });

  it('sorts header names and trims/lower-cases names and values', () => {
    const out = signTc3(
      official({
        headers: { ' X-TC-Region ': ' AP-Guangzhou ', HOST: ' CVM.TencentCloudAPI.com ', 'content-type': CT },
      }),
    );
    expect(out.signedHeaders).toBe('content-type;host;x-tc-region');
    expect(out.canonicalRequest).toContain(`content-type:${CT}\nhost:${HOST}\nx-tc-region:ap-guangzhou\n\n`);
  });

  it('signs the host without its port, as the SDK does, so a Host header with a port verifies', () => {
    const withPort = signTc3(
      official({
        host: 'cvm.tencentcloudapi.com:8443',
        headers: { 'content-type': CT, host: HOST + ':8443' },
      }),
    );
    expect(withPort.signature).toBe(signTc3(official()).signature);
    expect(canonicalHost('127.0.0.1:54321')).toBe('127.0.0.1');
    expect(canonicalHost('[::1]:80')).toBe('[::1]');
    expect(canonicalHost('::1')).toBe('::1');
  });

  it('refuses to sign without content-type or host, with a mismatched host, or twice-given headers', () => {
    expect(() => signTc3(official({ headers: { Host: HOST } }))).toThrow(/content-type/);
    expect(() => signTc3(official({ headers: { 'Content-Type': CT } }))).toThrow(/host/);
    expect(() => signTc3(official({ host: 'cvm.evil.com' }))).toThrow(/host header differs/);
    expect(() =>
      signTc3(official({ headers: { 'Content-Type': CT, 'content-type': CT, Host: HOST } })),
    ).toThrow(/twice/);
    expect(() => signTc3(official({ timestamp: 1.5 }))).toThrow(/timestamp/);
  });

  it('never puts the SecretKey into any output', () => {
    const secretKey = 'SECRET-KEY-THAT-MUST-NOT-LEAK-123';
    const out = signTc3(official({ secretKey }));
    expect(JSON.stringify(out)).not.toContain(secretKey);
  });
});

describe('serviceFromHost', () => {
  it('takes the first label', () => {
    expect(serviceFromHost('cvm.tencentcloudapi.com')).toBe('cvm');
    expect(serviceFromHost('cvm.ap-seoul.tencentcloudapi.com')).toBe('cvm');
    expect(serviceFromHost('Region.intl.tencentcloudapi.com')).toBe('region');
  });
});

describe('parseAuthorization', () => {
  it('round-trips what signTc3 produces', () => {
    const out = signTc3(
      official({ headers: { 'Content-Type': CT, Host: HOST, 'X-TC-Action': 'DescribeInstances' } }),
    );
    expect(parseAuthorization(out.authorization)).toEqual({
      algorithm: 'TC3-HMAC-SHA256',
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
      date: '2019-02-25',
      service: 'cvm',
      signedHeaders: ['content-type', 'host', 'x-tc-action'],
      signature: out.signature,
    });
  });

  it.each([
    '',
    'Bearer abc',
    'TC3-HMAC-SHA1 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=' +
      'a'.repeat(64),
    'TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=xyz',
    'TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/other, SignedHeaders=content-type;host, Signature=' +
      'a'.repeat(64),
    'TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;;host, Signature=' +
      'a'.repeat(64),
  ])('rejects malformed header %#', (header) => {
    expect(parseAuthorization(header)).toBeNull();
  });
});
