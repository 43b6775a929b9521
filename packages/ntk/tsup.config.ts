import { packageConfig } from '../../tooling/tsconfig/tsup';

// The worker of `gramAsync` is a second entry: src/internal/gramPool.ts starts `dist/gram-worker.js`.
export default packageConfig({
  entry: { index: 'src/index.ts', 'gram-worker': 'src/internal/gramWorker.ts' },
  dts: { entry: { index: 'src/index.ts' } },
});
