// Builds the app once before the e2e tests: they run the real production renderer bundle.
import { build } from 'electron-vite';

export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' });
}
