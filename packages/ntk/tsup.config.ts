import { defineConfig } from 'tsup';
import { packageConfig } from '../../tooling/tsconfig/tsup';

// The worker of `gramAsync` is a separate, ESM-only build (it awaits at top level):
// src/internal/gramPool.ts starts `dist/gram-worker.js`, from the ESM and the CommonJS entries alike.
export default [
  packageConfig(),
  defineConfig({
    entry: { 'gram-worker': 'src/internal/gramWorker.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'node',
  }),
];
