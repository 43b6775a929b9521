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
import { matmul, transpose, type Matrix } from '@softmax-ntk/linalg';
import { jacobianFactors } from '@softmax-ntk/network';
import type { Activation } from './validate';
import { readView, type SoftmaxFactors, type TileKernel, type TileProblem } from './gramTiles';
import { KeptShared } from './keptShared';

/**
 * c, its transposed blocks and S are written into buffers kept from the previous call (grow-only, shared, so
 * the workers read and write them too): on this machine the first touch of fresh memory costs ~4 ms per MB (a
 * Firecracker guest whose freed pages go back to the host), 130 ms for each 32 MB operand at
 * (n, d, m) = (256, 8, 4096) — more than building it. A buffer in use (a job still running) is never handed
 * out twice.
 */
let spares: Float32Array[] = [];

/**
 * SharedArrayBuffer where threads can share memory (Node; cross-origin-isolated pages), else ArrayBuffer: a
 * plain browser page has no SharedArrayBuffer, and there `gram` computes in its own thread anyway.
 */
const SpareBuffer = (
  typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : ArrayBuffer
) as ArrayBufferConstructor;

function acquire(length: number): Float32Array {
  const k = spares.findIndex((b) => b.length >= length);
  if (k < 0) return new Float32Array(new SpareBuffer(4 * length)).subarray(0, length);
  const buf = spares[k] as Float32Array;
  spares.splice(k, 1);
  return buf.subarray(0, length);
}

function release(views: Float32Array[]): void {
  for (const v of views) spares.push(new Float32Array(v.buffer));
  // the three largest (c, cT and S of the largest problem so far), smallest first, so `acquire` takes the tightest fit
  spares = spares
    .sort((p, q) => q.length - p.length)
    .slice(0, 3)
    .reverse();
}

/** The shared buffer of X Xᵀ, K, P and a of the float32 `gramAsync` with workers (./keptShared). */
export const shared32 = new KeptShared();

/** Gives the buffers of `problem.c`, `problem.cT` and S, and the shared one of K, back for the next call. */
export function releaseFactors(problem: TileProblem): void {
  const S = problem.pending?.softmax?.S;
  release([problem.c, problem.cT, ...(S ? [S] : [])].filter((b) => b.length > 0));
  // (a browser page that is not cross-origin isolated has no SharedArrayBuffer at all)
  if (typeof SharedArrayBuffer === 'function' && problem.out.buffer instanceof SharedArrayBuffer)
    shared32.release(problem.out.buffer);
}

/** Drops the kept buffers (`terminateGramWorkers`). */
export function dropSpareFactors(): void {
  spares = [];
  shared32.drop();
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

/** `kernel`: the tile kernel (default: `defaultTileKernel()`; tests run both on any backend). */
export function gramFactors32(
  o: { w: Matrix; a: Matrix; x: Matrix; activation: Activation },
  tile: number,
  shared: boolean,
  kernel: TileKernel = defaultTileKernel(),
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
  const g = new Float64Array(buffer ?? new ArrayBuffer(8 * n * n), 0, n * n);
  const out = buffer ? new Float64Array(buffer, 8 * n * n, nd * nd) : new Float64Array(new ArrayBuffer(8 * nd * nd));
  const f32At = 8 * float64s;
  const c = acquire(nd * m);
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
      P: buffer ? new Float32Array(buffer, f32At, n * d) : new Float32Array(new ArrayBuffer(4 * n * d)),
      a: buffer ? new Float32Array(buffer, f32At + 4 * n * d, d * m) : new Float32Array(new ArrayBuffer(4 * d * m)),
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
  return { c, cT, kernel, nd, m, g, n, s, out, tile, ...(pending ? { pending } : {}) };
}
