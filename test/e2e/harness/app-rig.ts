// What every app-level e2e test (and the console benchmark) starts: the handler table over a real
// demo profile, the built renderer served on 127.0.0.1, and Chromium. close() stops all three.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { DemoProfileOptions } from '../../../src-main/demo/demo-profile';
import { createAppUnderTest, type AppUnderTest, type KeyProfilesSetup } from './app-handlers';
import { launchChromium } from './chromium';
import { serveFolder, type StaticServer } from './static-server';

export const SCREENSHOT_DIR = 'test-results/e2e';

export interface AppRig {
  app: AppUnderTest;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startAppRig(
  demo: DemoProfileOptions = {},
  rendererDir = 'out/renderer',
  keys: KeyProfilesSetup = {},
): Promise<AppRig> {
  const app = createAppUnderTest({}, demo, undefined, keys);
  const server = await serveFolder(rendererDir);
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    app,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await app.close();
    },
  };
}
