// Proves the lint rules that keep DESIGN.md §2's boundaries: each violation below fails lint.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries', () => {
  it('rejects a runtime electron import in main-process logic, allows a type import', async () => {
    expect(
      await ruleIds('src-main/cloud/leak.ts', "import { net } from 'electron';\nexport const n = net;\n"),
    ).toEqual([
      expect.stringContaining('Only src-main/shell/, src-main/main.ts and the preload may use Electron'),
    ]);
    expect(
      await ruleIds('src-main/cloud/ok.ts', "import type { Net } from 'electron';\nexport type N = Net;\n"),
    ).toEqual([]);
  });

  it('allows Electron in the shell adapters but not ipcRenderer', async () => {
    expect(
      await ruleIds('src-main/shell/ok.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toEqual([]);
    expect(
      await ruleIds(
        'src-main/shell/bad.ts',
        "import { ipcRenderer } from 'electron';\nexport const r = ipcRenderer;\n",
      ),
    ).toEqual([expect.stringContaining('ipcRenderer and contextBridge are for src-main/preload.ts only')]);
  });

  it('lets the renderer import only types from the contract', async () => {
    expect(
      await ruleIds(
        'src-renderer/x.ts',
        "import type { AppInfo } from '../src-main/contract';\nexport type A = AppInfo;\n",
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        'src-renderer/x.ts',
        "import { CHANNELS } from '../src-main/contract';\nexport const c = CHANNELS;\n",
      ),
    ).toEqual([expect.stringContaining('only types from src-main/contract.ts')]);
    expect(
      await ruleIds(
        'src-renderer/deep/x.ts',
        "import { dispatch } from '../../src-main/ipc/dispatch';\nexport const d = dispatch;\n",
      ),
    ).toEqual([
      expect.stringContaining('nothing from src-main/ but the contract types and src-main/common/'),
    ]);
    expect(
      await ruleIds(
        'src-renderer/x.ts',
        "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n",
      ),
    ).toEqual([expect.stringContaining('never imports Electron')]);
    expect(
      await ruleIds('src-renderer/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n"),
    ).toEqual([expect.stringContaining('no Node built-ins')]);
  });

  it('lets the renderer import runtime code from src-main/common/', async () => {
    expect(
      await ruleIds(
        'src-renderer/console/x.ts',
        "import { toErrorEnvelope } from '../../src-main/common/errors';\nexport const t = toErrorEnvelope;\n",
      ),
    ).toEqual([]);
  });

  it('keeps src-main/common/ to its own files and the language alone', async () => {
    expect(
      await ruleIds(
        'src-main/common/ok.ts',
        "import { isRegion } from './instance-ref';\nexport const ok = (s: string): boolean => isRegion(s);\n",
      ),
    ).toEqual([]);
    for (const [from, what] of [
      ['../cloud/endpoints', 'other main code'],
      ['../../src-renderer/console/backoff', 'renderer code'],
      ['node:crypto', 'a Node built-in'],
      ['crypto', 'a Node built-in without the prefix'],
      ['electron', 'Electron'],
      ['zod', 'a package'],
    ]) {
      expect(
        await ruleIds('src-main/common/bad.ts', `import * as m from '${from}';\nexport const x = m;\n`),
        what,
      ).toEqual([
        expect.stringContaining('src-main/common/ is pure TypeScript shared by main and the renderer'),
      ]);
    }
    for (const host of ['window', 'document', 'process', 'Buffer', 'setTimeout', 'require']) {
      expect(await ruleIds('src-main/common/bad.ts', `export const x = ${host};\n`), host).toEqual([
        `no-undef: '${host}' is not defined.`,
      ]);
    }
  });
});
