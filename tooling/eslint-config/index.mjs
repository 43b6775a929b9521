// The one ESLint configuration of the workspace (flat config), used by the root
// eslint.config.mjs and so by every package's `pnpm lint`.
//
// typescript-eslint's type-aware rules (`recommendedTypeChecked`) run on every
// TypeScript file through the project service, which finds each file's nearest
// tsconfig.json. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/coverage/**',
      '**/.vitepress/cache/**',
      '**/.vitepress/dist/**',
      // VitePress's build scratch (present only while a docs build runs)
      '**/.vitepress/.temp/**',
      'apps/docs/site/api/**',
      'apps/docs/site/public/**',
      'packages/linalg/assembly/**',
      'packages/linalg/src/wasm/kernels.generated.ts',
      'softmax-ntk-report/**',
      'test-artifacts/**',
      // Stryker's sandboxes (a copy of a package per run; left behind when a run is stopped)
      '**/.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true },
      globals: { ...globals.node },
    },
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring, callback positions).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Numbers in messages are the point of a numerical library's messages.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // Tests and benchmarks read the JSON that the CLI and the peers print: `JSON.parse`
    // gives `any`, and asserting on its fields is what the test is for.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/bench/**/*.ts', 'tooling/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
