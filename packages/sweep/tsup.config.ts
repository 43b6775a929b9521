import { packageConfig } from '../../tooling/tsconfig/tsup';

export default packageConfig({
  // worker.ts is the entry of every worker thread (threads executor, queue workers):
  // workers always load the built dist/worker.js, from the sources' tests too.
  entry: ['src/index.ts', 'src/worker.ts'],
  // __dirname in ESM output, so the package finds dist/worker.js beside itself.
  shims: true,
});
