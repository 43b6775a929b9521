import { defineConfig } from 'tsup';

export default defineConfig({
  // worker.ts is the entry of every worker thread (threads executor, queue workers):
  // workers always load the built dist/worker.js, from the sources' tests too.
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // __dirname in ESM output, so the package finds dist/worker.js beside itself.
  shims: true,
});
