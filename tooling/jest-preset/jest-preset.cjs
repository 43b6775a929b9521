// Shared jest preset for every package of the workspace.
//
// - TypeScript is compiled by @swc/jest (about 3x faster than ts-jest; type
//   checking is the separate `typecheck` task).
// - Workspace packages resolve to their TypeScript sources, so a package's
//   tests never run against a stale `dist/` of a dependency.
// - The custom matchers of @softmax-ntk/test-helpers are installed for every
//   test file.
// - tfjs-core's gradients are registered for every test file of a package that
//   has tfjs-core (tfjsGradients.cjs), and tfjs-core's ES-module files (the
//   gradient registry ships only as ESM) are compiled by @swc/jest: packages'
//   jest configs need nothing but the preset.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      require.resolve('@swc/jest'),
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@softmax-ntk/test-helpers$': path.join(root, 'tooling/test-helpers/src/index.ts'),
    '^@softmax-ntk/reference$': path.join(root, 'tooling/reference/src/index.ts'),
    '^@softmax-ntk/(linalg|network|ntk|diffusion|verify|sweep)$': path.join(root, 'packages/$1/src/index.ts'),
    '^@softmax-ntk/attention$': path.join(root, 'packages/attention/src/index.ts'),
    '^@softmax-ntk/attention/node$': path.join(root, 'packages/attention/src/node.ts'),
    '^@softmax-ntk/(linalg|network|ntk|diffusion|verify|sweep)/node$': path.join(root, 'packages/$1/src/node.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // Compile tfjs-core's ESM files (register_all_gradients and what it imports); everything else in
  // node_modules stays as shipped.
  transformIgnorePatterns: [
    '/node_modules/(?!(\\.pnpm/@tensorflow\\+tfjs-core[^/]*/node_modules/)?@tensorflow/tfjs-core/dist/)',
  ],
  setupFiles: [path.join(__dirname, 'tfjsGradients.cjs')],
  setupFilesAfterEnv: [path.join(root, 'tooling/test-helpers/src/setup.ts')],
  // Every skipped test named at the end of the run (read by tooling/scripts/test-summary.mjs).
  reporters: ['default', path.join(__dirname, 'skipReporter.cjs')],
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  // A timeout catches hangs, not slowness: speed targets live in benchmarks. Pack tests
  // (npm install) and the full-size diffusion acceptance test take minutes on a loaded
  // 2-core CI machine.
  testTimeout: 600000,
  // A handle a test leaks (a Redis connection, a worker) must not keep CI waiting
  // after every result is in; the results are reported before the exit.
  forceExit: true,
};
