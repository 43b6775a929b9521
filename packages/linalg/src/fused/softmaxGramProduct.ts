/**
 * The structured float64 product $v \mapsto H v$ of the NTK Gram matrix of the two-layer softmax network
 * (Definition 3.6 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax", 2024) without forming H.
 * With $S = \operatorname{softmax}(X W^\top)$ ($n \times m$), $P = S a^\top$ ($n \times d$) and v output-major
 * ($V_{\ell,i} = v_{\ell n + i}$):
 *
 * $$b_i = S_i \odot \big(\textstyle\sum_\ell V_{\ell,i}\, a_\ell - q_i\big),\ q_i = \sum_\ell P_{i\ell} V_{\ell,i}, \qquad U^\top = \sum_i x_i \otimes b_i,$$
 * $$y_i = S_i \odot (U x_i), \qquad (H v)_{\ell n + i} = m\,\big(\langle a_\ell, y_i\rangle - P_{i\ell} \textstyle\sum_r y_{i,r}\big).$$
 *
 * The SIMD WebAssembly kernel of assembly/prod.ts runs both passes row by row: S stays in the kernel's memory (formed
 * once), each product reads it twice and writes nothing $n \times m$ (a, $U^\top$ and one row of scratch stay in
 * cache). ntk's `largeSpectrum` runs its Lanczos iterations on it, at sizes where H (8.6 GB at n·d = 32768) is
 * never formed.
 */
import type { Matrix } from '../matrix/matrix';
import { gemm } from '../blas/gemm';
import { acquireKernels, f64View, layoutArrays, releaseKernels, type KernelsProd } from '../wasm/kernels';
import { argumentError } from '../validate/arguments';
import { shape } from './softmaxGradient64';
import { rowSoftmax } from './rowSoftmax';

/** Options of {@link softmaxGramProduct}: the network's weights and inputs. */
export interface SoftmaxGramProductOptions {
  /** First-layer weights W, $m \times d_\text{in}$ (row r is $w_r$). */
  w: Matrix;
  /** Output weights a, $d \times m$. */
  a: Matrix;
  /** Inputs X, $n \times d_\text{in}$ (row i is $x_i$). */
  x: Matrix;
}

/** What {@link softmaxGramProduct} returns: H as an operator. */
export interface SoftmaxGramProduct {
  /** The order of H, $n d$. */
  readonly size: number;
  /** Bytes of WebAssembly memory held (S and the product's buffers). */
  readonly bytes: number;
  /**
   * out ← H·v (both output-major, $n d$ float64s: entry $\ell n + i$).
   *
   * @param v - The vector, $n d$ float64s.
   * @param out - Where H·v is written, $n d$ float64s.
   */
  matvec(v: Float64Array, out: Float64Array): void;
  /** Gives the WebAssembly memory back; the object is unusable afterwards. */
  dispose(): void;
}

/**
 * H of the softmax network (Definition 3.6) as an operator $v \mapsto H v$, in float64 without forming H:
 * $S = \operatorname{softmax}(X W^\top)$ once, then ~$4 n m (d + d_\text{in})$ flops per product by a SIMD WebAssembly
 * kernel.
 *
 * @see Definition 3.6 (kernel function) of Gu, Li, Liang, Shi, Song (2024).
 * @param options - `w`, `a` and `x`; see {@link SoftmaxGramProductOptions}.
 * @throws ValidationError naming the argument when a shape does not match; RangeError when S does not fit in
 *   WebAssembly's 4 GiB.
 *
 * @example
 * ```ts
 * import { matrix, softmaxGramProduct } from '@softmax-ntk/linalg';
 *
 * // One point x = (1), two neurons w = (0, 0): S = (½, ½), P = 0 for a = (1, −1); H = m·Σ_r S_r²(a_r − P)²·x² = 2·(¼ + ¼)
 * const h = softmaxGramProduct({
 *   w: matrix(2, 1, new Float64Array([0, 0])),
 *   a: matrix(1, 2, new Float64Array([1, -1])),
 *   x: matrix(1, 1, new Float64Array([1])),
 * });
 * const out = new Float64Array(1);
 * h.matvec(new Float64Array([1]), out);
 * console.log(out[0]);
 * // → 1
 * h.dispose();
 * ```
 */
export function softmaxGramProduct({ w, a, x }: SoftmaxGramProductOptions): SoftmaxGramProduct {
  const n = x.rows;
  const dIn = x.cols;
  const m = w.rows;
  const d = a.rows;
  shape('x', x, n, dIn);
  shape('w', w, m, dIn);
  shape('a', a, d, m);
  // Layout (float64s, each array on a 16-byte boundary): S, a, X, P, v, Uᵀ, one row of scratch, out. m is padded to
  // even (mp) with zeros: a zero column of S makes every padded term zero. a and Uᵀ are held in pairs of columns,
  // entry (ℓ, r) at (r >> 1)·2d + 2ℓ + (r & 1) (assembly/prod.ts).
  const mp = m + (m & 1);
  const { at, bytes } = layoutArrays(
    { s: n * mp, a: d * mp, x: n * dIn, p: n * d, v: d * n, ut: dIn * mp, row: mp, out: d * n },
    8,
  );
  let k: KernelsProd | undefined = acquireKernels(
    'prod',
    bytes,
    `softmax Gram product of n = ${n}, d = ${d}, m = ${m}`,
  );
  const S = f64View(k, at.s, n * mp);
  // Form: S = softmax(X Wᵀ) row by row (max subtracted), P = S·aᵀ
  gemm('no-transpose', 'transpose', n, m, dIn, 1, x.data, dIn, 1, 0, w.data, dIn, 1, 0, 0, S, mp, 1, 0);
  for (let i = 0; i < n; i++) {
    rowSoftmax({ z: { rows: 1, cols: m, data: S.subarray(i * mp, i * mp + m) } });
    if (mp > m) S[i * mp + m] = 0;
  }
  gemm('no-transpose', 'transpose', n, d, m, 1, S, mp, 1, 0, a.data, m, 1, 0, 0, f64View(k, at.p, n * d), d, 1, 0);
  const A = f64View(k, at.a, d * mp);
  for (let r = 0; r < m; r++) {
    const o = (r >> 1) * 2 * d + (r & 1);
    for (let l = 0; l < d; l++) A[o + 2 * l] = a.data[l * m + r] as number;
  }
  if (mp > m) for (let l = 0; l < d; l++) A[(m >> 1) * 2 * d + 2 * l + 1] = 0;
  f64View(k, at.x, n * dIn).set(x.data);
  return {
    size: n * d,
    bytes,
    matvec(v, out) {
      if (!k) throw new Error('SoftmaxGramProduct: used after dispose()');
      if (v.length !== n * d) throw argumentError('v', `must hold n·d = ${n * d} values, got ${v.length}`);
      if (out.length !== n * d) throw argumentError('out', `must hold n·d = ${n * d} values, got ${out.length}`);
      f64View(k, at.v, n * d).set(v);
      f64View(k, at.ut, dIn * mp).fill(0);
      k.pass1(at.s, at.a, at.x, at.p, at.v, at.ut, n, mp, d, dIn);
      k.pass2(at.s, at.a, at.x, at.p, at.ut, at.row, at.out, n, mp, d, dIn, m);
      out.set(f64View(k, at.out, n * d));
    },
    dispose() {
      if (k) releaseKernels('prod', k);
      k = undefined;
    },
  };
}
