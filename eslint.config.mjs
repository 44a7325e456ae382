// ESLint: recommended rules for TypeScript and Svelte, plus the import boundaries of DESIGN.md §2.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// Host globals (Node's and the browser's) that are not part of the language itself.
const hostOnlyGlobals = Object.fromEntries(
  Object.keys({ ...globals.node, ...globals.browser })
    .filter((name) => !(name in globals.es2022))
    .map((name) => [name, 'off']),
);

const noElectronAtRuntime = {
  name: 'electron',
  allowTypeImports: true,
  message:
    'Only src-main/shell/, src-main/main.ts and the preload may use Electron at runtime; import types only.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.vite/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  // Main-process logic runs in plain Node: no runtime Electron outside the shell adapters.
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/shell/**', 'src-main/main.ts', 'src-main/preload.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectronAtRuntime] }] },
  },
  // The shared layer runs on both sides: the language alone. It imports only its own files (no
  // other src-main/ or src-renderer/ code, no packages, no node:, no electron) and uses no host
  // global (no window, document, process, Buffer, timers). tsconfig.common.json checks it again
  // without the DOM and Node types.
  {
    files: ['src-main/common/**/*.ts'],
    languageOptions: { globals: hostOnlyGlobals },
    rules: {
      'no-undef': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./)',
              message:
                'src-main/common/ is pure TypeScript shared by main and the renderer: it imports only its own files.',
            },
          ],
        },
      ],
    },
  },
  // ipcRenderer belongs to the preload alone.
  {
    files: ['src-main/shell/**/*.ts', 'src-main/main.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcRenderer', 'contextBridge'],
              message: 'ipcRenderer and contextBridge are for src-main/preload.ts only.',
            },
          ],
        },
      ],
    },
  },
  // The renderer is a sandboxed web app: it talks to main only through the contract's types, and
  // shares main's rules only through src-main/common/.
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer never imports Electron; use api.ts.' }],
          patterns: [
            {
              regex: 'src-main/contract$',
              allowTypeImports: true,
              message: 'The renderer may import only types from src-main/contract.ts.',
            },
            {
              regex: 'src-main/(?!contract$|common/)',
              message:
                'The renderer may import nothing from src-main/ but the contract types and src-main/common/.',
            },
            { regex: '^node:', message: 'The renderer runs sandboxed in a browser: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
