import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve, dirname } from 'node:path';

// noVNC ships its own VNC-flavoured DES (bit mirroring built into the key schedule). Using it as the
// reference gives an implementation that shares no code with ours.
const desPath = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../node_modules/@novnc/novnc/core/crypto/des.js',
);

interface NovncDesModule {
  DESECBCipher: {
    importKey(key: number[] | Uint8Array): { encrypt(alg: unknown, data: Uint8Array): Uint8Array };
  };
}

export async function novncVncAuthResponse(password: string, challenge: Uint8Array): Promise<Uint8Array> {
  const mod = (await import(/* @vite-ignore */ pathToFileURL(desPath).href)) as NovncDesModule;
  const key = Array.from({ length: 8 }, (_, i) => (i < password.length ? password.charCodeAt(i) & 0xff : 0));
  return mod.DESECBCipher.importKey(key).encrypt({ name: 'DES-ECB' }, challenge);
}
