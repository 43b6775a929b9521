/**
 * Test support for the kernel pool of ./kernels, for the tests of this package only (not exported): a kernel
 * routine and the pool loaded from one fresh module registry (an empty pool, whatever the other tests of the worker
 * left in it), and the memory of the idle instance a call gave back, beside a fresh one's. The mutants tests of
 * gemmWasm, syrkWasm, syrkRows and rowProducts32 use it to see that a routine gives its instance back
 * (`finally { releaseKernels }` emptied leaves the pool empty) and asks for the memory it needs (a fresh instance
 * grows to what it is asked for, rounded up to a 64 KiB page).
 */
import type * as KernelsModule from './kernels';

/** The kernel pool of ./kernels (a kind of instance: 'f64', 'net', 'eig', …). */
export type KernelKind = Parameters<typeof KernelsModule.releaseKernels>[0];

/**
 * The pool module and the module `load` requires, both from one fresh module registry (`jest.isolateModules`), so
 * that the pool is empty and the routine uses that pool.
 *
 * @param load - Requires the routine's module, relative to the calling test file
 *   (`() => require('./syrkRows') as typeof SyrkRowsModule`).
 */
export function withFreshPool<M>(load: () => M): { kernels: typeof KernelsModule; module: M } {
  let kernels: typeof KernelsModule | undefined;
  let module: M | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the pool from the fresh registry
    kernels = require('./kernels') as typeof KernelsModule;
    module = load();
  });
  if (kernels === undefined || module === undefined) throw new Error('the modules did not load');
  return { kernels, module };
}

/**
 * The memory, in bytes, of the instance of `kind` that the pool hands out next (after a call, the one the call gave
 * back) and of a second one taken while the first is held (a fresh instance, unless the pool held two), and whether
 * the two are one instance (the pool holding it twice); both are given back.
 */
export function pooledMemory(
  kernels: typeof KernelsModule,
  kind: KernelKind,
): { used: number; fresh: number; same: boolean } {
  const used = kernels.acquireKernels(kind, 0, 'the pool probe');
  const fresh = kernels.acquireKernels(kind, 0, 'a second probe, while the first is held');
  try {
    return { used: used.memory.buffer.byteLength, fresh: fresh.memory.buffer.byteLength, same: used === fresh };
  } finally {
    kernels.releaseKernels(kind, used);
    kernels.releaseKernels(kind, fresh);
  }
}
