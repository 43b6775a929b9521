/**
 * The float32 tile kernel of Definition 3.6 (kernel function) of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024):
 *
 *     H = s · (c·cᵀ) ⊙ (X Xᵀ ⊗ 1_{d×d}),   c: nd × m (float32), rows output-major ℓ·n + i,
 *
 * formed tile by tile over the upper block triangle of c·cᵀ only. Rows of c are
 * cut into blocks of `tile` rows (the last one may be shorter); tile (bi, bj),
 * bi ≤ bj, is the product of the row blocks c_bi·c_bjᵀ — on the wasm and cpu
 * backends by linalg's f32x4 SIMD kernel `rowProducts32` (dot products of rows
 * of c, no transpose), else one flag-free tfjs `matMul` of c_bi (T × m) and the
 * transposed row block c_bjᵀ (m × T, written transposed by `buildChunk`:
 * tfjs-wasm's `matMul` with `transposeB` leaves its fast path) — read out, multiplied
 * entry-wise by s·⟨x_i, x_j⟩ in float64 and written to H at (p, q) and (q, p).
 * Diagonal tiles use their upper triangle only, so H is exactly symmetric.
 *
 * Before the tiles, the operands may still have to be written (`pending`, from
 * ./gramFactors32): chunks of `CHUNK_ROWS` rows of c — for softmax from S and P,
 *
 *     c_{(ℓ,i),r} / m = S_{i,r}·(a_{ℓ,r} − P_{i,ℓ}),
 *
 * each chunk then transposed into its place in the cT blocks while still in cache.
 *
 * The same kernel runs in-process (`gram`, `gramAsync` with one thread) and in
 * every worker of the pool (`gramAsync`), where chunks and then tiles are handed
 * out by atomic counters in shared memory (a barrier between the two: a tile
 * reads blocks that any worker may have written); neither a chunk's nor a tile's
 * numbers depend on which thread computed it, so H is bitwise the same for every
 * thread count. Below the public edge: nothing is validated here.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  attachRowProducts32,
  rowProducts32,
  type RowProducts32,
  type SharedRowProducts32Handle,
} from '@softmax-ntk/linalg';

/**
 * Rows per block. Measured on tfjs-wasm (SIMD, 1 thread) at nd = 2048, m = 4096: the upper-triangle
 * tile products take 0.68 s at 128, 0.58 s at 256, 0.78 s at 512, 0.97 s at 1024 rows (256: 33 GFLOP/s
 * on 56 % of the flops of the full product, which alone takes 1.33 s).
 */
export const TILE_ROWS = 256;

/** Cap on the operand blocks a runner keeps uploaded on its backend (least recently used are dropped). */
const CACHE_BYTES = 256 * 2 ** 20;

/** Rows of c per build chunk: 32 rows × m = 4096 are 512 KB, still in cache when transposed into cT. */
export const CHUNK_ROWS = 32;

/** The softmax factors c is built from (float32; in SharedArrayBuffers for the workers). */
export interface SoftmaxFactors {
  /** S = softmax(X Wᵀ), n × m. */
  S: Float32Array;
  /** P = S·aᵀ, n × d. */
  P: Float32Array;
  /** a, d × m. */
  a: Float32Array;
  d: number;
}

/**
 * How tiles are multiplied. `simd`: linalg's `rowProducts32`, the f32x4 WebAssembly kernel that takes c's rows
 * as they are (no cT; ~36 GFLOP/s per core here against ~29 for tfjs-wasm's `matMul` on the same tiles), chosen
 * when the tfjs backend is wasm or cpu. `tfjs`: `matMul` of c's row block and a cT block on the tfjs backend
 * (tfjs-node's multi-threaded BLAS, WebGL), where that is the faster engine.
 */
export type TileKernel = 'simd' | 'tfjs';

export interface TileProblem {
  /** c, nd × m, row-major (may live in a SharedArrayBuffer; see `pending`). */
  c: Float32Array;
  /** `tfjs` kernel: cᵀ by blocks of `tile` rows of c, block b (m × T_b, row-major) at offset b·tile·m; empty for `simd`. */
  cT: Float32Array;
  kernel: TileKernel;
  nd: number;
  m: number;
  /** X Xᵀ, n × n, float64. */
  g: Float64Array;
  n: number;
  /** The scale s of the entries (1/κ, times m² when c is stored divided by m). */
  s: number;
  /** H, nd × nd (may live in a SharedArrayBuffer); every entry is written. */
  out: Float64Array;
  /** Rows per block. */
  tile: number;
  /**
   * Operands still to be written before any tile, by `buildChunk`: the cT blocks (`tfjs` kernel), and the rows
   * of c from `softmax` when it is given (else c is complete). Absent: c and cT are both complete.
   */
  pending?: { softmax?: SoftmaxFactors };
  /**
   * `simd` kernel with workers: c lives in this shared WebAssembly memory (linalg's `sharedRowProducts32`), which
   * each worker's kernel reads in place (its output in the slot of the worker's number) instead of copying c.
   */
  rowProducts?: SharedRowProducts32Handle;
}

/** Number of build chunks of `p` (0 when nothing is pending). */
export function chunkCount(p: TileProblem): number {
  return p.pending ? Math.ceil(p.nd / CHUNK_ROWS) : 0;
}

/** dst[dstOffset + r·dstStride + q] = src[srcOffset + q·cols + r] for q < rows, r < cols: cache blocks of 32 × 32. */
function transposeInto(
  src: Float32Array,
  srcOffset: number,
  rows: number,
  cols: number,
  dst: Float32Array,
  dstOffset: number,
  dstStride: number,
): void {
  for (let q0 = 0; q0 < rows; q0 += 32) {
    const q1 = Math.min(q0 + 32, rows);
    for (let r0 = 0; r0 < cols; r0 += 32) {
      const r1 = Math.min(r0 + 32, cols);
      for (let q = q0; q < q1; q++) {
        const from = srcOffset + q * cols;
        for (let r = r0; r < r1; r++) dst[dstOffset + r * dstStride + q] = src[from + r] as number;
      }
    }
  }
}

/** Writes build chunk k of `p`: rows k·CHUNK_ROWS … of c (from the softmax factors, if pending), then (`tfjs` kernel) their columns of cT. */
export function buildChunk(p: TileProblem, k: number): void {
  const { c, cT, m, n, nd, tile } = p;
  const lo = k * CHUNK_ROWS;
  const hi = Math.min(lo + CHUNK_ROWS, nd);
  const f = p.pending?.softmax;
  if (f) {
    const { S, P, a, d } = f;
    for (let q = lo; q < hi; q++) {
      const l = Math.floor(q / n);
      const i = q - l * n;
      const row = q * m;
      const si = i * m;
      const al = l * m;
      const pil = P[i * d + l] as number;
      // Form: c_{(ℓ,i),r} / m = S_{i,r}·(a_{ℓ,r} − P_{i,ℓ}), row q = ℓ·n + i
      for (let r = 0; r < m; r++) c[row + r] = (S[si + r] as number) * ((a[al + r] as number) - pil);
    }
  }
  if (p.kernel === 'simd') return; // the SIMD kernel reads c's rows as they are
  // Block b of cT is the m × T_b transpose of rows b·tile … of c, at b·tile·m; a chunk may span two blocks.
  for (let q0 = lo; q0 < hi;) {
    const j0 = Math.floor(q0 / tile) * tile;
    const rows = Math.min(tile, nd - j0);
    const q1 = Math.min(hi, j0 + rows);
    transposeInto(c, q0 * m, q1 - q0, m, cT, j0 * m + (q0 - j0), rows);
    q0 = q1;
  }
}

/** Slots of a job's shared Int32Array (`sync`) in the worker pool: next build chunk, chunks written, next tile, abort flag. */
export const SYNC = { chunk: 0, built: 1, tile: 2, abort: 3, length: 4 } as const;

/** Number of tiles of the upper block triangle. */
export function tileCount(nd: number, tile: number): number {
  const nb = Math.ceil(nd / tile);
  return (nb * (nb + 1)) / 2;
}

/** Tile k in column order of the upper block triangle: (0,0), (0,1), (1,1), (0,2), … — consecutive tiles share c_bjᵀ. */
export function tileAt(k: number): [bi: number, bj: number] {
  let bj = Math.floor((Math.sqrt(8 * k + 1) - 1) / 2);
  while (((bj + 1) * (bj + 2)) / 2 <= k) bj++;
  while ((bj * (bj + 1)) / 2 > k) bj--;
  return [k - (bj * (bj + 1)) / 2, bj];
}

/**
 * The values of a float32 tensor, valid until it is disposed: a view of tfjs-wasm's heap (`typedArrayFromHeap`) when the
 * backend offers one, else `dataSync`. (`dataSync` on wasm copies into a fresh array on every call, and on this machine
 * the first touch of fresh memory costs ~4 ms per MB: ~1 ms per 256 × 256 tile, 14–19 ms for S at (n, m) = (256, 4096).)
 */
export function readView(t: tf.Tensor): Float32Array {
  const backend = tf.backend() as Partial<{ typedArrayFromHeap(t: tf.TensorInfo): Float32Array }>;
  return typeof backend.typedArrayFromHeap === 'function'
    ? backend.typedArrayFromHeap(t)
    : (t.dataSync() as Float32Array);
}

/** Computes tiles of one problem on the current tfjs backend, keeping the operand blocks it uploaded. */
export class TileRunner {
  /** Milliseconds spent per phase (uploads of operand blocks, products, read-outs, writes to H). */
  readonly ms = { upload: 0, product: 0, readout: 0, write: 0 };
  private readonly cache = new Map<string, tf.Tensor2D>();
  private cachedBytes = 0;
  /**
   * `simd` kernel: on the first tile (after the build barrier), attached to c's shared memory (`rowProducts`, output
   * slot `slot`), else c copied into the kernel's memory.
   */
  private products: RowProducts32 | undefined;

  /**
   * `cacheBytes`: the cap on kept operand blocks, at least a tile's two (tests: a small one, to run the eviction);
   * `slot`: this thread's output slot of `p.rowProducts` (its number among the job's workers).
   */
  constructor(
    private readonly p: TileProblem,
    private readonly cacheBytes = CACHE_BYTES,
    private readonly slot = 0,
  ) {}

  run(k: number): void {
    const { p } = this;
    const [bi, bj] = tileAt(k);
    const i0 = bi * p.tile;
    const i1 = Math.min(i0 + p.tile, p.nd);
    const j0 = bj * p.tile;
    const j1 = Math.min(j0 + p.tile, p.nd);
    const ms = this.ms;
    let t0 = performance.now();
    const lap = () => {
      const t1 = performance.now();
      const dt = t1 - t0;
      t0 = t1;
      return dt;
    };
    if (p.kernel === 'simd') {
      this.products ??= p.rowProducts
        ? attachRowProducts32(p.rowProducts, this.slot)
        : rowProducts32({ a: p.c, rows: p.nd, cols: p.m });
      ms.upload += lap();
      // Form: T = c[i0:i1, :] · (c[j0:j1, :])ᵀ, dot products of rows of c (a view of the kernel's memory);
      // a diagonal tile computes only its upper triangle, the part `write` reads
      const t = this.products.block(i0, i1, j0, j1, bi === bj);
      ms.product += lap();
      this.write(t, i0, i1, j0, j1, bi === bj);
      ms.write += lap();
      return;
    }
    const A = this.block('r', bi, i0, i1);
    const B = this.block('t', bj, j0, j1);
    ms.upload += lap();
    // Form: T = c[i0:i1, :] · (c[j0:j1, :])ᵀ, both operands in the orientation of the flag-free product
    const P = tf.matMul(A, B);
    ms.product += lap(); // (the wasm backend computes synchronously)
    try {
      const t = readView(P);
      ms.readout += lap();
      this.write(t, i0, i1, j0, j1, bi === bj);
    } finally {
      P.dispose();
    }
    ms.write += lap();
  }

  dispose(): void {
    this.products?.dispose();
    this.products = undefined;
    for (const t of this.cache.values()) t.dispose();
    this.cache.clear();
    this.cachedBytes = 0;
  }

  /** Row block c[r0:r1, :] ('r', (r1 − r0) × m) or its transpose ('t', m × (r1 − r0)), uploaded once. */
  private block(kind: 'r' | 't', b: number, r0: number, r1: number): tf.Tensor2D {
    const key = kind + b;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); // re-insert: Map order is the recency order
      this.cache.set(key, hit);
      return hit;
    }
    const { c, cT, m } = this.p;
    const rows = r1 - r0;
    const t =
      kind === 'r'
        ? tf.tensor2d(c.subarray(r0 * m, r1 * m), [rows, m], 'float32')
        : tf.tensor2d(cT.subarray(r0 * m, r1 * m), [m, rows], 'float32');
    this.cache.set(key, t);
    this.cachedBytes += 4 * rows * m;
    for (const [k, old] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes || old === t) break;
      old.dispose();
      this.cachedBytes -= 4 * old.size;
      this.cache.delete(k);
    }
    return t;
  }

  private write(t: Float32Array, i0: number, i1: number, j0: number, j1: number, diagonal: boolean): void {
    const { out, g, n, nd, s } = this.p;
    const w = j1 - j0;
    // Form: H[p, q] = s · T[p − i0, q − j0] · ⟨x_{p mod n}, x_{q mod n}⟩, for q ≥ p on a diagonal tile
    for (let p = i0; p < i1; p++) {
      const gi = (p % n) * n;
      const row = p * nd;
      const tr = (p - i0) * w - j0;
      const q0 = diagonal ? p : j0;
      let j = q0 % n;
      for (let q = q0; q < j1; q++) {
        out[row + q] = s * (t[tr + q] as number) * (g[gi + j] as number);
        if (++j === n) j = 0;
      }
    }
    // Mirror: H[q, p] = H[p, q], written row by row of the lower triangle
    for (let q = j0; q < j1; q++) {
      const row = q * nd;
      const pEnd = diagonal ? q : i1;
      for (let p = i0; p < pEnd; p++) out[row + p] = out[p * nd + q] as number;
    }
  }
}

/** The pending operands, then all tiles, in order, on the current thread (and its backend). */
export function runAllTiles(p: TileProblem): void {
  const chunks = chunkCount(p);
  for (let k = 0; k < chunks; k++) buildChunk(p, k);
  const runner = new TileRunner(p);
  try {
    const total = tileCount(p.nd, p.tile);
    for (let k = 0; k < total; k++) runner.run(k);
  } finally {
    runner.dispose();
  }
}
