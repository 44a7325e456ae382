// A scratch copy of the project, as a fresh clone after `npm ci` would be, for tests that run the
// real npm scripts (start, dev, dist) without touching the worktree: the sources and scripts are
// copied, node_modules links to the worktree's packages, except two that are copied so that the
// run sees this copy's state. `electron` is copied without its downloaded binary (no dist/, no
// path.txt: the state after `npm ci`), and `electron-vite`, which finds `electron` relative to its
// own real path, so that it resolves the copy and not the worktree's.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const PROJECT_FILES = [
  'package.json',
  'electron.vite.config.ts',
  'electron-builder.yml',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
  'scripts',
  'src-main',
  'src-renderer',
  'i18n',
  'assets',
];
const COPIED_PACKAGES = ['electron', 'electron-vite'];

export interface ScratchProject {
  /** A work folder for the test (caches, logs), holding the project. */
  work: string;
  /** The project root. */
  dir: string;
  /** node_modules/electron of the copy. */
  electronDir: string;
  electronVersion: string;
  remove(): Promise<void>;
}

export async function scratchProject(): Promise<ScratchProject> {
  const work = await mkdtemp(path.join(tmpdir(), 'cvm-scratch-'));
  const dir = path.join(work, 'project');
  await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  for (const name of PROJECT_FILES) {
    await cp(path.join(repoRoot, name), path.join(dir, name), { recursive: true });
  }
  const modules = path.join(repoRoot, 'node_modules');
  for (const name of await readdir(modules)) {
    if (name.startsWith('.') || COPIED_PACKAGES.includes(name)) continue;
    await symlink(path.join(modules, name), path.join(dir, 'node_modules', name), 'junction');
  }
  // Electron's package as published: its `files`, no binary.
  const electronDir = path.join(dir, 'node_modules', 'electron');
  const electronPackage = JSON.parse(
    await readFile(path.join(modules, 'electron', 'package.json'), 'utf8'),
  ) as {
    version: string;
    files: string[];
  };
  for (const name of ['package.json', ...electronPackage.files.filter((f) => f !== 'electron.d.ts')]) {
    await cp(path.join(modules, 'electron', name), path.join(electronDir, name));
  }
  await cp(path.join(modules, 'electron-vite'), path.join(dir, 'node_modules', 'electron-vite'), {
    recursive: true,
  });
  await symlink(
    '../electron-vite/bin/electron-vite.js',
    path.join(dir, 'node_modules', '.bin', 'electron-vite'),
  );
  return {
    work,
    dir,
    electronDir,
    electronVersion: electronPackage.version,
    remove: () => rm(work, { recursive: true, force: true }),
  };
}

/**
 * The environment for a run: this one without what would steer npm, Electron's installer, Vite or
 * electron-builder from outside the test (npm config, mirrors, caches, proxies, Node options, and the
 * variables Vitest sets, e.g. NODE_ENV=test and VITEST, which silences electron-builder), plus `extra`.
 */
export function isolatedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const steering =
    /^(npm_|electron_|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$|MODE$|DEV$|PROD$|SSR$|BASE_URL$|INIT_CWD$|FORCE_TTY$|FORCE_COLOR$|COLOR$|https?_proxy$|no_proxy$|DEBUG$)/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!steering.test(key)) env[key] = value;
  return { ...env, ...extra };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in its own process group, which is killed whole if it outlives `timeoutMs`. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(
        new Error(
          `${command} ${args.join(' ')} ran longer than ${options.timeoutMs} ms:\n${stdout}\n${stderr}`,
        ),
      );
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
