// Where SecretKeys and STS tokens live: the OS keychain (service `cvm-console`, account = profile
// id; on Linux the Secret Service, never the kernel keyring), or — only when the user chose it
// because there is no keychain — this process's memory until it quits. Never a file.
// The vault reads secrets back only to sign; nothing here is exported beyond src-main/vault.
import {
  backendName,
  KEYCHAIN_SERVICE,
  keychainFixKey,
  KeychainTimeoutError,
  PROBE_TIMEOUT_MS,
  probeKeychain,
  withTimeout,
  type KeyringEntry,
  type KeyringEntryFactory,
} from './keychain-probe';
import type { KeychainStatus } from '../contract';
import { KeychainError } from './errors';
import { keyed } from '../common/keyed-text';
import type { SecretStorage } from './key-input';

export interface KeySecret {
  secretKey: string;
  /** STS session token (temporary keys). */
  token?: string;
}

export interface SecretStoreOptions {
  /** Loads the keyring (the app: napiKeyringFactory; unit tests: an in-memory one). */
  keyring: () => Promise<KeyringEntryFactory>;
  platform?: NodeJS.Platform;
  /** Per keychain operation, ms. */
  timeoutMs?: number;
}

// Windows Credential Manager holds at most 2560 bytes per entry (1280 UTF-16 characters), less
// than an STS token can take: longer values are split over entries `<id>`, `<id>~2`, `<id>~3`…
export const CHUNK_CHARS = 1000;
const HEAD = /^cvm1:(\d{1,2}):/;
const MAX_CHUNKS = 16;

function encode(secret: KeySecret): string[] {
  const json = JSON.stringify({ k: secret.secretKey, ...(secret.token ? { t: secret.token } : {}) });
  const chunks: string[] = [];
  for (let i = 0; i < json.length; i += CHUNK_CHARS) chunks.push(json.slice(i, i + CHUNK_CHARS));
  if (chunks.length > MAX_CHUNKS) throw new Error('secret too long for the keychain');
  chunks[0] = `cvm1:${chunks.length}:${chunks[0]}`;
  return chunks;
}

function decode(json: string): KeySecret | undefined {
  try {
    const v = JSON.parse(json) as { k?: unknown; t?: unknown };
    if (typeof v.k !== 'string' || (v.t !== undefined && typeof v.t !== 'string')) return undefined;
    return { secretKey: v.k, ...(typeof v.t === 'string' ? { token: v.t } : {}) };
  } catch {
    return undefined;
  }
}

function partAccount(profileId: string, part: number): string {
  return part === 1 ? profileId : `${profileId}~${part}`;
}

export class SecretStore {
  private readonly memory = new Map<string, KeySecret>();
  private factory: Promise<KeyringEntryFactory> | undefined;
  private probed: Promise<KeychainStatus> | undefined;
  private readonly platform: NodeJS.Platform;
  private readonly timeoutMs: number;

  constructor(private readonly options: SecretStoreOptions) {
    this.platform = options.platform ?? process.platform;
    this.timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  }

  /** Whether the keychain works here (probed once; `recheck` probes again). */
  status(): Promise<KeychainStatus> {
    this.probed ??= probeKeychain(() => this.entries(), this.platform, this.timeoutMs);
    return this.probed;
  }

  recheck(): Promise<KeychainStatus> {
    this.probed = undefined;
    return this.status();
  }

  async save(profileId: string, secret: KeySecret, storage: SecretStorage): Promise<void> {
    if (storage === 'memory') {
      this.memory.set(profileId, { ...secret });
      return;
    }
    const chunks = encode(secret);
    const before = await this.partCount(profileId).catch(() => 0);
    // The tail first, the head last: a reader never finds a head pointing at missing parts.
    for (let i = chunks.length; i >= 1; i--) {
      await this.op(profileId, i, (e) => e.setPassword(chunks[i - 1] as string));
    }
    for (let i = chunks.length + 1; i <= before; i++) {
      await this.op(profileId, i, (e) => e.deletePassword()).catch(() => false);
    }
  }

  /** The secret, or undefined when there is none (never stored, removed, or memory after a restart). */
  async load(profileId: string, storage: SecretStorage): Promise<KeySecret | undefined> {
    if (storage === 'memory') {
      const held = this.memory.get(profileId);
      return held ? { ...held } : undefined;
    }
    const head = await this.op(profileId, 1, (e) => e.getPassword());
    const m = head ? HEAD.exec(head) : null;
    if (!head || !m) return undefined;
    const count = Number(m[1]);
    if (count < 1 || count > MAX_CHUNKS) return undefined;
    let json = head.slice(m[0].length);
    for (let i = 2; i <= count; i++) {
      const part = await this.op(profileId, i, (e) => e.getPassword());
      if (!part) return undefined;
      json += part;
    }
    return decode(json);
  }

  /** Whether a memory-only secret is held (it is gone after a restart). */
  holdsInMemory(profileId: string): boolean {
    return this.memory.has(profileId);
  }

  /** Removes the secret; for the keychain, every part of it. Rejects (KeychainError) if it cannot. */
  async delete(profileId: string, storage: SecretStorage): Promise<void> {
    this.memory.delete(profileId);
    if (storage === 'memory') return;
    const count = Math.max(1, await this.partCount(profileId));
    for (let i = count; i >= 1; i--) await this.op(profileId, i, (e) => e.deletePassword());
  }

  private async partCount(profileId: string): Promise<number> {
    const head = await this.op(profileId, 1, (e) => e.getPassword());
    const m = head ? HEAD.exec(head) : null;
    return m ? Math.min(Number(m[1]), MAX_CHUNKS) : 0;
  }

  private entries(): Promise<KeyringEntryFactory> {
    const loading = (this.factory ??= this.options.keyring());
    // A failed load (native module missing) may succeed on a later try.
    loading.catch(() => (this.factory = undefined));
    return loading;
  }

  private async op<T>(profileId: string, part: number, fn: (entry: KeyringEntry) => Promise<T>): Promise<T> {
    try {
      const make = await this.entries();
      return await withTimeout(fn(make(KEYCHAIN_SERVICE, partAccount(profileId, part))), this.timeoutMs);
    } catch (err) {
      throw this.problem(err);
    }
  }

  private problem(err: unknown): KeychainError {
    const backend = backendName(this.platform);
    const fix = keyed(keychainFixKey(this.platform));
    if (err instanceof KeychainTimeoutError) {
      const seconds = err.ms / 1000;
      return new KeychainError(
        'KeychainTimeout',
        keyed('keychain.problem.timeout', { backend, seconds }),
        fix,
      );
    }
    const reason = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 200);
    if (/lock|denied|cancel|dismiss|not allowed|access/i.test(reason)) {
      return new KeychainError(
        'KeychainLocked',
        keyed('keychain.problem.locked', { backend }),
        fix,
        true,
        reason,
      );
    }
    return new KeychainError(
      'KeychainUnavailable',
      keyed('keychain.problem.unavailable', { backend }),
      fix,
      true,
      reason,
    );
  }
}
