/**
 * Loss and gradient of the two-layer softmax network of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024) in float64, fused:
 * Definition 3.1 ($F_{\ell,i} = c \langle a_\ell, S_i \rangle$, $S_i = \operatorname{softmax}(W x_i)$, $c = m$ in the
 * paper) and the closed form of the gradient of $L = \frac12\lVert F - Y \rVert^2$ (Claim 3.4).
 *
 * The SIMD WebAssembly kernel of assembly/softmax.ts (instantiated in assembly/net.ts) walks the data row by row —
 * logits, softmax (a vectorised exp), outputs, residual, the coefficient row
 * and its rank-one contribution to $\Delta W^\top$ — so no $n \times m$ array is formed and
 * $W^\top$ and $\Delta W^\top$ ($d \times m$ each) stay in cache: for (n, d, m) = (256, 8, 4096) the
 * step reads and writes ~1 MB instead of the ~50 MB of the unfused products.
 * @softmax-ntk/network's float64 trainer runs its softmax steps on it.
 */
import type { Matrix } from '../matrix/matrix';
import {
  acquireKernels,
  f32View,
  f64View,
  layoutArrays,
  releaseKernels,
  type Kernels32,
  type KernelsNet,
} from '../wasm/kernels';
import { argumentError } from '../validate/arguments';

/**
 * Options of {@link softmaxGradient64}: the inputs X, the weights $W^\top$ and A, the targets Y and the output scale c (m
 * for the softmax network).
 */
export interface SoftmaxGradient64Options {
  /** Inputs X, $n \times d$ (row i is $x_i$). */
  x: Matrix;
  /** First-layer weights transposed, $W^\top$, $d \times m$. */
  wt: Matrix;
  /** Output weights a, $d_\text{out} \times m$. */
  a: Matrix;
  /** Labels Y, $n \times d_\text{out}$. */
  y: Matrix;
  /** Output scale c of $F = c \cdot \langle a_{\ell}, S_i\rangle$ (the paper's m). */
  scale: number;
}

/** What {@link softmaxGradient64} returns: the loss $L = \frac12\lVert F - Y \rVert^2$ and its gradient $\partial L/\partial W^\top$ (Claim 3.4). */
export interface SoftmaxGradient64Result {
  /** $L = \frac12\lVert F - Y \rVert^2$. */
  loss: number;
  /** $\Delta W^\top = \partial L/\partial W^\top$, $d \times m$ (Claim 3.4: $\sum_i x_i \otimes c \, S_i \odot (\sum_\ell e_{i\ell} a_\ell - \sum_\ell e_{i\ell} P_{i\ell})$, $e = F - Y$, $P = F/c$). */
  gradient: Matrix;
  /** F, $n \times d_\text{out}$. */
  f: Matrix;
}

/** Refuses `m` unless it is `rows` × `cols` with that many entries (also ./softmaxGramProduct's check). */
export function shape(name: string, m: Matrix, rows: number, cols: number): void {
  if (m.rows !== rows || m.cols !== cols || m.data.length !== rows * cols)
    throw argumentError(name, `must be ${rows} × ${cols}, got ${m.rows} × ${m.cols}`);
}

/**
 * The loss $L = \frac12 \lVert F - Y \rVert^2$, its gradient $\Delta W^\top$ and the outputs $F$ of the softmax network
 * in one float64 pass (SIMD WebAssembly, no $n \times m$ array formed),
 * $F_{\ell,i} = c \langle a_\ell, \operatorname{softmax}(W x_i) \rangle$.
 *
 * @see Claim 3.4 (gradient of the softmax network) of Gu, Li, Liang, Shi, Song (2024).
 * @throws ValidationError naming the argument when a shape does not match, or `scale` is not finite.
 *
 * @example
 * ```ts
 * import { matrix, softmaxGradient64 } from '@softmax-ntk/linalg';
 *
 * // One point x = (1, 0), m = 2 neurons, W = [[0, 0], [ln 3, 0]]: S = (1/4, 3/4), F = m·⟨a, S⟩ = 2·(1/4 − 3/4) = −1
 * const x = matrix(1, 2, new Float64Array([1, 0]));
 * const wt = matrix(2, 2, new Float64Array([0, Math.log(3), 0, 0]));
 * const a = matrix(1, 2, new Float64Array([1, -1]));
 * const r = softmaxGradient64({ x, wt, a, y: matrix(1, 1, new Float64Array([0])), scale: 2 });
 * console.log(r.f.data[0].toFixed(12), r.loss.toFixed(12)); // -1.000000000000 0.500000000000
 * ```
 */
export function softmaxGradient64({ x, wt, a, y, scale }: SoftmaxGradient64Options): SoftmaxGradient64Result {
  const n = x.rows;
  checkSoftmaxGradient64({ x, wt, a, y, scale });
  // Form: the two halves of the rows (`softmaxRowSplit`), summed: the split `softmaxGradient64Threads` shares between two threads
  const h = softmaxRowSplit(n);
  return combineHalves(softmaxRows({ x, wt, a, y, scale }, 0, h), softmaxRows({ x, wt, a, y, scale }, h, n));
}

/** The first row of the second half: the rows are always summed as [0, h) + [h, n), on one thread or two. */
export function softmaxRowSplit(n: number): number {
  return n >> 1;
}

/**
 * Loss, $\Delta W^\top$ and F of two row ranges → those of their union: $L = L_0 + L_1$, $\Delta W^\top = G_0 + G_1$ (a
 * float32 sum for float32 halves), F stacked.
 */
export function combineHalves(
  p: SoftmaxGradient64Result,
  q: SoftmaxGradient64Result,
  precision: SoftmaxPrecision = 'float64',
): SoftmaxGradient64Result {
  const g = p.gradient.data;
  const data = new Float64Array(g.length);
  const g1 = q.gradient.data;
  if (precision === 'float32')
    for (let k = 0; k < data.length; k++) data[k] = Math.fround((g[k] as number) + (g1[k] as number));
  else for (let k = 0; k < data.length; k++) data[k] = (g[k] as number) + (g1[k] as number);
  const f = new Float64Array(p.f.data.length + q.f.data.length);
  f.set(p.f.data);
  f.set(q.f.data, p.f.data.length);
  return {
    loss: p.loss + q.loss,
    gradient: { rows: p.gradient.rows, cols: p.gradient.cols, data },
    f: { rows: p.f.rows + q.f.rows, cols: p.f.cols, data: f },
  };
}

/** Shapes and scale of {@link softmaxGradient64}'s options (RangeError naming the argument). */
export function checkSoftmaxGradient64({ x, wt, a, y, scale }: SoftmaxGradient64Options): void {
  const n = x.rows;
  const d = x.cols;
  const m = wt.cols;
  const dOut = a.rows;
  shape('x', x, n, d);
  shape('wt', wt, d, m);
  shape('a', a, dOut, m);
  shape('y', y, n, dOut);
  if (!Number.isFinite(scale)) throw argumentError('scale', `must be finite, got ${scale}`);
}

/** Precision of the fused kernel (assembly/softmax.ts): net.ts's `softmaxStep` (float64) or f32.ts's `softmaxStep32`. */
export type SoftmaxPrecision = 'float64' | 'float32';

/**
 * The kernel on rows [i0, i1) of X and Y: their loss, their part of $\Delta W^\top$ and their rows of F. Unchecked.
 * float32 rounds the operands to float32 in the kernel's memory and returns float32 values (widened exactly).
 */
export function softmaxRows(
  { x, wt, a, y, scale }: SoftmaxGradient64Options,
  i0: number,
  i1: number,
  precision: SoftmaxPrecision = 'float64',
): SoftmaxGradient64Result {
  const n = i1 - i0;
  const d = x.cols;
  const m = wt.cols;
  const dOut = a.rows;
  const f32 = precision === 'float32';
  // Form: m rounded up to whole blocks of the kernel's row loop (four vectors: 8 float64s, 16 float32s)
  const block = f32 ? 16 : 8;
  const mb = Math.ceil(m / block) * block;
  const { at, bytes } = layoutArrays(
    { x: n * d, wt: d * mb, a: dOut * mb, y: n * dOut, pad: mb, g: d * mb, f: n * dOut, s: mb, ev: dOut },
    f32 ? 4 : 8,
  );
  const what = `softmax gradient (${precision}) of n = ${x.rows}, d = ${d}, m = ${m}`;
  const k = f32 ? acquireKernels('f32', bytes, what) : acquireKernels('net', bytes, what);
  const view = (where: number, length: number): Float64Array | Float32Array =>
    f32 ? f32View(k, where, length) : f64View(k, where, length);
  try {
    view(at.x, n * d).set(x.data.subarray(i0 * d, i1 * d));
    const W = view(at.wt, d * mb);
    const A = view(at.a, dOut * mb);
    for (let r = 0; r < d; r++) {
      W.set(wt.data.subarray(r * m, r * m + m), r * mb);
      W.fill(0, r * mb + m, (r + 1) * mb);
    }
    for (let l = 0; l < dOut; l++) {
      A.set(a.data.subarray(l * m, l * m + m), l * mb);
      A.fill(0, l * mb + m, (l + 1) * mb);
    }
    view(at.y, n * dOut).set(y.data.subarray(i0 * dOut, i1 * dOut));
    const pad = view(at.pad, mb);
    pad.fill(0);
    pad.fill(-Infinity, m);
    const args = [at.x, n, d, at.wt, at.a, mb, dOut, at.y, scale, at.pad, at.g, at.f, at.s, at.ev] as const;
    const loss = f32 ? (k as Kernels32).softmaxStep32(...args) : (k as KernelsNet).softmaxStep(...args);
    const G = view(at.g, d * mb);
    const gradient = new Float64Array(d * m);
    for (let r = 0; r < d; r++) gradient.set(G.subarray(r * mb, r * mb + m), r * m);
    const f = Float64Array.from(view(at.f, n * dOut));
    return { loss, gradient: { rows: d, cols: m, data: gradient }, f: { rows: n, cols: dOut, data: f } };
  } finally {
    releaseKernels(f32 ? 'f32' : 'net', k);
  }
}
