/**
 * The structured float64 product v ↦ H·v of Definition 3.6 (Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax", 2024) for the softmax network, used by `largeSpectrum`. With S = softmax(X Wᵀ)
 * (n × m), P = S·aᵀ (n × d) and the Jacobian coefficients c_{(ℓ,i),r} = m·S_{i,r}·(a_{ℓ,r} − P_{i,ℓ}),
 *
 *     H = (1/m)·(c cᵀ) ⊙ (X Xᵀ ⊗ 1_{d×d}) = J Jᵀ / m,   J_{(ℓ,i),(r,k)} = c_{(ℓ,i),r}·x_{i,k},
 *
 * and with v output-major (V = v as a d × n matrix, V_{ℓ,i} = v_{ℓ·n+i}):
 *
 *     B = S ⊙ (Vᵀa − q·1ᵀ),  q_i = Σ_ℓ P_{i,ℓ}V_{ℓ,i}      (n × m;  Jᵀv = m·Bᵀ X)
 *     Y = S ⊙ (X·(BᵀX)ᵀ),    z_i = Σ_r Y_{i,r}             (n × m)
 *     (H·v)_{ℓ·n+i} = m·((a·Yᵀ)_{ℓ,i} − P_{i,ℓ}·z_i).
 *
 * Four products with one dimension d or d_in (linalg's `gemm`, SIMD WebAssembly) and O(n·m) element-wise
 * work: about 8·n·m·d flops per product and three n × m float64 buffers, never the (n·d)² matrix.
 * Below the public edge: nothing is validated here.
 */
import { gemm, type Matrix } from '@softmax-ntk/linalg';

/** The product and what was built for it. */
export interface SoftmaxProduct {
  /** n·d_out. */
  size: number;
  /** out ← H·v (output-major). */
  matvec(v: Float64Array, out: Float64Array): void;
  /** Bytes held by the product's buffers. */
  bytes: number;
}

/** Builds S and P once, then returns the structured product of H(W) for the softmax network. */
export function softmaxProduct(w: Matrix, a: Matrix, x: Matrix): SoftmaxProduct {
  const n = x.rows;
  const dIn = x.cols;
  const m = w.rows;
  const d = a.rows;
  // Form: S = softmax(X Wᵀ) row by row (max subtracted), P = S·aᵀ
  const S = new Float64Array(n * m);
  gemm('no-transpose', 'transpose', n, m, dIn, 1, x.data, dIn, 1, 0, w.data, dIn, 1, 0, 0, S, m, 1, 0);
  for (let i = 0; i < n; i++) {
    const o = i * m;
    let mx = -Infinity;
    for (let r = 0; r < m; r++) mx = Math.max(mx, S[o + r] as number);
    let sum = 0;
    for (let r = 0; r < m; r++) {
      const e = Math.exp((S[o + r] as number) - mx);
      S[o + r] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let r = 0; r < m; r++) S[o + r] = (S[o + r] as number) * inv;
  }
  const P = new Float64Array(n * d);
  gemm('no-transpose', 'transpose', n, d, m, 1, S, m, 1, 0, a.data, m, 1, 0, 0, P, d, 1, 0);
  const B = new Float64Array(n * m);
  const U = new Float64Array(m * dIn);
  const O = new Float64Array(d * n);
  const q = new Float64Array(n);
  const z = new Float64Array(n);
  return {
    size: n * d,
    bytes: 8 * (2 * n * m + n * d + m * dIn + d * n + 2 * n),
    matvec(v, out) {
      // Form: B = Vᵀ·a (n × m), then B ← S ⊙ (B − q·1ᵀ)
      gemm('transpose', 'no-transpose', n, m, d, 1, v, n, 1, 0, a.data, m, 1, 0, 0, B, m, 1, 0);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += (P[i * d + l] as number) * (v[l * n + i] as number);
        q[i] = s;
      }
      for (let i = 0; i < n; i++) {
        const o = i * m;
        const qi = q[i] as number;
        for (let r = 0; r < m; r++) B[o + r] = (S[o + r] as number) * ((B[o + r] as number) - qi);
      }
      // Form: U = Bᵀ·X (m × d_in), then B ← X·Uᵀ (n × m), then B ← S ⊙ B with row sums z
      gemm('transpose', 'no-transpose', m, dIn, n, 1, B, m, 1, 0, x.data, dIn, 1, 0, 0, U, dIn, 1, 0);
      gemm('no-transpose', 'transpose', n, m, dIn, 1, x.data, dIn, 1, 0, U, dIn, 1, 0, 0, B, m, 1, 0);
      for (let i = 0; i < n; i++) {
        const o = i * m;
        let s = 0;
        for (let r = 0; r < m; r++) {
          const y = (S[o + r] as number) * (B[o + r] as number);
          B[o + r] = y;
          s += y;
        }
        z[i] = s;
      }
      // Form: O = a·Bᵀ (d × n, output-major already), out = m·(O − P ⊙ z)
      gemm('no-transpose', 'transpose', d, n, m, 1, a.data, m, 1, 0, B, m, 1, 0, 0, O, n, 1, 0);
      for (let l = 0; l < d; l++)
        for (let i = 0; i < n; i++)
          out[l * n + i] = m * ((O[l * n + i] as number) - (P[i * d + l] as number) * (z[i] as number));
    },
  };
}
