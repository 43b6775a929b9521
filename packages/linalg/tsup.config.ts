import { defineConfig } from 'tsup';
import { packageConfig } from '../../tooling/tsconfig/tsup';

// The worker of `softmaxGradient64Threads` is a separate, ESM-only build: src/fused/softmaxGradient64Threads.ts
// starts `dist/softmax-worker.js`, from the ESM and the CommonJS entries alike.
export default [
  packageConfig(),
  defineConfig({
    entry: { 'softmax-worker': 'src/fused/softmaxWorker.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'node',
  }),
];
