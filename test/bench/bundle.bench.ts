// DESIGN.md §7: the renderer's JS bundle size (gzip) is reported and kept lean. Measures the output of
// `npm run build` as it is on disk; it does not build.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BenchSkipped, defineBenchmark } from './kit';

async function rendererScripts(root: string): Promise<string[]> {
  const dir = path.join(root, 'out/renderer');
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch {
    throw new BenchSkipped('no build output in out/renderer: run `npm run build` first');
  }
  const scripts = names.filter((name) => name.endsWith('.js')).map((name) => path.join(dir, name));
  if (scripts.length === 0) throw new BenchSkipped('out/renderer holds no .js files: run `npm run build`');
  return scripts;
}

export default [
  defineBenchmark({
    name: 'renderer: JS bundle, gzip',
    unit: 'bytes',
    description: 'the sum over out/renderer/**/*.js of each file gzipped at level 9',
    run: async ({ root }) => {
      let total = 0;
      for (const file of await rendererScripts(root)) {
        total += gzipSync(await readFile(file), { level: 9 }).length;
      }
      return [total];
    },
  }),
  defineBenchmark({
    name: 'renderer: JS bundle, raw',
    unit: 'bytes',
    description: 'the sum over out/renderer/**/*.js of the file sizes',
    run: async ({ root }) => {
      let total = 0;
      for (const file of await rendererScripts(root)) total += (await readFile(file)).length;
      return [total];
    },
  }),
];
