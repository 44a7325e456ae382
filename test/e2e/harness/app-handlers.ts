// The handler table the e2e tests bridge into the page: the very buildHandlers() main registers,
// with the services main would give it, minus Electron.
import { readFileSync } from 'node:fs';
import { buildHandlers, once, type HandlerServices } from '../../../src-main/handlers';
import type { HandlerTable, KeychainStatus } from '../../../src-main/contract';
import { napiKeyringFactory, probeKeychain } from '../../../src-main/vault/keychain-probe';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  productName: string;
  version: string;
};

export function appHandlers(overrides: Partial<HandlerServices> = {}): HandlerTable {
  return buildHandlers({
    app: {
      name: pkg.productName,
      version: pkg.version,
      electron: null,
      platform: process.platform,
      arch: process.arch,
    },
    keychainStatus: once((): Promise<KeychainStatus> => probeKeychain(() => napiKeyringFactory())),
    ...overrides,
  });
}

export const packageVersion = pkg.version;
