// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig, globalIgnores } from 'eslint/config';

/**
 * The engine (src/engine/**) must stay pure and deterministic: no UI or
 * storage libraries, no DOM, no wall clock, no ambient randomness, no timers.
 * Time and randomness are passed in (seeded PRNG, simulated clock).
 */
const engineForbiddenModules = ['react', 'react-dom', 'pixi.js', 'zustand', 'recharts', 'dexie'];
const engineMessage = 'src/engine must stay pure and deterministic (see docs/engine.md).';
const engineEntryMessage = 'Import the engine from its entry point (src/engine/index.ts), not from a file inside it (docs/engine.md).';

export default defineConfig(
  globalIgnores(['.scratch/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'coverage/', 'tests/screenshots/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Default: browser + node globals for everything (configs, scripts, tests, UI).
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // src/engine/index.ts is the engine's only entry point for everything outside it (the UI, the
    // CLI, scoring, servers, browser and golden tests). Only the engine's own white-box tests
    // (tests/unit/engine/) may reach inside.
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['src/engine/**', 'tests/unit/engine/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)engine/.+', message: engineEntryMessage }] }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/(^|\\/)engine\\/./]', message: engineEntryMessage }],
    },
  },
  {
    files: ['src/engine/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: engineForbiddenModules.map((name) => ({ name, message: engineMessage })),
          patterns: engineForbiddenModules.map((name) => ({ group: [`${name}/*`], message: engineMessage })),
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'setTimeout', 'setInterval'].map((name) => ({
          name,
          message: engineMessage,
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: `Date.now: ${engineMessage}` },
        { object: 'Math', property: 'random', message: `Math.random: ${engineMessage}` },
        { object: 'performance', property: 'now', message: `performance.now: ${engineMessage}` },
        { object: 'globalThis', property: 'setTimeout', message: engineMessage },
        { object: 'globalThis', property: 'setInterval', message: engineMessage },
        { object: 'globalThis', property: 'window', message: engineMessage },
        { object: 'globalThis', property: 'document', message: engineMessage },
        { object: 'globalThis', property: 'localStorage', message: engineMessage },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: `new Date() reads the wall clock: ${engineMessage}`,
        },
        {
          selector: "ImportExpression[source.value=/^(react|react-dom|pixi\\.js|zustand|recharts|dexie)(\\/.*)?$/]",
          message: `Dynamic import: ${engineMessage}`,
        },
      ],
    },
  },
);
