import { packageConfig, packageEntries } from '../../tooling/tsconfig/tsup';

export default packageConfig({
  // worker.ts is the entry of every worker thread (threads executor, queue workers):
  // workers always load the built dist/worker.js, from the sources' tests too.
  entry: { ...packageEntries(), worker: 'src/worker.ts' },
  dts: { entry: packageEntries() },
});
