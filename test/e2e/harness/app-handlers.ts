// The handler table the e2e tests bridge into the page: createAppServices(), exactly as main wires
// it, minus Electron (dialogs, clipboard, windows and the log are recorded).
import { readFileSync } from 'node:fs';
import { createAppServices, type AppDeps, type OsServices } from '../../../src-main/app-services';
import type { HandlerTable, InstanceRef, Settings } from '../../../src-main/contract';
import { DemoProfile, type DemoProfileOptions } from '../../../src-main/demo/demo-profile';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  productName: string;
  version: string;
};

export const packageVersion = pkg.version;

/** What the page asked main to do that a real app would hand to the OS. */
export interface Recorded {
  external: string[];
  savedFiles: { name: string; bytes: Uint8Array }[];
  copiedImages: Uint8Array[];
  consoleWindows: { ref: InstanceRef; title: string }[];
  log: Record<string, string | number | boolean>[];
}

export interface AppUnderTest {
  handlers: HandlerTable;
  demo: DemoProfile;
  recorded: Recorded;
  close(): Promise<void>;
}

/** What a test may change of the app's wiring: everything createAppServices takes but the demo. */
export type AppOverrides = Partial<Omit<AppDeps, 'demo' | 'os'>> & { os?: Partial<OsServices> };

export function createAppUnderTest(
  overrides: AppOverrides = {},
  demoOptions: DemoProfileOptions = {},
): AppUnderTest {
  const demo = new DemoProfile(demoOptions);
  const recorded: Recorded = { external: [], savedFiles: [], copiedImages: [], consoleWindows: [], log: [] };
  let settings: Settings = { rewriteTencentOrigin: true };
  const services = createAppServices({
    app: {
      name: pkg.productName,
      version: pkg.version,
      electron: null,
      platform: process.platform,
      arch: process.arch,
    },
    demo,
    settings: { get: () => settings, update: async (patch) => (settings = { ...settings, ...patch }) },
    log: (record) => void recorded.log.push(record),
    ...overrides,
    os: {
      openExternal: async (url) => void recorded.external.push(url),
      saveFile: async (name, bytes) => (recorded.savedFiles.push({ name, bytes }), true),
      copyImage: async (png) => (recorded.copiedImages.push(png), true),
      openConsoleWindow: async (ref, title) => void recorded.consoleWindows.push({ ref, title }),
      ...overrides.os,
    },
  });
  return { handlers: services.handlers, demo, recorded, close: () => services.close() };
}

/** Just the handler table, for tests that need no demo cloud. */
export function appHandlers(overrides: AppOverrides = {}): HandlerTable {
  return createAppUnderTest(overrides).handlers;
}
