/**
 * zod, loaded on first use rather than at import (issue #14: zod's module costs ~0.1 s of CPU to load, about a
 * third of `import('@softmax-ntk/network')`; building the schemas afterwards costs a few milliseconds). In Node
 * (20.16 or later) the first read of a file format loads it synchronously, so the readers stay synchronous; elsewhere
 * (a browser, a bundle) the load starts when this module is imported and `await loadValidation()` waits for it.
 */
import type * as ZodModule from 'zod';

/** zod's `z` namespace, the builder every schema of the file formats is written with. */
export type Zod = typeof ZodModule.z;

let loaded: Zod | undefined;

/** Node's `module` built-in when the runtime offers a synchronous way to it (Node 20.16 or later), else undefined. */
function nodeModule(): typeof import('node:module') | undefined {
  return (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
    'node:module',
  ) as typeof import('node:module') | undefined;
}

/**
 * Loads zod ahead of use; resolves when the file readers (`parseProblem`, `parseTarget`, …) can validate.
 * Needed only outside Node, and there only when a reader runs before the load this module starts at import
 * has finished; in Node the first reader loads zod itself.
 *
 * @example
 * ```ts
 * import { loadValidation, zod } from '@softmax-ntk/linalg';
 *
 * // In a browser: await it before the first file reader runs (Node loads zod on first use by itself)
 * await loadValidation();
 * console.log(typeof zod().object); // function
 * ```
 */
export async function loadValidation(): Promise<void> {
  loaded ??= (await import('zod')).z;
}

// Outside Node there is no synchronous require: start the load now (a bundle has zod in it; this is quick).
if (!nodeModule()) loadValidation().catch(() => undefined);

/**
 * zod's `z`, loaded synchronously on first use in Node; a one-line error elsewhere until loaded.
 *
 * @example
 * ```ts
 * import { zod } from '@softmax-ntk/linalg';
 *
 * // The workspace's one zod, loaded on first use
 * const z = zod();
 * console.log(z.number().int().safeParse(2.5).success); // false
 * ```
 */
export function zod(): Zod {
  if (loaded) return loaded;
  const m = nodeModule();
  if (!m)
    throw new Error(
      'the validator (zod) is not loaded yet: call `await loadValidation()` from @softmax-ntk/linalg first (needed outside Node ≥ 20.16)',
    );
  loaded = (m.createRequire(import.meta.url)('zod') as typeof ZodModule).z;
  return loaded;
}

/**
 * A schema built on first use: `lazySchema((z) => z.object({ … }))` returns a function giving the one schema,
 * built (and zod loaded) the first time it is called.
 *
 * @param build - Builds the schema from zod's `z`; called once, on the first use.
 *
 * @example
 * ```ts
 * import { lazySchema, parseWithSchema } from '@softmax-ntk/linalg';
 *
 * // A schema built (and zod loaded) the first time it is used, so importing a package stays fast
 * const pointSchema = lazySchema((z) => z.object({ x: z.number(), y: z.number() }).strict());
 * console.log(JSON.stringify(parseWithSchema(pointSchema(), { x: 1, y: 2 })), pointSchema() === pointSchema());
 * // → {"x":1,"y":2} true
 * ```
 */
export function lazySchema<T>(build: (z: Zod) => T): () => T {
  let schema: T | undefined;
  return () => (schema ??= build(zod()));
}
