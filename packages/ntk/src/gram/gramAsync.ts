/**
 * H(W) of Definition 3.6 (kernel function) of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024), with the float32 work split
 * across worker threads.
 *
 * tfjs-backend-wasm computes on one thread under Node, so `gram`'s float32
 * product uses one core. Here this thread computes only the small factors
 * (softmax: $S = \operatorname{softmax}(X W^\top)$ and $P = S a^\top$ on tfjs; the baselines: c) and $X X^\top$;
 * `threads` `worker_threads` workers, started once and kept alive, then write
 * the rows of c chunk by chunk, meet at a barrier, and share the tiles of the
 * upper block triangle of $c \cdot c^\top$ (the kernel of `gram`, ../internal/gramTiles:
 * linalg's SIMD kernel, which the workers run without a tfjs backend). c lives in
 * one shared WebAssembly memory that every worker's kernel reads in place (linalg's
 * `sharedRowProducts32`); the other operands and K in SharedArrayBuffers; all are
 * kept between calls, so nothing is copied between threads; H is K copied out. Every
 * chunk and tile is the same computation on every thread count, so the result
 * is bitwise that of `gram`.
 *
 * float64: c and $X X^\top$ in this thread; the row bands of the lower triangle of
 * $c \cdot c^\top$ (../internal/gramBands64: linalg's SIMD `syrkLowerRows`, equal work
 * per band, each band then scaled by $X X^\top$ and mirrored by whoever computed it)
 * are taken from an atomic counter by this thread and `threads − 1` workers of
 * the same pool, c, $X X^\top$ and K in one SharedArrayBuffer kept between calls (K then copied into H, an
 * ordinary Float64Array); the bands are the same as `gram`'s, so again the result is bitwise `gram`'s.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matmul, type Matrix } from '@softmax-ntk/linalg';
import { resolveThreads } from '@softmax-ntk/linalg/node';
import { computesOnOneCore, gramFactors32, releaseFactors } from '../internal/gramFactors32';
import { runAllTiles, tileCount, TILE_ROWS } from '../internal/gramTiles';
import { runBands64WithPool, runOnPool } from '../internal/gramPool';
import { bandBounds, runAllBands64, runBand64, shared64 } from '../internal/gramBands64';
import { jacobianFactors } from '@softmax-ntk/network';
import { checkGram, type GramOptions } from './gram';

/** Options of {@link gramAsync}. */
export interface GramAsyncOptions extends GramOptions {
  /**
   * Threads for the product. Default: `SOFTMAX_NTK_THREADS`, else `os.availableParallelism()`.
   * `1` computes in this thread (exactly `gram`). float32: more use that many workers (at most one per tile;
   * ignored on a tfjs backend other than wasm and cpu: tfjs-node is multi-threaded itself). float64: this thread
   * and `threads − 1` workers share the row bands of $c \cdot c^\top$ (from nd = 512 up; below, one band in this thread).
   */
  threads?: number;
}

/**
 * H(W) as `gram` computes it, the float32 product on `threads` worker threads.
 *
 * @param options - `gram`'s options, plus `threads`.
 *
 * @see Definition 3.6: $H = (1/\kappa) \cdot (c \cdot c^\top) \odot (X X^\top \otimes \mathbf{1}_{d \times d})$.
 *
 * @example
 * ```js
 * import { makeProblem } from '@softmax-ntk/network';
 * import { gram } from '@softmax-ntk/ntk';
 * import { gramAsync, terminateGramWorkers } from '@softmax-ntk/ntk/node';
 *
 * // H(W) on two threads: the same matrix as `gram`, bit for bit
 * const { problem } = makeProblem({ n: 4, dIn: 3, dOut: 2, numNeurons: 64, sigma: 1, seed: 1 });
 * const net = { w: problem.w, a: problem.a, x: problem.x };
 * const H = await gramAsync({ ...net, threads: 2 });
 * const H1 = gram(net);
 * console.log(H.rows, H.cols, H.data[0].toFixed(4), H.data.every((v, k) => v === H1.data[k]));
 * // → 8 8 0.7816 true
 * await terminateGramWorkers();
 * ```
 */
export async function gramAsync(options: GramAsyncOptions): Promise<Matrix> {
  return gramAsyncTiled(options, TILE_ROWS);
}

/** `gramAsync` with another block size (tests: several tiles on small shapes). */
export async function gramAsyncTiled(options: GramAsyncOptions, tile: number): Promise<Matrix> {
  const threads = resolveThreads(options.threads);
  const { precision, activation } = checkGram(options);
  if (precision === 'float64') return gram64Async(options, threads);
  const backend = tf.getBackend();
  const nd = options.x.rows * options.a.rows;
  const workers = computesOnOneCore(backend) ? Math.min(threads, tileCount(nd, tile)) : 1;
  const { w, a, x } = options;
  const problem = gramFactors32({ w, a, x, activation }, tile, workers > 1, undefined, workers);
  try {
    // Workers only where tfjs computes on one core (wasm, cpu), so the tile kernel is linalg's SIMD one, not tfjs's:
    // they start no tfjs backend (less memory, a faster start).
    if (workers > 1) await runOnPool(problem, workers, undefined);
    else runAllTiles(problem);
    // With workers, K is in the shared buffer the next call reuses (../internal/keptShared): H is a copy.
    return { rows: nd, cols: nd, data: workers > 1 ? problem.out.slice() : problem.out };
  } finally {
    releaseFactors(problem);
  }
}

/**
 * float64: c (Jacobian coefficients) and $X X^\top$ in this thread; the bands of $c \cdot c^\top$ (../internal/gramBands64, each
 * scaled by the input factor and mirrored as it finishes) shared between this thread and `threads − 1` workers, c,
 * $X X^\top$ and K in one SharedArrayBuffer kept between calls (../internal/keptShared), K then
 * copied into H. Bitwise `gram`'s result.
 */
async function gram64Async(options: GramAsyncOptions, threads: number): Promise<Matrix> {
  const activation = options.activation ?? 'softmax';
  const n = options.x.rows;
  const nd = n * options.a.rows;
  const m = options.w.rows;
  const bounds = bandBounds(nd);
  const workers = Math.min(threads, bounds.length - 1) - 1;
  const net = { w: options.w, a: options.a, x: options.x, activation, precision: 'float64' as const };
  // X Xᵀ: each band applies the input factor of Definition 3.6 to its own entries and mirrors them
  const xx = matmul({ a: options.x, b: options.x, transB: true }).data;
  if (workers < 1) {
    const { c, kernelScale } = jacobianFactors(net);
    const out = new Float64Array(nd * nd);
    runAllBands64({ c: c.data, nd, m, out, bounds, input: { g: xx, n, s: 1 / kernelScale } });
    return { rows: nd, cols: nd, data: out };
  }
  // With workers: c (written there directly: no second copy of its n·d·m float64s), X Xᵀ and K in one shared buffer
  const buffer = shared64.acquire(8 * (nd * m + n * n + nd * nd));
  try {
    const cShared = new Float64Array(buffer, 0, nd * m);
    const g = new Float64Array(buffer, 8 * nd * m, n * n);
    const out = new Float64Array(buffer, 8 * (nd * m + n * n), nd * nd);
    const { c, kernelScale } = jacobianFactors({ ...net, out: cShared });
    // the exp baseline past float64's exp range returns a new array
    if (c.data !== cShared) cShared.set(c.data);
    g.set(xx);
    const problem = { c: cShared, nd, m, out, bounds, input: { g, n, s: 1 / kernelScale } };
    await runBands64WithPool(problem, workers, (sync) => {
      for (let k = Atomics.add(sync, 0, 1); k + 1 < bounds.length; k = Atomics.add(sync, 0, 1)) runBand64(problem, k);
    });
    return { rows: nd, cols: nd, data: out.slice() };
  } finally {
    shared64.release(buffer);
  }
}
