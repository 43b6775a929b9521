/**
 * Loss and gradient of the two-layer softmax network of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024) in float64, fused:
 * Definition 3.1 ($F_{\ell,i} = c \langle a_\ell, S_i \rangle$, $S_i = \operatorname{softmax}(W x_i)$, $c = m$ in the
 * paper) and the closed form of the gradient of $L = \frac12\lVert F - Y \rVert^2$ (Claim 3.4).
 *
 * The SIMD WebAssembly kernel of assembly/net.ts walks the data row by row —
 * logits, softmax (a vectorised exp), outputs, residual, the coefficient row
 * and its rank-one contribution to $\Delta W^\top$ — so no $n \times m$ array is formed and
 * $W^\top$ and $\Delta W^\top$ ($d \times m$ each) stay in cache: for (n, d, m) = (256, 8, 4096) the
 * step reads and writes ~1 MB instead of the ~50 MB of the unfused products.
 * @softmax-ntk/network's float64 trainer runs its softmax steps on it.
 */
import type { Matrix } from '../matrix/matrix';
import { acquireKernels, f64View, KERNELS_BASE, releaseKernels } from '../wasm/kernels';
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

function shape(name: string, m: Matrix, rows: number, cols: number): void {
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
  return combineHalves(softmaxRows64({ x, wt, a, y, scale }, 0, h), softmaxRows64({ x, wt, a, y, scale }, h, n));
}

/** The first row of the second half: the rows are always summed as [0, h) + [h, n), on one thread or two. */
export function softmaxRowSplit(n: number): number {
  return n >> 1;
}

/** Loss, $\Delta W^\top$ and F of two row ranges → those of their union: $L = L_0 + L_1$, $\Delta W^\top = G_0 + G_1$, F stacked. */
export function combineHalves(p: SoftmaxGradient64Result, q: SoftmaxGradient64Result): SoftmaxGradient64Result {
  const g = p.gradient.data;
  const data = new Float64Array(g.length);
  const g1 = q.gradient.data;
  for (let k = 0; k < data.length; k++) data[k] = (g[k] as number) + (g1[k] as number);
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

/** The kernel on rows [i0, i1) of X and Y: their loss, their part of $\Delta W^\top$ and their rows of F. Unchecked. */
export function softmaxRows64(
  { x, wt, a, y, scale }: SoftmaxGradient64Options,
  i0: number,
  i1: number,
): SoftmaxGradient64Result {
  const n = i1 - i0;
  const d = x.cols;
  const m = wt.cols;
  const dOut = a.rows;
  const m8 = (m + 7) & ~7;
  const sizes = { x: n * d, wt: d * m8, a: dOut * m8, y: n * dOut, pad: m8, g: d * m8, f: n * dOut, s: m8, ev: dOut };
  const at: Record<keyof typeof sizes, number> = { ...sizes };
  let next = KERNELS_BASE;
  for (const key of Object.keys(sizes) as (keyof typeof sizes)[]) {
    at[key] = next;
    next += 8 * sizes[key];
  }
  const k = acquireKernels('net', next - KERNELS_BASE, `softmax gradient of n = ${x.rows}, d = ${d}, m = ${m}`);
  try {
    f64View(k, at.x, n * d).set(x.data.subarray(i0 * d, i1 * d));
    const W = f64View(k, at.wt, d * m8);
    const A = f64View(k, at.a, dOut * m8);
    for (let r = 0; r < d; r++) {
      W.set(wt.data.subarray(r * m, r * m + m), r * m8);
      W.fill(0, r * m8 + m, (r + 1) * m8);
    }
    for (let l = 0; l < dOut; l++) {
      A.set(a.data.subarray(l * m, l * m + m), l * m8);
      A.fill(0, l * m8 + m, (l + 1) * m8);
    }
    f64View(k, at.y, n * dOut).set(y.data.subarray(i0 * dOut, i1 * dOut));
    const pad = f64View(k, at.pad, m8);
    pad.fill(0);
    pad.fill(-Infinity, m);
    const loss = k.softmaxStep(at.x, n, d, at.wt, at.a, m8, dOut, at.y, scale, at.pad, at.g, at.f, at.s, at.ev);
    const G = f64View(k, at.g, d * m8);
    const gradient = new Float64Array(d * m);
    for (let r = 0; r < d; r++) gradient.set(G.subarray(r * m8, r * m8 + m), r * m);
    const f = f64View(k, at.f, n * dOut).slice();
    return { loss, gradient: { rows: d, cols: m, data: gradient }, f: { rows: n, cols: dOut, data: f } };
  } finally {
    releaseKernels('net', k);
  }
}
