import { defineConfig } from 'tsup';
import { packageConfig } from '../../tooling/tsconfig/tsup';

// The worker of `gramAsync` is a separate build in both formats: src/internal/gramPool.ts starts
// `dist/gram-worker.js` from the ESM entries and `dist/gram-worker.cjs` from the CommonJS ones.
export default [
  packageConfig(),
  defineConfig({
    entry: { 'gram-worker': 'src/internal/gramWorker.ts' },
    format: ['esm', 'cjs'],
    shims: true,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'node',
  }),
];
