// An in-memory stand-in for @napi-rs/keyring (the KeyringEntryFactory the vault uses), with
// failure injection: an operation can throw (unavailable, locked), hang (an unlock prompt nobody
// answers), or refuse values longer than Windows Credential Manager takes.
import type { KeyringEntry, KeyringEntryFactory } from '../../src-main/vault/keychain-probe';

export type KeyringOp = 'setPassword' | 'getPassword' | 'deletePassword';

export interface MemoryKeyring {
  /** What `keyring` option of the vault wants. */
  load: () => Promise<KeyringEntryFactory>;
  /** `service/account` → stored value. */
  entries: Map<string, string>;
  /** Every call made, in order (`op service/account`). */
  calls: string[];
  /** From now on, `op` (or every op) throws this error, or never answers ('hang'); null heals. */
  fail(op: KeyringOp | 'all', error: Error | 'hang' | null): void;
  /** Creating an entry throws (as @napi-rs/keyring does when there is no D-Bus at all). */
  failCreate(error: Error | null): void;
}

export function memoryKeyring(options: { maxLength?: number } = {}): MemoryKeyring {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  const failures = new Map<KeyringOp, Error | 'hang'>();
  let createError: Error | null = null;

  const run = async <T>(op: KeyringOp, key: string, fn: () => T): Promise<T> => {
    calls.push(`${op} ${key}`);
    const failure = failures.get(op);
    if (failure === 'hang') return new Promise<T>(() => {});
    if (failure) throw failure;
    return fn();
  };

  const factory: KeyringEntryFactory = (service, account) => {
    if (createError) throw createError;
    const key = `${service}/${account}`;
    const entry: KeyringEntry = {
      setPassword: (password) =>
        run('setPassword', key, () => {
          // Windows stores UTF-16: 2560 bytes are 1280 characters.
          if (options.maxLength !== undefined && password.length > options.maxLength)
            throw new Error('Attribute password is longer than platform limit of 2560 chars');
          entries.set(key, password);
        }),
      getPassword: () => run('getPassword', key, () => entries.get(key) ?? null),
      deletePassword: () => run('deletePassword', key, () => entries.delete(key)),
    };
    return entry;
  };

  return {
    load: async () => factory,
    entries,
    calls,
    fail: (op, error) => {
      const ops: KeyringOp[] = op === 'all' ? ['setPassword', 'getPassword', 'deletePassword'] : [op];
      for (const o of ops) {
        if (error === null) failures.delete(o);
        else failures.set(o, error);
      }
    },
    failCreate: (error) => {
      createError = error;
    },
  };
}
