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
    ).toEqual([expect.stringContaining('nothing from src-main/ but the contract types')]);
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
});
