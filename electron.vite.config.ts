import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src-main/shell/security-policy';
import { CHANNELS, EVENT_NAMES } from './src-main/contract';

// The built page carries the same strict CSP that the app scheme sends as a header, so the
// e2e harness (which serves the page over http) runs under the app's real policy. Not in dev:
// Vite's dev server injects inline styles.
function cspMetaTag(): Plugin {
  return {
    name: 'cvm-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(undefined, 'meta') },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// The preload needs only the contract's channel and event names, not its zod schemas: in the
// preload bundle, `./contract` is replaced by a module holding the names, computed here from the
// real contract at build time (about 2 kB instead of 170 kB).
function contractNamesForPreload(): Plugin {
  const id = '\0cvm-contract-names';
  return {
    name: 'cvm-contract-names',
    enforce: 'pre',
    resolveId: (source, importer) =>
      source === './contract' && importer?.endsWith('src-main/preload.ts') ? id : undefined,
    load: (loaded) =>
      loaded === id
        ? [
            `export { splitChannel, eventListenerName } from ${JSON.stringify(resolve(__dirname, 'src-main/channel-names.ts'))};`,
            `export const CHANNELS = ${JSON.stringify(CHANNELS)};`,
            `export const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};`,
          ].join('\n')
        : undefined,
  };
}

// Tesseract loads `<langPath>/<lang>.traineddata.gz` by that exact name, so the models keep their
// names (still under assets/, served from the app itself); every other asset is content-hashed.
function keepModelNames(asset: { names?: string[]; name?: string }): string {
  const name = asset.names?.[0] ?? asset.name ?? '';
  return name.endsWith('.traineddata.gz') ? 'assets/[name][extname]' : 'assets/[name]-[hash][extname]';
}

// electron-vite builds the three targets from one file: main and preload as CommonJS for Electron's
// Node side, the renderer as an ES module app for the sandboxed window.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Native and optional dependencies stay in node_modules; everything else is bundled.
      externalizeDeps: true,
      rollupOptions: {
        input: { main: resolve(__dirname, 'src-main/main.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    plugins: [contractNamesForPreload()],
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() anything but 'electron': bundle all of it.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(__dirname, 'src-main/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte(), cspMetaTag()],
    build: {
      outDir: 'out/renderer',
      target: 'chrome140',
      // electron-vite leaves the renderer unminified; minified, its JS is about a third smaller.
      // CVM_RENDERER_MINIFY=0 keeps the names, for readable CPU profiles (the inventory bench).
      minify: process.env['CVM_RENDERER_MINIFY'] !== '0',
      // One stylesheet: the views loaded later (src-renderer/shell/later-views.ts) would otherwise
      // add render-blocking stylesheets of shared chunks to the first page; their CSS is small.
      cssCodeSplit: false,
      rollupOptions: {
        input: resolve(__dirname, 'src-renderer/index.html'),
        output: { assetFileNames: keepModelNames },
      },
    },
    // The text worker (src-renderer/console/text/text-worker.ts) is an ES module worker; its
    // assets (Tesseract's worker script, core and the English model) are emitted by its own bundle.
    worker: {
      format: 'es',
      rollupOptions: { output: { assetFileNames: keepModelNames } },
    },
  },
});
