/**
 * Vite settings that let the docs demos run the workspace packages in the
 * browser, unchanged:
 *
 * - `@softmax-ntk/*` resolve to the packages' TypeScript sources (like the
 *   jest preset does), so that one module of linalg can be swapped:
 * - `packages/linalg/src/backend/initBackend.ts` → `./initBackend.ts`
 *   (WebGL → wasm → cpu instead of tfjs-node → wasm → cpu, no `process.env`);
 * - `packages/ntk/src/internal/gramPool.ts` (the `node:worker_threads` pool of
 *   `gramAsync`) → `./gramPool.ts`, a stub (the browser computes H in-thread);
 * - `node:fs`, `node:path`, `node:crypto`, `node:os` → `./nodeStubs.ts`.
 *
 * Both are needed because the packages' entry points import their file
 * functions (and through them Node built-ins) and linalg's backend choice
 * knows only Node; see the docs README ("Package changes that would remove
 * these shims").
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'verify'];

export const browserInitBackend = path.join(here, 'initBackend.ts');
export const browserGramPool = path.join(here, 'gramPool.ts');
export const nodeStubs = path.join(here, 'nodeStubs.ts');

export const packageAliases = [
  ...PACKAGES.map((p) => ({
    find: new RegExp(`^@softmax-ntk/${p}$`),
    replacement: path.join(root, 'packages', p, 'src/index.ts'),
  })),
  ...['fs', 'path', 'crypto', 'os'].map((m) => ({ find: new RegExp(`^node:${m}$`), replacement: nodeStubs })),
];

/** Swap linalg's Node backend selection and ntk's worker-thread pool for their browser versions. */
export function browserShims(): Plugin {
  const swaps = new Map([
    [path.join(root, 'packages/linalg/src/backend/initBackend'), browserInitBackend],
    [path.join(root, 'packages/ntk/src/internal/gramPool'), browserGramPool],
  ]);
  return {
    name: 'softmax-ntk-browser-shims',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const abs = path.resolve(path.dirname(importer), source).replace(/\.ts$/, '');
      return swaps.get(abs) ?? null;
    },
  };
}
