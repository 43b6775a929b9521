/**
 * The operands of the float32 tile kernel (./gramTiles) for H of Definition 3.6
 * (Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax", 2024):
 * the Jacobian coefficients c (nd × m, float32) and X Xᵀ (float64).
 *
 * Softmax: with S = softmax(X Wᵀ) (n × m) and P = S·aᵀ (n × d) from the tfjs
 * backend, c_{(ℓ,i),r} = m·S_{i,r}(a_{ℓ,r} − P_{i,ℓ}); c/m is stored and the
 * m² / m = m of (1/κ)(c cᵀ) is the scale s. The baselines take c from
 * `jacobianFactors` of @softmax-ntk/network with s = 1/κ.
 *
 * Besides c (nd × m, row-major) it writes cᵀ block by block (block b: the
 * m × T transpose of rows b·T … b·T + T − 1 of c, stored contiguously at b·T·m),
 * the right operands of the tile products, so no thread transposes anything.
 *
 * `shared` puts X Xᵀ and H in SharedArrayBuffers for the worker pool; c and cᵀ
 * always live in one (see `acquire`). Below the public edge: nothing is validated here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matmul, transpose, type Matrix } from '@softmax-ntk/linalg';
import { jacobianFactors } from '@softmax-ntk/network';
import type { Activation } from './validate';
import type { TileProblem } from './gramTiles';

/**
 * c and its transposed blocks are written into buffers kept from the previous call (grow-only, shared, so
 * the workers read them too): on this machine the first touch of fresh memory costs ~4 ms per MB (a
 * Firecracker guest whose freed pages go back to the host), 130 ms for each 32 MB operand at
 * (n, d, m) = (256, 8, 4096) — more than building it. A buffer in use (a job still running) is never handed
 * out twice.
 */
let spares: Float32Array[] = [];

function acquire(length: number): Float32Array {
  const k = spares.findIndex((b) => b.length >= length);
  if (k < 0) return new Float32Array(new SharedArrayBuffer(4 * length)).subarray(0, length);
  const buf = spares[k] as Float32Array;
  spares.splice(k, 1);
  return buf.subarray(0, length);
}

function release(views: Float32Array[]): void {
  for (const v of views) spares.push(new Float32Array(v.buffer as SharedArrayBuffer));
  // the three largest (c, cᵀ and Sᵀ of the largest problem so far), smallest first, so `acquire` takes the tightest fit
  spares = spares.sort((p, q) => q.length - p.length).slice(0, 3).reverse();
}

/** Gives the buffers of `problem.c` and `problem.cT` back for the next call. */
export function releaseFactors(problem: TileProblem): void {
  release([problem.c, problem.cT]);
}

/** Drops the kept buffers (`terminateGramWorkers`). */
export function dropSpareFactors(): void {
  spares = [];
}

/** dst[r·rows + q] = src[q·cols + r] for a rows × cols block of src: cache blocks of 32 × 32. */
function transposeInto(src: Float32Array, srcOffset: number, rows: number, cols: number, dst: Float32Array, dstOffset: number): void {
  for (let q0 = 0; q0 < rows; q0 += 32) {
    const q1 = Math.min(q0 + 32, rows);
    for (let r0 = 0; r0 < cols; r0 += 32) {
      const r1 = Math.min(r0 + 32, cols);
      for (let q = q0; q < q1; q++) {
        const from = srcOffset + q * cols;
        for (let r = r0; r < r1; r++) dst[dstOffset + r * rows + q] = src[from + r] as number;
      }
    }
  }
}

const f32 = (m: Matrix) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32');

export function gramFactors32(o: { w: Matrix; a: Matrix; x: Matrix; activation: Activation }, tile: number, shared: boolean): TileProblem {
  const { w, a, x } = o;
  const n = x.rows;
  const m = w.rows;
  const d = a.rows;
  const nd = n * d;
  const alloc = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const c = acquire(nd * m);
  const cT = acquire(nd * m);
  let s: number;
  if (o.activation === 'softmax') {
    const [St, Pt] = tf.tidy(() => {
      const Sx = tf.softmax(tf.matMul(f32(x), f32(transpose(w)))); // n × m
      return [Sx, tf.matMul(Sx, f32(transpose(a)))]; // P: n × d
    });
    // Read out after tidy: tidy walks what it returns, and a typed array of n·m entries costs it a second.
    const S = St.dataSync() as Float32Array;
    const P = Pt.dataSync() as Float32Array;
    tf.dispose([St, Pt]);
    const a32 = Float32Array.from(a.data);
    for (let l = 0; l < d; l++) {
      const al = l * m;
      for (let i = 0; i < n; i++) {
        const row = (l * n + i) * m;
        const si = i * m;
        const pil = P[i * d + l] as number;
        // Form: c_{(ℓ,i),r} / m = S_{i,r}·(a_{ℓ,r} − P_{i,ℓ})
        for (let r = 0; r < m; r++) c[row + r] = (S[si + r] as number) * ((a32[al + r] as number) - pil);
      }
    }
    // The transposed blocks from Sᵀ (m × n), with the same arithmetic, so they hold exactly the values of c.
    const ST = acquire(n * m);
    transposeInto(S, 0, n, m, ST, 0);
    for (let j0 = 0; j0 < nd; j0 += tile) {
      const rows = Math.min(tile, nd - j0);
      for (let r = 0; r < m; r++) {
        const dst = j0 * m + r * rows;
        const sr = r * n;
        let l = Math.floor(j0 / n);
        let i = j0 - l * n;
        let alr = a32[l * m + r] as number;
        // Form: (c_blockᵀ)_{r,q} / m = S_{i,r}·(a_{ℓ,r} − P_{i,ℓ}), q = ℓ·n + i
        for (let q = 0; q < rows; q++) {
          cT[dst + q] = (ST[sr + i] as number) * (alr - (P[i * d + l] as number));
          if (++i === n && q + 1 < rows) {
            i = 0;
            l++;
            alr = a32[l * m + r] as number;
          }
        }
      }
    }
    release([ST]);
    s = m;
  } else {
    const f = jacobianFactors({ w, a, x, activation: o.activation, precision: 'float32' });
    c.set(f.c.data);
    for (let j0 = 0; j0 < nd; j0 += tile) transposeInto(c, j0 * m, Math.min(tile, nd - j0), m, cT, j0 * m);
    s = 1 / f.kernelScale;
  }
  const g = new Float64Array(alloc(8 * n * n));
  g.set(matmul({ a: x, b: x, transB: true }).data); // X Xᵀ, n × n
  const out = new Float64Array(alloc(8 * nd * nd));
  return { c, cT, nd, m, g, n, s, out, tile };
}
