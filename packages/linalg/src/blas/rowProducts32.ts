/**
 * Blocks of $A \cdot A^\top$ in float32 for a row-major A whose rows are long (the
 * Jacobian coefficients c, $nd \times m$, of an NTK Gram matrix):
 *
 * $$T = A[i_0{:}i_1, :] \, A[j_0{:}j_1, :]^\top, \quad T_{pq} = \textstyle\sum_r A_{i_0+p, r} A_{j_0+q, r} \text{ (float32 sums)},$$
 *
 * by the f32x4 SIMD kernel `gemmNT32` of assembly/f32.ts, a $4 \times 2$ tile of dot
 * products over rows that are contiguous in both operands — so, unlike a
 * general GEMM, no transposed copy of A is ever made. A is copied into the
 * kernel's memory once; blocks are then computed on demand (~36 GFLOP/s on one
 * core of the development machine, against ~29 for tfjs-wasm's XNNPACK
 * `matMul` on the same $256 \times 4096 \times 256$ blocks). Each entry's summation order
 * depends only on the block's shape and the entry's place in it, so a block
 * is bitwise the same whichever thread computes it.
 */
import {
  acquireKernels,
  ensureKernelBytes,
  f32View,
  KERNELS_BASE,
  releaseKernels,
  type Kernels32,
} from '../wasm/kernels';
import { argumentError } from '../validate/arguments';

/** Options of {@link rowProducts32}. */
export interface RowProducts32Options {
  /** A, row-major, `rows` × `cols` float32s (copied; later changes to it are not seen). */
  a: Float32Array;
  /** The number of rows of A. */
  rows: number;
  /** The number of columns of A. */
  cols: number;
}

/**
 * What {@link rowProducts32} returns: A held in WebAssembly memory, from which blocks of $A \cdot A^\top$ are computed in
 * float32.
 */
export interface RowProducts32 {
  /** The number of rows of A. */
  readonly rows: number;
  /** The number of columns of A. */
  readonly cols: number;
  /**
   * $T = A[i_0{:}i_1, :] \, A[j_0{:}j_1, :]^\top$, $(i_1 - i_0) \times (j_1 - j_0)$ row-major. Returns a view of the kernel's memory, valid
   * until the next call or `dispose()` (copy it to keep it). `upper: true` (a diagonal block, i0 = j0 and
   * i1 = j1) computes only what the upper triangle $q \ge p$ needs, ~half the work; entries below the diagonal are
   * then unspecified.
   *
   * @param i0 - First row of the block (inclusive).
   * @param i1 - End row of the block (exclusive).
   * @param j0 - First column of the block (inclusive).
   * @param j1 - End column of the block (exclusive).
   * @param upper - Compute only the upper triangle of a diagonal block (default false).
   */
  block(i0: number, i1: number, j0: number, j1: number, upper?: boolean): Float32Array;
  /** Gives the WebAssembly memory back; the object is unusable afterwards. */
  dispose(): void;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The checks of `block`'s arguments: rows within A, `upper` on a diagonal block only. */
function checkBlock(rows: number, i0: number, i1: number, j0: number, j1: number, upper: boolean): void {
  for (const [name, lo, hi] of [
    ['i', i0, i1],
    ['j', j0, j1],
  ] as const) {
    if (!isCount(lo) || !isCount(hi) || lo > hi || hi > rows) {
      throw new RangeError(
        `invalid argument: block rows ${name}0 = ${lo}, ${name}1 = ${hi} must satisfy 0 ≤ ${name}0 ≤ ${name}1 ≤ ${rows}`,
      );
    }
  }
  if (upper && (i0 !== j0 || i1 !== j1)) {
    throw argumentError('upper', `needs a diagonal block (i0 = j0, i1 = j1), got [${i0}, ${i1}) × [${j0}, ${j1})`);
  }
}

/**
 * Blocks of $A A^\top$ in float32 for a row-major $A$ with long rows (the Jacobian coefficients of an NTK Gram matrix),
 * by a SIMD WebAssembly kernel.
 *
 * @throws ValidationError naming the argument when `rows`/`cols` are not counts or `a` has the wrong length;
 *   RangeError when A does not fit in WebAssembly's 4 GiB.
 *
 * @example
 * ```ts
 * import { rowProducts32 } from '@softmax-ntk/linalg';
 *
 * // Blocks of A·Aᵀ in float32: A = [[1, 2], [3, 4], [5, 6]], its Gram block of rows 0–1 by rows 1–2
 * const p = rowProducts32({ a: new Float32Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 });
 * console.log(Array.from(p.block(0, 2, 1, 3)).join(' ')); // 11 17 25 39
 * p.dispose();
 * ```
 */
export function rowProducts32({ a, rows, cols }: RowProducts32Options): RowProducts32 {
  if (!(a instanceof Float32Array)) throw argumentError('a', 'must be a Float32Array');
  if (!isCount(rows)) throw argumentError('rows', `must be an integer ≥ 0, got ${String(rows)}`);
  if (!isCount(cols)) throw argumentError('cols', `must be an integer ≥ 0, got ${String(cols)}`);
  if (a.length !== rows * cols)
    throw argumentError('a', `must hold rows·cols = ${rows * cols} values, got ${a.length}`);
  const what = `float32 row products of a ${rows} × ${cols} matrix`;
  const aAt = KERNELS_BASE;
  const outAt = aAt + 4 * rows * cols;
  const k = acquireKernels('f32', 4 * rows * cols, what);
  f32View(k, aAt, rows * cols).set(a);
  return rowBlocks({
    rows,
    cols,
    kernels: k,
    aAt,
    outAt,
    output: (m, n) => {
      ensureKernelBytes(k, 4 * (rows * cols + m * n), what);
      return () => f32View(k, outAt, m * n);
    },
    release: () => releaseKernels('f32', k),
  });
}

/**
 * The blocks of a {@link RowProducts32} whose A is at byte `aAt` of `kernels`' memory and whose blocks land at
 * `outAt` (also ./sharedRowProducts32's): `output(m, n)` prepares the memory for an m × n block (or refuses it) and
 * gives the view to return once it is computed; `release` runs on `dispose()`.
 */
export function rowBlocks(o: {
  rows: number;
  cols: number;
  kernels: Kernels32;
  aAt: number;
  outAt: number;
  output: (m: number, n: number, i0: number, i1: number, j0: number, j1: number) => () => Float32Array;
  release?: () => void;
}): RowProducts32 {
  const { rows, cols, aAt, outAt } = o;
  let k: Kernels32 | undefined = o.kernels;
  return {
    rows,
    cols,
    block(i0, i1, j0, j1, upper = false) {
      if (!k) throw new Error('RowProducts32: used after dispose()');
      checkBlock(rows, i0, i1, j0, j1, upper);
      const m = i1 - i0;
      const n = j1 - j0;
      const view = o.output(m, n, i0, i1, j0, j1);
      k.gemmNT32(outAt, n, aAt + 4 * i0 * cols, cols, aAt + 4 * j0 * cols, cols, m, n, cols, upper ? 1 : 0);
      return view();
    },
    dispose() {
      if (k) o.release?.();
      k = undefined;
    },
  };
}
