/**
 * The build every published package shares: ESM (`.js`) and CommonJS
 * (`.cjs`) from the same sources, type declarations for both (`.d.ts`,
 * `.d.cts`), source maps. Entries: the environment-neutral `src/index.ts`
 * and, where the package has one, the Node-only `src/node.ts` (the `./node`
 * subpath export). `shims` gives the CommonJS files `import.meta.url` and the
 * ESM files `__dirname`.
 */
import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

/** The package's entries: `index`, plus `node` when `src/node.ts` exists. */
export function packageEntries(): Record<string, string> {
  return existsSync('src/node.ts') ? { index: 'src/index.ts', node: 'src/node.ts' } : { index: 'src/index.ts' };
}

export function packageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: packageEntries(),
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'node',
    shims: true,
    // Shared chunks in both formats: `index` and `node` share one copy of each module (one ProblemError class,
    // one backend state), in CommonJS too.
    splitting: true,
    ...overrides,
  });
}
