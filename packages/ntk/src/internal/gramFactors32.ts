/**
 * The operands of the float32 tile kernel (./gramTiles) for H of Definition 3.6
 * (Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax", 2024):
 * the Jacobian coefficients c (nd × m, float32), their transposed blocks cT,
 * and X Xᵀ (float64).
 *
 * Softmax: S = softmax(X Wᵀ) (n × m) and P = S·aᵀ (n × d) from the tfjs
 * backend, here; c_{(ℓ,i),r} = m·S_{i,r}(a_{ℓ,r} − P_{i,ℓ}) is left pending
 * (`TileProblem.pending`): c/m is written chunk by chunk by ./gramTiles'
 * `buildChunk`, in the workers of `gramAsync` or in this thread, and the
 * m² / m = m of (1/κ)(c cᵀ) is the scale s. The baselines take c from
 * `jacobianFactors` of @softmax-ntk/network with s = 1/κ, here; only their
 * transposition is pending.
 *
 * For the `tfjs` tile kernel, cT holds c transposed block by block (block b:
 * the m × T transpose of rows b·T … b·T + T − 1 of c, stored contiguously at
 * b·T·m), the right operands of the tile products, so no tile transposes
 * anything; the `simd` kernel (wasm and cpu backends) needs no cT.
 *
 * `shared` puts X Xᵀ, H and the softmax factors in SharedArrayBuffers for the
 * worker pool; c, cT and S always live in one (see `acquire`). Below the public
 * edge: nothing is validated here.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  matmul,
  sharedRowProducts32,
  transpose,
  type Matrix,
  type SharedRowProducts32,
  type SharedRowProducts32Handle,
} from '@softmax-ntk/linalg';
import { jacobianFactors } from '@softmax-ntk/network';
import type { Activation } from './validate';
import { readView, type SoftmaxFactors, type TileKernel, type TileProblem } from './gramTiles';
import { Kept, KeptShared } from './keptShared';

/**
 * c, its transposed blocks and S, written into the three largest buffers kept from earlier calls (./keptShared:
 * shared, so the workers read and write them too).
 */
const spares = new KeptShared(3);

function acquire(length: number): Float32Array {
  return new Float32Array(spares.acquire(4 * length), 0, length);
}

/** The shared buffer of X Xᵀ, K, P and a of the float32 `gramAsync` with workers (./keptShared). */
export const shared32 = new KeptShared();

/**
 * The shared WebAssembly memory of c for the workers' SIMD kernel (linalg's `sharedRowProducts32`: every worker reads
 * c in place, none copies it), kept for the next call like ./keptShared's buffers: the largest given back (of equal
 * ones the first), taken out while a call uses it, reused whatever its size (grown if too small).
 */
const keptRows = new Kept<SharedRowProducts32Handle>(
  1,
  (h) => (h.memory as { buffer: ArrayBufferLike }).buffer.byteLength,
);

/** Gives the buffers of `problem.c`, `problem.cT` and S, and the shared one of K, back for the next call. */
export function releaseFactors(problem: TileProblem): void {
  const S = problem.pending?.softmax?.S;
  // (c in the workers' shared WebAssembly memory goes back as that memory, never as a spare buffer)
  if (problem.rowProducts) keptRows.give(problem.rowProducts);
  else if (problem.c.length > 0) spares.release(problem.c.buffer);
  for (const b of [problem.cT, ...(S ? [S] : [])]) if (b.length > 0) spares.release(b.buffer);
  // (a browser page that is not cross-origin isolated has no SharedArrayBuffer at all)
  if (typeof SharedArrayBuffer === 'function' && problem.out.buffer instanceof SharedArrayBuffer)
    shared32.release(problem.out.buffer);
}

/** Drops the kept buffers (`terminateGramWorkers`). */
export function dropSpareFactors(): void {
  spares.drop();
  shared32.drop();
  keptRows.drop();
}

const f32 = (m: Matrix) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32');

/**
 * Whether tfjs computes on one core with this backend (wasm under Node, cpu): there the float32 Gram takes
 * worker threads (`gramAsync`) and linalg's SIMD tile kernel; tfjs-node and WebGL have faster engines of their own.
 */
export function computesOnOneCore(backend: string): boolean {
  return backend === 'wasm' || backend === 'cpu';
}

/** The tile kernel for the current tfjs backend: `simd` where tfjs computes on one core. */
export function defaultTileKernel(): TileKernel {
  return computesOnOneCore(tf.getBackend()) ? 'simd' : 'tfjs';
}

/**
 * `shared`: the operands in shared memory for `slots` workers (with the `simd` kernel, c in a shared WebAssembly
 * memory that their kernels read in place); `kernel`: the tile kernel (default: `defaultTileKernel()`; tests run
 * both on any backend).
 */
export function gramFactors32(
  o: { w: Matrix; a: Matrix; x: Matrix; activation: Activation },
  tile: number,
  shared: boolean,
  kernel: TileKernel = defaultTileKernel(),
  slots = 2,
): TileProblem {
  const { w, a, x } = o;
  const n = x.rows;
  const m = w.rows;
  const d = a.rows;
  const nd = n * d;
  // With workers: X Xᵀ, K, P and a in one kept shared buffer (./keptShared), the float64s first; alone: each its own
  const float64s = n * n + nd * nd;
  const float32s = o.activation === 'softmax' ? n * d + d * m : 0;
  const buffer = shared ? shared32.acquire(8 * float64s + 4 * float32s) : undefined;
  // (alone: over an ArrayBuffer of this realm's global, which `new Float64Array(length)` need not be: H is transferable)
  const g = new Float64Array(buffer ?? new ArrayBuffer(8 * n * n), 0, n * n);
  const out = new Float64Array(buffer ?? new ArrayBuffer(8 * nd * nd), buffer ? 8 * n * n : 0, nd * nd);
  const f32At = 8 * float64s;
  const rows = shared && kernel === 'simd' ? sharedC(nd, m, slots, tile) : undefined;
  const c = rows?.a ?? acquire(nd * m);
  const cT = kernel === 'tfjs' ? acquire(nd * m) : new Float32Array(0);
  let s: number;
  let pending: TileProblem['pending'];
  if (o.activation === 'softmax') {
    const [St, Pt] = tf.tidy((): [tf.Tensor2D, tf.Tensor2D] => {
      const Sx = tf.softmax(tf.matMul(f32(x), f32(transpose(w)))) as tf.Tensor2D; // n × m
      return [Sx, tf.matMul(Sx, f32(transpose(a)))]; // P: n × d
    });
    // Read out after tidy: tidy walks what it returns, and a typed array of n·m entries costs it a second.
    // S goes into a kept buffer (`acquire`) straight from the backend's memory: no fresh n·m array to touch.
    const softmax: SoftmaxFactors = {
      S: acquire(n * m),
      P: new Float32Array(buffer ?? new ArrayBuffer(4 * n * d), buffer ? f32At : 0, n * d),
      a: new Float32Array(buffer ?? new ArrayBuffer(4 * d * m), buffer ? f32At + 4 * n * d : 0, d * m),
      d,
    };
    try {
      softmax.S.set(readView(St));
      softmax.P.set(readView(Pt));
    } finally {
      tf.dispose([St, Pt]);
    }
    softmax.a.set(a.data);
    pending = { softmax };
    s = m;
  } else {
    const f = jacobianFactors({ w, a, x, activation: o.activation, precision: 'float32' });
    c.set(f.c.data);
    pending = kernel === 'tfjs' ? {} : undefined; // only cT's transposes are left
    s = 1 / f.kernelScale;
  }
  g.set(matmul({ a: x, b: x, transB: true }).data); // X Xᵀ, n × n
  return {
    c,
    cT,
    kernel,
    nd,
    m,
    g,
    n,
    s,
    out,
    tile,
    ...(pending ? { pending } : {}),
    ...(rows ? { rowProducts: rows.handle } : {}),
  };
}

/** c (nd × m) in the kept shared WebAssembly memory, with `slots` tile outputs; undefined where there is none. */
function sharedC(nd: number, m: number, slots: number, tile: number): SharedRowProducts32 | undefined {
  const reuse = keptRows.take(); // in use until `releaseFactors`: a concurrent call takes a memory of its own
  return sharedRowProducts32({ rows: nd, cols: m, slots, blockRows: tile, ...(reuse ? { reuse } : {}) });
}
