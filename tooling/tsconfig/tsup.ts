/**
 * The build every published package shares: ESM only (vega-style top-level
 * await in dependencies and Node 20's `import` both want ESM), type
 * declarations from the sources, source maps.
 */
import { defineConfig, type Options } from 'tsup';

export function packageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'node',
    ...overrides,
  });
}
