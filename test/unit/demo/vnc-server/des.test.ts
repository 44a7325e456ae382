import { describe, it, expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { desEncryptBlock, vncAuthResponse } from '../../../../src-main/demo/vnc-server/des';
import { novncVncAuthResponse } from './novnc-des';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DES', () => {
  it('matches the classic FIPS worked example', () => {
    const key = Buffer.from('133457799bbcdff1', 'hex');
    const plain = Buffer.from('0123456789abcdef', 'hex');
    expect(hex(desEncryptBlock(key, plain))).toBe('85e813540f0ab405');
  });

  it('matches the NBS validation vector with an all-zero-parity key', () => {
    // FIPS 81 / NBS SP 500-20 style vector: key 0101..01, plaintext 95F8A5E5DD31D900 -> 8000000000000000.
    const key = Buffer.from('0101010101010101', 'hex');
    expect(hex(desEncryptBlock(key, Buffer.from('95f8a5e5dd31d900', 'hex')))).toBe('8000000000000000');
  });

  it('rejects wrong block sizes', () => {
    expect(() => desEncryptBlock(new Uint8Array(7), new Uint8Array(8))).toThrow(RangeError);
  });
});

describe('vncAuthResponse', () => {
  it('agrees with noVNC’s independent VNC-DES on random passwords and challenges', async () => {
    for (let i = 0; i < 40; i++) {
      const password = randomBytes(1 + (i % 11))
        .toString('base64')
        .slice(0, 1 + (i % 11));
      const challenge = randomBytes(16);
      expect(hex(vncAuthResponse(password, challenge))).toBe(
        hex(await novncVncAuthResponse(password, challenge)),
      );
    }
  });

  it('uses only the first 8 password characters, as VNC does', () => {
    const challenge = randomBytes(16);
    expect(hex(vncAuthResponse('abcdefgh-ignored', challenge))).toBe(
      hex(vncAuthResponse('abcdefgh', challenge)),
    );
    expect(hex(vncAuthResponse('abcdefg', challenge))).not.toBe(hex(vncAuthResponse('abcdefgh', challenge)));
  });
});
