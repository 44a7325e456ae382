import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backendName,
  napiKeyringFactory,
  probeKeychain,
  type KeyringEntryFactory,
} from '../../../src-main/vault/keychain-probe';
import { memoryKeyring } from '../../support/memory-keyring';
import { startSecretService, type SecretService } from '../../support/secret-service';

describe('probeKeychain with fake keyrings', () => {
  it('reports available when a secret round-trips, and leaves nothing behind', async () => {
    const keyring = memoryKeyring();
    const status = await probeKeychain(keyring.load, 'linux');
    expect(status).toEqual({ available: true, backend: backendName('linux') });
    expect(keyring.calls).toHaveLength(3);
    expect(keyring.entries.size).toBe(0);
  });

  it('reports unavailable with an actionable detail when writing fails', async () => {
    const keyring = memoryKeyring();
    keyring.fail('setPassword', new Error('no Secret Service on the bus'));
    const status = await probeKeychain(keyring.load, 'linux');
    expect(status.available).toBe(false);
    expect(status.detail).toContain('no Secret Service on the bus');
    expect(status.detail).toContain('gnome-keyring');
  });

  it('reports unavailable when the keychain returns something else', async () => {
    const liar: KeyringEntryFactory = () => ({
      setPassword: async () => {},
      getPassword: async () => 'other',
      deletePassword: async () => true,
    });
    const status = await probeKeychain(async () => liar, 'darwin');
    expect(status).toMatchObject({ available: false, backend: 'macOS Keychain', fixKey: 'keychain.fix.mac' });
  });

  it('gives up on a keychain that never answers', async () => {
    const hang: KeyringEntryFactory = () => ({
      setPassword: () => new Promise(() => {}),
      getPassword: async () => null,
      deletePassword: async () => true,
    });
    const status = await probeKeychain(async () => hang, 'win32', 50);
    expect(status).toMatchObject({ available: false, backend: 'Windows Credential Manager' });
    expect(status.detail).toContain('no answer');
    expect(status.detail).toContain('Windows Credential Manager works for your account');
    expect(status.fixKey).toBe('keychain.fix.windows');
  });
});

describe('probeKeychain against a real Secret Service (gnome-keyring)', () => {
  let service: SecretService;
  beforeAll(async () => {
    service = await startSecretService();
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('finds the keychain reachable through @napi-rs/keyring pinned to the Secret Service', async () => {
    const status = await probeKeychain(() => napiKeyringFactory('linux'), 'linux');
    expect(status).toEqual({ available: true, backend: backendName('linux') });
  });
});

describe('probeKeychain with no Secret Service on the bus', () => {
  it('says so plainly instead of falling back to the kernel keyring', async () => {
    const previous = process.env['DBUS_SESSION_BUS_ADDRESS'];
    process.env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/cvm-console-test-bus';
    try {
      const status = await probeKeychain(() => napiKeyringFactory('linux'), 'linux');
      expect(status.available).toBe(false);
      expect(status.detail).toMatch(/not reachable/);
    } finally {
      if (previous === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
      else process.env['DBUS_SESSION_BUS_ADDRESS'] = previous;
    }
  });
});
