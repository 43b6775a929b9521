/**
 * Where worker threads load their code from: always the package's built
 * `dist/worker.js` (ESM). From the built package that is the file beside
 * this one; from the TypeScript sources (jest's CommonJS transform, where a
 * worker could not load .ts files) it is `dist/worker.js` of the package
 * root, so tests of the sources need `build` to have run (turbo's test task
 * depends on it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function workerFile(): string {
  // __dirname: CommonJS under jest; shimmed by tsup in the ESM build.
  let dir = __dirname;
  if (basename(dir) === 'dist' && existsSync(join(dir, 'worker.js'))) return join(dir, 'worker.js');
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@softmax-ntk/sweep') {
      const file = join(dir, 'dist', 'worker.js');
      if (!existsSync(file))
        throw new Error(
          `the worker threads load ${file}, which is missing: build the package first (pnpm --filter @softmax-ntk/sweep build)`,
        );
      return file;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`internal: cannot find the @softmax-ntk/sweep package above ${__dirname}`);
    dir = up;
  }
}
