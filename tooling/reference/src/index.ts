/**
 * The one float64 reference of the two-layer network of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024), written as plainly as
 * the paper writes it: loops over $i \in [n]$, $\ell \in [d]$, $r \in [m]$, no fast paths,
 * no shared code with @softmax-ntk/network or @softmax-ntk/ntk. The tests of
 * network, ntk and diffusion check their fast paths against it, and
 * @softmax-ntk/verify ships it (bundled) as its `reference` namespace. It is
 * $O(n \cdot d \cdot m^2)$ and meant for small problems.
 *
 * Literal means literal: $S_i = \exp(W^\top x_i) / \langle\exp(W^\top x_i), \mathbf{1}_m\rangle$ is computed
 * without the max-shift, so it is valid while $\lvert \langle w_r, x_i \rangle \rvert \lesssim 700$ (exp
 * overflows beyond); use the fast paths for large logits.
 *
 * Besides the paper's softmax network (Definition 3.1), the baselines the
 * toolkit compares it with: $F_{\ell}(x) = (1/\sqrt m) \cdot \sum_r a_{\ell,r} \cdot \varphi(\langle w_r, x\rangle)$ with
 * $\varphi$ = ReLU or exp (`activation`), their gradient and their NTK $J \cdot J^\top$.
 *
 * Section 6.1 (forward process, denoising pairs, weighted score loss, Gaussian-mixture score) and Definition F.1
 * (NTK regression) are in `./diffusion`; the shared test fixtures in `./fixtures`.
 *
 * Shapes follow the toolkit: w $m \times d_\text{in}$ (row r is $w_r$), a $d_\text{out} \times m$ (row $\ell$ is
 * $a_\ell$), x $n \times d_\text{in}$, y $n \times d_\text{out}$; H is $nd \times nd$ in the output-major order $\ell \cdot n + i$.
 */
import type { Matrix } from '@softmax-ntk/linalg';

/** The network's activation: the softmax network of Definition 3.1, or the ReLU and exp baselines of Table 1. */
export type ReferenceActivation = 'softmax' | 'relu' | 'exp';

/** A two-layer network and its inputs, as every function of the reference takes them (shapes in this module's header). */
export interface ReferenceNet {
  /** First-layer weights W, $m \times d_\text{in}$ (row r is $w_r$). */
  w: Matrix;
  /** Second-layer weights a, $d_\text{out} \times m$ (row $\ell$ is $a_{\ell}$). */
  a: Matrix;
  /** Inputs x, $n \times d_\text{in}$ (row i is $x_i$). */
  x: Matrix;
  /** Default `"softmax"` (Definition 3.1); `"relu"`/`"exp"` are the $(1/\sqrt m)$-scaled baselines. */
  activation?: ReferenceActivation;
}

function at(M: Matrix, i: number, j: number): number {
  return M.data[i * M.cols + j] ?? NaN;
}

/**
 * S ($n \times m$): row i is $S_i = \exp(W^\top x_i)/\langle\exp(W^\top x_i), \mathbf{1}_m\rangle$ (Section 3, Data).
 *
 * @see Fact A.4; Section 3
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * const S = reference.softmaxScores({ w, x });
 * // row i is S_i: positive, summing to 1
 * console.log(S.rows, S.cols, Array.from(S.data.subarray(0, 3), (v) => v.toFixed(4)).join(' '), (S.data[0] + S.data[1] + S.data[2]).toFixed(15));
 * // → 2 3 0.4224 0.3458 0.2318 1.000000000000000
 * ```
 */
export function softmaxScores({ w, x }: { w: Matrix; x: Matrix }): Matrix {
  const n = x.rows,
    m = w.rows,
    dIn = x.cols;
  const S = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let alpha = 0; // α_i = ⟨1_m, exp(Wᵀx_i)⟩
    for (let r = 0; r < m; r++) {
      let z = 0;
      for (let k = 0; k < dIn; k++) z += at(w, r, k) * at(x, i, k);
      S[i * m + r] = Math.exp(z);
      alpha += Math.exp(z);
    }
    for (let r = 0; r < m; r++) S[i * m + r] = (S[i * m + r] ?? NaN) / alpha;
  }
  return { rows: n, cols: m, data: S };
}

/** $\varphi$ and $\varphi'$ of a baseline. */
function phi(activation: 'relu' | 'exp', z: number): number {
  return activation === 'relu' ? Math.max(z, 0) : Math.exp(z);
}
function dphi(activation: 'relu' | 'exp', z: number): number {
  return activation === 'relu' ? (z > 0 ? 1 : 0) : Math.exp(z);
}

/** $\langle w_r, x_i\rangle$. */
function logit(w: Matrix, x: Matrix, r: number, i: number): number {
  let z = 0;
  for (let k = 0; k < x.cols; k++) z += at(w, r, k) * at(x, i, k);
  return z;
}

/** Baselines: $F_{\ell,i} = (1/\sqrt m) \cdot \sum_r a_{\ell,r} \cdot \varphi(\langle w_r, x_i\rangle)$. */
function baselineForward(w: Matrix, a: Matrix, x: Matrix, activation: 'relu' | 'exp'): Matrix {
  const n = x.rows,
    m = w.rows,
    d = a.rows;
  const F = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < d; l++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += at(a, l, r) * phi(activation, logit(w, x, r, i));
      F[i * d + l] = s / Math.sqrt(m);
    }
  }
  return { rows: n, cols: d, data: F };
}

/**
 * The network's outputs by literal sums, $n \times d_\text{out}$:
 * $F_{\ell,i} = m \langle a_\ell, \exp(W^\top x_i) \rangle \langle \exp(W^\top x_i), \mathbf{1}_m \rangle^{-1}$
 * (the ReLU and exp baselines: $\frac{1}{\sqrt m} \sum_r a_{\ell,r} \phi(\langle w_r, x_i \rangle)$).
 *
 * @param net - The network and its inputs x.
 * @returns F, $n \times d_\text{out}$.
 * @see Definition 3.1
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * import { forward } from '@softmax-ntk/network';
 *
 * // F_{1,i} = m·⟨a_1, S_i⟩ by literal sums, and the network package's fast path
 * const F = reference.forward({ w, a, x });
 * const fast = forward({ w, a, x, precision: 'float64' });
 * console.log(Array.from(F.data, (v) => v.toFixed(12)).join(' '), Math.max(...F.data.map((v, k) => Math.abs(v - fast.data[k]))) < 1e-14);
 * // → 0.925112327055 0.811694167347 true
 * ```
 */
export function forward({ w, a, x, activation = 'softmax' }: ReferenceNet): Matrix {
  const n = x.rows,
    m = w.rows,
    d = a.rows;
  if (activation !== 'softmax') return baselineForward(w, a, x, activation);
  const S = softmaxScores({ w, x });
  const F = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < d; l++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += at(a, l, r) * at(S, i, r);
      F[i * d + l] = m * s;
    }
  }
  return { rows: n, cols: d, data: F };
}

/**
 * The training loss, by literal sums.
 *
 * @param net - The network, its inputs x and the labels y ($n \times d_\text{out}$).
 *
 * @see Definition 3.2: $L = \frac12 \cdot \sum_i \sum_{\ell} (F_{\ell,i} - y_{\ell,i})^2$.
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * const y = matrix(2, 1, new Float64Array([0.5, -0.5]));
 * const F = reference.forward({ w, a, x });
 * const half = 0.5 * ((F.data[0] - 0.5) ** 2 + (F.data[1] + 0.5) ** 2);
 * console.log(reference.loss({ w, a, x, y }).toFixed(12), half.toFixed(12));
 * // → 0.950631039634 0.950631039634
 * ```
 */
export function loss(net: ReferenceNet & { y: Matrix }): number {
  const F = forward(net);
  let L = 0;
  for (let i = 0; i < F.rows; i++) for (let l = 0; l < F.cols; l++) L += 0.5 * (at(F, i, l) - at(net.y, i, l)) ** 2;
  return L;
}

/**
 * $\Delta W$ ($m \times d_\text{in}$, row r is $\Delta w_r$), Definition 3.3 literally:
 *   $\Delta w_r = m \sum_i \sum_{\ell} (F_{\ell,i} - y_{\ell,i}) \cdot (\langle a_{\ell} \circ e_r, S_i\rangle - \langle a_{\ell}, S_i\rangle \cdot \langle S_i, e_r \circ \mathbf{1}_m\rangle) \cdot x_i$.
 *
 * @param net - The network, its inputs x and the labels y ($n \times d_\text{out}$).
 *
 * @see Definition 3.3
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * const y = matrix(2, 1, new Float64Array([0.5, -0.5]));
 * // Definition 3.3 literally, against forward-mode autodiff of the loss (no formula shared)
 * const G = reference.gradient({ w, a, x, y });
 * const ad = reference.gradientAutodiff({ w, a, x, y });
 * console.log(G.rows, G.cols, G.data[0].toFixed(10), Math.max(...G.data.map((v, k) => Math.abs(v - ad.data[k]))) < 1e-14);
 * // → 3 2 0.8868319561 true
 * ```
 */
export function gradient(net: ReferenceNet & { y: Matrix }): Matrix {
  const { w, a, x, y, activation = 'softmax' } = net;
  const n = x.rows,
    m = w.rows,
    d = a.rows,
    dIn = x.cols;
  if (activation !== 'softmax') return baselineGradient({ ...net, activation });
  const S = softmaxScores({ w, x });
  const F = forward(net);
  const G = new Float64Array(m * dIn);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < d; l++) {
        let aeS = 0; // ⟨a_ℓ ∘ e_r, S_i⟩
        let aS = 0; // ⟨a_ℓ, S_i⟩
        let Se = 0; // ⟨S_i, e_r ∘ 1_m⟩
        for (let q = 0; q < m; q++) {
          const e = q === r ? 1 : 0;
          aeS += at(a, l, q) * e * at(S, i, q);
          aS += at(a, l, q) * at(S, i, q);
          Se += at(S, i, q) * e;
        }
        const coef = m * (at(F, i, l) - at(y, i, l)) * (aeS - aS * Se);
        for (let k = 0; k < dIn; k++) G[r * dIn + k] = (G[r * dIn + k] ?? NaN) + coef * at(x, i, k);
      }
    }
  }
  return { rows: m, cols: dIn, data: G };
}

/** Baselines: $\Delta w_r = \sum_i \sum_{\ell} (F_{\ell,i} - y_{\ell,i}) \cdot (1/\sqrt m) \cdot a_{\ell,r} \cdot \varphi'(\langle w_r, x_i\rangle) \cdot x_i$. */
function baselineGradient(net: ReferenceNet & { y: Matrix; activation: 'relu' | 'exp' }): Matrix {
  const { w, a, x, y, activation } = net;
  const n = x.rows,
    m = w.rows,
    d = a.rows,
    dIn = x.cols;
  const F = forward(net);
  const G = new Float64Array(m * dIn);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < d; l++) {
        const coef = ((at(F, i, l) - at(y, i, l)) * at(a, l, r) * dphi(activation, logit(w, x, r, i))) / Math.sqrt(m);
        for (let k = 0; k < dIn; k++) G[r * dIn + k] = (G[r * dIn + k] ?? NaN) + coef * at(x, i, k);
      }
    }
  }
  return { rows: m, cols: dIn, data: G };
}

/**
 * $\Delta W$ by Claim 3.4 literally:
 *   $\Delta w_r = m \sum_i \sum_{\ell} (F_{\ell,i} - y_{\ell,i}) \cdot (\langle a_{\ell,r} \cdot \mathbf{1}_m - a_{\ell}, S_i\rangle \cdot S_{i,r}) \cdot x_i$.
 *
 * @param net - The network, its inputs x and the labels y ($n \times d_\text{out}$).
 *
 * @see Claim 3.4
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * const y = matrix(2, 1, new Float64Array([0.5, -0.5]));
 * // Claim 3.4's closed form equals Definition 3.3's gradient
 * const C = reference.gradientClaim34({ w, a, x, y });
 * const G = reference.gradient({ w, a, x, y });
 * console.log(C.data[0].toFixed(10), Math.max(...C.data.map((v, k) => Math.abs(v - G.data[k]))) < 1e-14);
 * // → 0.8868319561 true
 * ```
 */
export function gradientClaim34(net: ReferenceNet & { y: Matrix }): Matrix {
  const { w, a, x, y } = net;
  const n = x.rows,
    m = w.rows,
    d = a.rows,
    dIn = x.cols;
  const S = softmaxScores({ w, x });
  const F = forward(net);
  const G = new Float64Array(m * dIn);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < d; l++) {
        let vS = 0; // ⟨v_{ℓ,r}, S_i⟩ with v_{ℓ,r} = a_{ℓ,r}·1_m − a_ℓ
        for (let q = 0; q < m; q++) vS += (at(a, l, r) - at(a, l, q)) * at(S, i, q);
        const coef = m * (at(F, i, l) - at(y, i, l)) * vS * at(S, i, r);
        for (let k = 0; k < dIn; k++) G[r * dIn + k] = (G[r * dIn + k] ?? NaN) + coef * at(x, i, k);
      }
    }
  }
  return { rows: m, cols: dIn, data: G };
}

/** $\langle v_{\ell,r}, S_i\rangle$ for all $\ell$, r, i, as $V[(\ell m + r) n + i]$. */
function vDotS(a: Matrix, S: Matrix): Float64Array {
  const d = a.rows,
    m = a.cols,
    n = S.rows;
  const V = new Float64Array(d * m * n);
  for (let l = 0; l < d; l++) {
    for (let r = 0; r < m; r++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let q = 0; q < m; q++) s += (at(a, l, r) - at(a, l, q)) * at(S, i, q);
        V[(l * m + r) * n + i] = s;
      }
    }
  }
  return V;
}

/**
 * The kernel between two input sets, $[K_{\ell_1,\ell_2}]_{i,j} = (1/m) \cdot x_i^\top x'_j \cdot \sum_r \langle v_{\ell_1,r}, S_i\rangle \cdot m \cdot S_{i,r} \cdot \langle v_{\ell_2,r}, S'_j\rangle \cdot m \cdot S'_{j,r}$,
 * $(n \cdot d) \times (n' \cdot d)$, rows $\ell_1 \cdot n + i$, columns $\ell_2 \cdot n' + j$.
 */
function kernel(w: Matrix, a: Matrix, x1: Matrix, x2: Matrix, activation: ReferenceActivation): Matrix {
  if (activation !== 'softmax') return baselineKernel(w, a, x1, x2, activation);
  const m = w.rows,
    d = a.rows,
    n1 = x1.rows,
    n2 = x2.rows,
    dIn = x1.cols;
  const S1 = softmaxScores({ w, x: x1 });
  const S2 = softmaxScores({ w, x: x2 });
  const V1 = vDotS(a, S1);
  const V2 = vDotS(a, S2);
  const K = new Float64Array(n1 * d * n2 * d);
  const cols = n2 * d;
  for (let l1 = 0; l1 < d; l1++) {
    for (let l2 = 0; l2 < d; l2++) {
      for (let i = 0; i < n1; i++) {
        for (let j = 0; j < n2; j++) {
          let xx = 0;
          for (let k = 0; k < dIn; k++) xx += at(x1, i, k) * at(x2, j, k);
          let s = 0;
          for (let r = 0; r < m; r++) {
            s +=
              (V1[(l1 * m + r) * n1 + i] ?? NaN) *
              m *
              at(S1, i, r) *
              (V2[(l2 * m + r) * n2 + j] ?? NaN) *
              m *
              at(S2, j, r);
          }
          K[(l1 * n1 + i) * cols + l2 * n2 + j] = (1 / m) * xx * s;
        }
      }
    }
  }
  return { rows: n1 * d, cols, data: K };
}

/**
 * Baselines: $J \cdot J'^\top$ literally, $[K_{\ell_1,\ell_2}]_{i,j} = x_i^\top x'_j \cdot \sum_r c_{\ell_1,r}(x_i) \cdot c_{\ell_2,r}(x'_j)$
 * with $c_{\ell,r}(x) = \partial F_{\ell}(x)/\partial\langle w_r, x\rangle = (1/\sqrt m) \cdot a_{\ell,r} \cdot \varphi'(\langle w_r, x\rangle)$.
 */
function baselineKernel(w: Matrix, a: Matrix, x1: Matrix, x2: Matrix, activation: 'relu' | 'exp'): Matrix {
  const m = w.rows,
    d = a.rows,
    n1 = x1.rows,
    n2 = x2.rows,
    dIn = x1.cols;
  const c = (x: Matrix, i: number, l: number, r: number) =>
    (at(a, l, r) * dphi(activation, logit(w, x, r, i))) / Math.sqrt(m);
  const cols = n2 * d;
  const K = new Float64Array(n1 * d * cols);
  for (let l1 = 0; l1 < d; l1++) {
    for (let l2 = 0; l2 < d; l2++) {
      for (let i = 0; i < n1; i++) {
        for (let j = 0; j < n2; j++) {
          let xx = 0;
          for (let k = 0; k < dIn; k++) xx += at(x1, i, k) * at(x2, j, k);
          let s = 0;
          for (let r = 0; r < m; r++) s += c(x1, i, l1, r) * c(x2, j, l2, r);
          K[(l1 * n1 + i) * cols + l2 * n2 + j] = xx * s;
        }
      }
    }
  }
  return { rows: n1 * d, cols, data: K };
}

/**
 * The NTK Gram matrix H(W) by literal sums, $nd \times nd$ (rows and columns $\ell n + i$):
 * $[H_{\ell_1,\ell_2}]_{i,j} = \frac1m x_i^\top x_j \sum_r \langle v_{\ell_1,r}, \mathcal{S}_i \rangle \, m\mathcal{S}_{i,r} \, \langle v_{\ell_2,r}, \mathcal{S}_j \rangle \, m\mathcal{S}_{j,r}$.
 *
 * @param net - The network and its inputs x.
 * @returns H, $nd \times nd$.
 * @see Definition 3.6
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * import { gram } from '@softmax-ntk/ntk';
 *
 * // H(W) by literal sums (nd × nd), and the ntk package's fast path
 * const H = reference.gram({ w, a, x });
 * const fast = gram({ w, a, x });
 * console.log(H.rows, H.cols, H.data[0].toFixed(10), H.data[1] === H.data[2], Math.max(...H.data.map((v, k) => Math.abs(v - fast.data[k]))) < 1e-14);
 * // → 2 2 0.9472737360 true true
 * ```
 */
export function gram({ w, a, x, activation = 'softmax' }: ReferenceNet): Matrix {
  return kernel(w, a, x, x, activation);
}

/**
 * The kernel between two input sets, $(n_1 \cdot d) \times (n_2 \cdot d)$, rows $\ell_1 \cdot n_1 + i$, columns $\ell_2 n_2 + j$ (H when $x_1 = x_2 = x$).
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * // the kernel between x and one new point; with x₁ = x₂ = x it is H
 * const K = reference.crossGram({ w, a, x1: x, x2: matrix(1, 2, new Float64Array([1, 1])) });
 * const H = reference.crossGram({ w, a, x1: x, x2: x });
 * const G = reference.gram({ w, a, x });
 * console.log(K.rows, K.cols, K.data[0].toFixed(10), H.data.every((v, k) => v === G.data[k]));
 * // → 2 1 0.9585516613 true
 * ```
 */
export function crossGram({
  w,
  a,
  x1,
  x2,
  activation = 'softmax',
}: Omit<ReferenceNet, 'x'> & { x1: Matrix; x2: Matrix }): Matrix {
  return kernel(w, a, x1, x2, activation);
}

/**
 * The test kernel $K_\text{te}$ ($n_\text{te} d \times nd$, rows $\ell n_\text{te} + t$): the formula of H with
 * $x_\text{te}$ in place of $x_i$.
 *
 * @param net - The network, its training inputs x and the test inputs `xTest`.
 * @returns $K_\text{te}$, $n_\text{te} d \times nd$.
 * @see Appendix F
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * // K_te: rows are the test points, columns the training points (n_te·d × nd)
 * const xTest = matrix(1, 2, new Float64Array([1, 1]));
 * const Kte = reference.testKernel({ w, a, x, xTest });
 * const K = reference.crossGram({ w, a, x1: xTest, x2: x });
 * console.log(Kte.rows, Kte.cols, Kte.data.every((v, k) => v === K.data[k]));
 * // → 1 2 true
 * ```
 */
export function testKernel({ w, a, x, xTest, activation = 'softmax' }: ReferenceNet & { xTest: Matrix }): Matrix {
  return kernel(w, a, xTest, x, activation);
}

/**
 * Forward-mode automatic differentiation of the loss (Definition 3.2) with
 * dual numbers, one pass per weight $w_{r,k}$: an independent route to $\partial L/\partial W$
 * that uses neither Definition 3.3 nor Claim 3.4. Exact to rounding; $O(m \cdot d_\text{in})$
 * passes of $O(n m (d_\text{in} + d))$ each. Softmax network only.
 *
 * @param net - The network, its inputs x and the labels y ($n \times d_\text{out}$).
 *
 * @see Definition 3.2
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * const y = matrix(2, 1, new Float64Array([0.5, -0.5]));
 * // dual numbers: exact to rounding, against central differences (error O(h²))
 * const ad = reference.gradientAutodiff({ w, a, x, y });
 * const fd = reference.gradientFiniteDifference({ w, a, x, y });
 * console.log(ad.data[0].toFixed(10), Math.max(...ad.data.map((v, k) => Math.abs(v - fd.data[k]))) < 1e-8);
 * // → 0.8868319561 true
 * ```
 */
export function gradientAutodiff(net: ReferenceNet & { y: Matrix }): Matrix {
  const { w, a, x, y } = net;
  if ((net.activation ?? 'softmax') !== 'softmax')
    throw new RangeError('invalid argument: gradientAutodiff is written for the softmax network only');
  const n = x.rows,
    m = w.rows,
    d = a.rows,
    dIn = x.cols;
  const G = new Float64Array(m * dIn);
  const ev = new Float64Array(m); // exp values
  const et = new Float64Array(m); // their tangents
  for (let r0 = 0; r0 < m; r0++) {
    for (let k0 = 0; k0 < dIn; k0++) {
      // Seed: dW/dθ = e_{r0,k0}. Dual arithmetic: (v, t) with t = dv/dθ.
      let Lt = 0;
      for (let i = 0; i < n; i++) {
        let alpha = 0,
          alphaT = 0;
        for (let r = 0; r < m; r++) {
          let z = 0;
          for (let k = 0; k < dIn; k++) z += at(w, r, k) * at(x, i, k);
          const zt = r === r0 ? at(x, i, k0) : 0;
          ev[r] = Math.exp(z);
          et[r] = Math.exp(z) * zt;
          alpha += ev[r] ?? NaN;
          alphaT += et[r] ?? NaN;
        }
        for (let l = 0; l < d; l++) {
          let num = 0,
            numT = 0;
          for (let r = 0; r < m; r++) {
            num += at(a, l, r) * (ev[r] ?? NaN);
            numT += at(a, l, r) * (et[r] ?? NaN);
          }
          const F = (m * num) / alpha;
          const Ft = (m * (numT * alpha - num * alphaT)) / (alpha * alpha);
          Lt += (F - at(y, i, l)) * Ft; // d/dθ ½(F − y)²
        }
      }
      G[r0 * dIn + k0] = Lt;
    }
  }
  return { rows: m, cols: dIn, data: G };
}

/**
 * Central finite differences of the loss, step h per weight (default 1e-5, near $u^{1/3} \cdot \mathrm{scale}$).
 *
 * @param net - The network, its inputs x and the labels y ($n \times d_\text{out}$).
 * @param h - The step of each central difference (default 1e-5).
 *
 * @example
 * ```js
 * import { matrix } from '@softmax-ntk/linalg';
 * import { reference } from '@softmax-ntk/verify';
 *
 * // n = 2 points in d_in = 2, m = 3 neurons, d_out = 1
 * const w = matrix(3, 2, new Float64Array([0.2, -0.1, 0, 0.3, -0.4, 0.5]));
 * const a = matrix(1, 3, new Float64Array([1, -1, 1]));
 * const x = matrix(2, 2, new Float64Array([1, 0, 0.6, 0.8]));
 * const y = matrix(2, 1, new Float64Array([0.5, -0.5]));
 * const fd = reference.gradientFiniteDifference({ w, a, x, y }, 1e-5);
 * const G = reference.gradient({ w, a, x, y });
 * // central differences agree with the closed form to O(h²)
 * console.log(fd.rows, fd.cols, fd.data[0].toFixed(8), Math.max(...fd.data.map((v, k) => Math.abs(v - G.data[k]))) < 1e-8);
 * // → 3 2 0.88683196 true
 * ```
 */
export function gradientFiniteDifference(net: ReferenceNet & { y: Matrix }, h = 1e-5): Matrix {
  const { w } = net;
  const G = new Float64Array(w.data.length);
  const wp = { rows: w.rows, cols: w.cols, data: Float64Array.from(w.data) };
  for (let k = 0; k < w.data.length; k++) {
    const orig = w.data[k] ?? NaN;
    wp.data[k] = orig + h;
    const up = loss({ ...net, w: wp });
    wp.data[k] = orig - h;
    const down = loss({ ...net, w: wp });
    wp.data[k] = orig;
    G[k] = (up - down) / (2 * h);
  }
  return { rows: w.rows, cols: w.cols, data: G };
}

export {
  simpson,
  forwardProcess,
  denoisingPairs,
  drawDenoisingPairs,
  mixtureScore,
  mixturePosteriorMean,
  weightedScoreLoss,
  scoreFromDenoiser,
  solveDense,
  ntkRegressionGd,
  ntkRegressionPredictor,
} from './diffusion';
export type {
  DriftWeight,
  ForwardProcess,
  ReferencePairs,
  Draws,
  ReferenceMixture,
  ReferenceRegression,
} from './diffusion';
export { specExampleRows, specExample, randomNet } from './fixtures';
