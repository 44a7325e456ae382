// The secret store over an in-memory keyring: keychain and memory-only storage, long tokens split
// for Windows' size limit, and a typed, actionable error for every way a keychain can fail.
import { describe, expect, it } from 'vitest';
import { KeychainError } from '../../../src-main/vault/errors';
import { CHUNK_CHARS, SecretStore } from '../../../src-main/vault/secret-store';
import { memoryKeyring } from '../../support/memory-keyring';
import { rejectionOf } from '../../support/rejection';

const secret = { secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' };
const longToken = 'T'.repeat(2600);

function storeOver(keyring = memoryKeyring(), platform: NodeJS.Platform = 'linux', timeoutMs = 5_000) {
  return { keyring, store: new SecretStore({ keyring: keyring.load, platform, timeoutMs }) };
}

const keychainError = (p: Promise<unknown>) => rejectionOf(p, KeychainError);

describe('SecretStore', () => {
  it('keeps a key in the keychain under service cvm-console, account = profile id', async () => {
    const { keyring, store } = storeOver();
    await store.save('key-1', secret, 'keychain');
    expect([...keyring.entries.keys()]).toEqual(['cvm-console/key-1']);
    expect(await store.load('key-1', 'keychain')).toEqual(secret);
    await store.delete('key-1', 'keychain');
    expect(keyring.entries.size).toBe(0);
    expect(await store.load('key-1', 'keychain')).toBeUndefined();
  });

  it('splits a long STS token over several entries, each within Windows’ 1280-character limit', async () => {
    const { keyring, store } = storeOver(memoryKeyring({ maxLength: 1280 }), 'win32');
    await store.save('key-1', { ...secret, token: longToken }, 'keychain');
    expect(keyring.entries.size).toBe(Math.ceil((longToken.length + 60) / CHUNK_CHARS));
    for (const value of keyring.entries.values()) expect(value.length).toBeLessThanOrEqual(1280);
    expect(await store.load('key-1', 'keychain')).toEqual({ ...secret, token: longToken });

    // A shorter replacement leaves no stale parts behind; delete removes every part.
    await store.save('key-1', secret, 'keychain');
    expect([...keyring.entries.keys()]).toEqual(['cvm-console/key-1']);
    await store.save('key-1', { ...secret, token: longToken }, 'keychain');
    await store.delete('key-1', 'keychain');
    expect(keyring.entries.size).toBe(0);
  });

  it('treats a damaged or incomplete entry as missing', async () => {
    const { keyring, store } = storeOver();
    await store.save('key-1', { ...secret, token: longToken }, 'keychain');
    keyring.entries.delete('cvm-console/key-1~2');
    expect(await store.load('key-1', 'keychain')).toBeUndefined();
    keyring.entries.set('cvm-console/key-2', 'plain text someone put there');
    expect(await store.load('key-2', 'keychain')).toBeUndefined();
  });

  it('keeps a memory-only key without touching the keychain, until the process ends', async () => {
    const { keyring, store } = storeOver();
    keyring.fail('all', new Error('no Secret Service on the bus'));
    await store.save('key-1', secret, 'memory');
    expect(store.holdsInMemory('key-1')).toBe(true);
    expect(await store.load('key-1', 'memory')).toEqual(secret);
    await store.delete('key-1', 'memory');
    expect(store.holdsInMemory('key-1')).toBe(false);
    expect(keyring.calls).toEqual([]);
    // A new process (a new store) has nothing.
    expect(await storeOver(keyring).store.load('key-1', 'memory')).toBeUndefined();
  });

  it('says plainly when there is no keychain, with how to fix it and the memory option', async () => {
    const { keyring, store } = storeOver();
    keyring.failCreate(
      new Error('Platform failure: DBus error: Failed to connect to socket /run/user/1/bus'),
    );
    const err = await keychainError(store.save('key-1', secret, 'keychain'));
    expect(err.code).toBe('KeychainUnavailable');
    expect(err.kind).toBe('internal');
    expect(err.canKeepInMemory).toBe(true);
    expect(err.message).toContain('Secret Service');
    expect(err.message).toContain('Failed to connect');
    expect(err.message).toContain('gnome-keyring');
    expect(err.message).toContain('keep this key in memory only');
    expect(err.message).not.toContain(secret.secretKey);
  });

  it('tells a locked or denied keychain apart', async () => {
    const { keyring, store } = storeOver(memoryKeyring(), 'darwin');
    keyring.fail(
      'setPassword',
      new Error("Couldn't access platform secure storage: User canceled the operation"),
    );
    const err = await keychainError(store.save('key-1', secret, 'keychain'));
    expect(err.code).toBe('KeychainLocked');
    expect(err.message).toContain('macOS Keychain is locked or refused access');
    expect(err.fix).toEqual({ key: 'keychain.fix.mac' });
    // The window words it from keys: the problem (with the store's name) and this OS's fix.
    expect(err).toMatchObject({
      messageKey: 'keychain.error.refusedOrMemory',
      messageParams: {
        problem: { key: 'keychain.problem.locked', params: { backend: 'macOS Keychain' } },
        fix: { key: 'keychain.fix.mac' },
      },
      detail: "Couldn't access platform secure storage: User canceled the operation",
    });
    expect(err.message).toContain('Keychain Access');
  });

  it('gives up on a keychain that never answers (an unlock prompt nobody sees)', async () => {
    const { keyring, store } = storeOver(memoryKeyring(), 'win32', 50);
    keyring.fail('getPassword', 'hang');
    const err = await keychainError(store.load('key-1', 'keychain'));
    expect(err.code).toBe('KeychainTimeout');
    expect(err.message).toContain('Windows Credential Manager did not answer');
  });

  it('reports the keychain status from one probe that leaves nothing behind', async () => {
    const { keyring, store } = storeOver();
    expect(await store.status()).toEqual({
      available: true,
      backend: expect.stringContaining('Secret Service'),
    });
    expect(keyring.entries.size).toBe(0);
    keyring.fail('all', new Error('locked'));
    expect((await store.status()).available).toBe(true); // cached
    expect((await store.recheck()).available).toBe(false);
  });
});
