import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { serviceFromHost, signTc3 } from '../../../src-main/cloud/signer';
import { sdkAuthorization } from './helpers/sdk-signer';

const REGIONS = [
  'ap-guangzhou',
  'ap-shanghai',
  'ap-seoul',
  'na-siliconvalley',
  'eu-frankfurt',
  'ap-shanghai-fsi',
];
const ACTIONS = [
  'DescribeInstances',
  'DescribeInstanceVncUrl',
  'StartInstances',
  'StopInstances',
  'DescribeRegions',
];

// Printable ASCII without whitespace: what real SecretIds/SecretKeys are made of.
const keyChar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
const secret = (min: number, max: number) => fc.string({ unit: keyChar, minLength: min, maxLength: max });

const host = fc.oneof(
  fc.constant('cvm.tencentcloudapi.com'),
  fc.constant('cvm.intl.tencentcloudapi.com'),
  fc.constant('region.tencentcloudapi.com'),
  fc.constantFrom(...REGIONS).map((r) => `cvm.${r}.tencentcloudapi.com`),
  // A local endpoint with a port: the SDK signs URL.hostname, so must we.
  fc.integer({ min: 1024, max: 65_535 }).map((port) => `127.0.0.1:${port}`),
);

// Bodies as the client builds them (JSON with CJK, emoji and any Unicode), plus raw text.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('未命名', '服务器-生产', '🚀🔥', 'ключ', 'e\u0301', '\u0000\u001f', '"\\'),
);
const body = fc.oneof(
  fc
    .record({
      action: fc.constantFrom(...ACTIONS),
      name: text,
      tags: fc.array(fc.tuple(text, text), { maxLength: 4 }),
      limit: fc.integer({ min: 1, max: 100 }),
    })
    .map((o) =>
      JSON.stringify({
        Limit: o.limit,
        Filters: [{ Name: 'instance-name', Values: [o.name] }],
        Tags: o.tags.map(([Key, Value]) => ({ Key, Value })),
      }),
    ),
  text,
  fc.constant(''),
);

// Timestamps within 10 minutes of a UTC midnight between 2001 and 2099: the date must be UTC's.
const timestamp = fc
  .tuple(fc.integer({ min: 11_323, max: 47_482 }), fc.integer({ min: -600, max: 600 }))
  .map(([day, offset]) => day * 86_400 + offset);

describe('signTc3 agrees with the official SDK signer', () => {
  it('on random keys, hosts, UTF-8 bodies and timestamps around UTC midnight', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        secret(1, 40),
        secret(1, 64),
        host,
        fc.constantFrom('application/json', 'application/json; charset=utf-8'),
        body,
        timestamp,
        fc.boolean(),
        (secretId, secretKey, h, contentType, b, ts, asBytes) => {
          runs += 1;
          const bytes = Buffer.from(b, 'utf8');
          const ours = signTc3({
            method: 'POST',
            host: h,
            headers: { 'Content-Type': contentType, Host: h },
            body: asBytes ? new Uint8Array(bytes) : b,
            timestamp: ts,
            service: serviceFromHost(h),
            secretId,
            secretKey,
          });
          const theirs = sdkAuthorization({
            url: `http://${h}/`,
            contentType,
            body: bytes,
            timestamp: ts,
            service: serviceFromHost(h),
            secretId,
            secretKey,
          });
          expect(ours.authorization).toBe(theirs);
        },
      ),
      { numRuns: 300 },
    );
    expect(runs).toBeGreaterThanOrEqual(300);
  });

  it('detects a difference: a one-byte change in the body changes the signature', () => {
    fc.assert(
      fc.property(secret(1, 40), body, timestamp, (secretKey, b, ts) => {
        const sign = (payload: string) =>
          signTc3({
            method: 'POST',
            host: 'cvm.tencentcloudapi.com',
            headers: { 'content-type': 'application/json', host: 'cvm.tencentcloudapi.com' },
            body: payload,
            timestamp: ts,
            service: 'cvm',
            secretId: 'AKIDEXAMPLE',
            secretKey,
          }).signature;
        expect(sign(`${b} `)).not.toBe(sign(b));
      }),
      { numRuns: 50 },
    );
  });
});
