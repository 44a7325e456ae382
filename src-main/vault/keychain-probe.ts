// Answers "can we keep a secret in the OS keychain here?" by writing, reading back and deleting a
// throwaway entry. On Linux the Secret Service is required explicitly: the kernel keyring that
// @napi-rs/keyring would otherwise fall back to forgets everything at logout (DESIGN.md §5).
import { randomBytes } from 'node:crypto';
import type { KeychainStatus } from '../contract';
import { ENGLISH } from '../../i18n/translator';

/** The part of @napi-rs/keyring's AsyncEntry we use; injected so tests can supply fakes. */
export interface KeyringEntry {
  setPassword(password: string): Promise<void>;
  getPassword(): Promise<string | null | undefined>;
  deletePassword(): Promise<boolean>;
}
export type KeyringEntryFactory = (service: string, account: string) => KeyringEntry;

export const KEYCHAIN_SERVICE = 'cvm-console';

export function backendName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (GNOME Keyring, KWallet, KeePassXC)';
}

/** What the user can do when the keychain does not work, per platform (English, for the log). */
export function keychainFix(platform: NodeJS.Platform): string {
  return ENGLISH.translateKey(keychainFixKey(platform));
}

/** The catalogue key of keychainFix's advice, so a window can give it in its own language. */
export function keychainFixKey(
  platform: NodeJS.Platform,
): 'keychain.fix.mac' | 'keychain.fix.windows' | 'keychain.fix.linux' {
  if (platform === 'darwin') return 'keychain.fix.mac';
  if (platform === 'win32') return 'keychain.fix.windows';
  return 'keychain.fix.linux';
}

/** The real factory: @napi-rs/keyring, pinned to the Secret Service on Linux. Loaded lazily (native). */
export async function napiKeyringFactory(
  platform: NodeJS.Platform = process.platform,
): Promise<KeyringEntryFactory> {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  const options = platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  return (service, account) => new AsyncEntry(service, account, options);
}

export const PROBE_TIMEOUT_MS = 5_000;

/** The keychain did not answer in time (a locked keyring may be waiting on an unlock prompt). */
export class KeychainTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer from the keychain within ${ms / 1000} s`);
    this.name = 'KeychainTimeoutError';
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // A locked keyring can show an unlock prompt and wait forever; callers must not.
    const timer = setTimeout(() => reject(new KeychainTimeoutError(ms)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

export async function probeKeychain(
  factory: () => Promise<KeyringEntryFactory>,
  platform: NodeJS.Platform = process.platform,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<KeychainStatus> {
  const backend = backendName(platform);
  try {
    const make = await factory();
    const entry = make(KEYCHAIN_SERVICE, `probe-${randomBytes(6).toString('hex')}`);
    const value = randomBytes(16).toString('base64');
    await withTimeout(entry.setPassword(value), timeoutMs);
    try {
      const back = await withTimeout(entry.getPassword(), timeoutMs);
      if (back !== value)
        return {
          available: false,
          backend,
          detail: 'The keychain did not return what was stored.',
          fixKey: keychainFixKey(platform),
        };
    } finally {
      await withTimeout(entry.deletePassword(), timeoutMs).catch(() => false);
    }
    return { available: true, backend };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      available: false,
      backend,
      detail: `The keychain is not reachable: ${reason}. ${keychainFix(platform)}`,
      fixKey: keychainFixKey(platform),
    };
  }
}
