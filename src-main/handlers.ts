// Builds the handler table for every channel of the contract. Plain functions over injected
// services — no Electron — so tests and the e2e bridge call exactly what the app registers.
import type { AppInfo, HandlerTable, KeychainStatus } from './contract';

export interface HandlerServices {
  app: { name: string; version: string; electron: string | null; platform: string; arch: string };
  /** Cached after the first answer: probing writes to the keychain, which should not happen per call. */
  keychainStatus: () => Promise<KeychainStatus>;
}

export function buildHandlers(services: HandlerServices): HandlerTable {
  return {
    'app:info': async (): Promise<AppInfo> => ({
      ...services.app,
      keychain: await services.keychainStatus(),
    }),
  };
}

/** Runs `fn` once and hands every caller the same promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}
