// ESLint 9 flat config: type-aware typescript-eslint over every TypeScript file of the project,
// plus the workflow sandbox's import rule. Formatting is Prettier's alone (eslint-config-prettier
// comes last and turns off every rule that would disagree with it).
import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox and is bundled on its own: it may import
// only these packages, other workflow modules, and shared contracts that import nothing else
// (lib/storable-text). Types are free to import from anywhere: they vanish at compile time.
const WORKFLOW_PACKAGES = ['@temporalio/workflow', '@temporalio/common', 'zod', 'async-mutex'];
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));
const SERVER_SDK = ['@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing'];
const SERVER_PACKAGES = ['express', 'pg', 'nodemailer', 'pino', 'pino-http', 'jose', 'uuid', 'protobufjs'];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (names) => `(${names.map(escape).join('|')})`;

const workflowImports = {
  paths: [
    ...SERVER_SDK.map((name) => ({
      name,
      message: 'Server-side Temporal SDK: workflows import @temporalio/workflow; activities run outside the sandbox.',
      allowTypeImports: true,
    })),
    ...SERVER_PACKAGES.map((name) => ({ name, message: 'I/O or non-deterministic module: do it in an activity.', allowTypeImports: true })),
  ],
  patterns: [
    {
      regex: `^(node:.*|${anyOf(NODE_BUILTINS)}(/.*)?)$`,
      caseSensitive: true,
      message: 'Node built-ins are not available in the workflow sandbox (time, randomness and I/O belong in activities).',
      allowTypeImports: true,
    },
    {
      group: ['@prisma/*', '**/prisma/generated', '**/prisma/generated/**'],
      message: 'Database access belongs in activities.',
      allowTypeImports: true,
    },
    {
      // `import type { Activities } from '../../activities'` stays allowed.
      group: ['**/activities', '**/activities/**', '**/api', '**/api/**', '**/workers/**', '**/scripts/**', '**/servicetitan/**', '**/test/**'],
      message: 'Only workflow code and pure shared contracts go in the workflow bundle (use `import type` for activity types).',
      allowTypeImports: true,
    },
    {
      group: ['**/lib/**', '!**/lib/storable-text'],
      message: 'Of lib/, only pure modules (lib/storable-text) may be imported by workflows.',
      allowTypeImports: true,
    },
    {
      // Every other package (the ones above have their own message): allow one here only after
      // checking it is deterministic and imports no Node built-in.
      regex: `^(?!\\.|node:|@prisma/|${anyOf([...WORKFLOW_PACKAGES, ...NODE_BUILTINS, ...SERVER_SDK, ...SERVER_PACKAGES])}(/|$))`,
      caseSensitive: true,
      message: `Workflows import only ${WORKFLOW_PACKAGES.join(', ')} and relative modules; a new package must be deterministic and added to eslint.config.mjs.`,
      allowTypeImports: true,
    },
  ],
};

export default defineConfig(
  // Build output, installed tools, local data, and generated code (Prisma Client; the ServiceTitan
  // types that servicetitan/openapi/generate.mjs writes; the web client's schema.d.ts from our own
  // document): tsc still checks the generated code.
  globalIgnores([
    'dist/',
    'web/dist/',
    'web/src/api/schema.d.ts',
    'node_modules/',
    '.tools/',
    '.data/',
    'coverage/',
    'prisma/generated/',
    'servicetitan/openapi/*-v2.ts',
  ]),
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    // The web pages (web/, own tsconfig with DOM libraries) are type-checked the same way.
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unawaited promises lose their errors (an unhandled rejection kills the process) and their
      // ordering; a promise where a void callback is expected (express handlers, event listeners)
      // is the same bug. Intentionally unawaited ones say so with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_`-prefixed names are unused on purpose (express's four-argument error handler, a field left out of a rest copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `declare global { namespace Express { ... } }` is how express's Request is augmented.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', workflowImports] },
  },
  {
    // The few plain-JavaScript files (bootstrap, generators, configs) run in Node as they are.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
