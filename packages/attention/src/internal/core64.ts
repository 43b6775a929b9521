/**
 * float64 kernels of one multi-head softmax self-attention layer (Eq. (7),
 * Section 7 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax"
 * (2024)): forward pass, loss, closed-form gradient, Jacobian rows. Unchecked:
 * callers validate at the public edge.
 *
 * Notation for one sequence X ∈ R^{d×n′} and head h (c = c_H, τ the temperature):
 *   K = W^K X, Q = W^Q X ∈ R^{d_h×n′};  A = Kᵀ Q / τ;  S = column-softmax(A);
 *   Z = X S ∈ R^{d×n′};  V = W^V X;  F = c Σ_h W^V_h Z_h.
 */
import { outputScale, type AttentionProblem } from '../problem/problem';

/** Per-sequence, per-head intermediates (head-major: index h·N + s). */
export interface HeadState {
  K: Float64Array; // d_h × n′
  Q: Float64Array; // d_h × n′
  S: Float64Array; // n′ × n′, S[i, j] (key i, query j)
  Z: Float64Array; // d × n′, X S
  V: Float64Array; // d × n′, W^V X
}

export interface Forward64 {
  /** N × d × n′. */
  F: Float64Array;
  states: HeadState[];
}

type Weights = Pick<AttentionProblem, 'wk' | 'wq' | 'wv'>;

/** K = W X for W of size r × d at offset `off`: out (r × n′). */
function project(w: Float64Array, off: number, r: number, X: Float64Array, xOff: number, d: number, n: number) {
  const out = new Float64Array(r * n);
  for (let a = 0; a < r; a++) {
    for (let m = 0; m < d; m++) {
      const wam = w[off + a * d + m] as number;
      if (wam === 0) continue;
      const xr = xOff + m * n;
      for (let i = 0; i < n; i++) out[a * n + i] = (out[a * n + i] as number) + wam * (X[xr + i] as number);
    }
  }
  return out;
}

/** S = column-softmax(Kᵀ Q / τ), each column shifted by its max so exp never overflows. */
function columnSoftmax(K: Float64Array, Q: Float64Array, dh: number, n: number, tau: number): Float64Array {
  const S = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      let a = 0;
      for (let r = 0; r < dh; r++) a += (K[r * n + i] as number) * (Q[r * n + j] as number);
      a /= tau;
      S[i * n + j] = a;
      if (a > max) max = a;
    }
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.exp((S[i * n + j] as number) - max);
      S[i * n + j] = e;
      sum += e;
    }
    for (let i = 0; i < n; i++) S[i * n + j] = (S[i * n + j] as number) / sum;
  }
  return S;
}

/**
 * F(X_s) = c Σ_h W^V_h X_s S_h,s for every sequence. Heads are added one after
 * the other, each head's term formed in full first, so heads 2p and 2p + 1 with
 * equal W^K, W^Q and opposite W^V cancel exactly (F = 0 in floating point too).
 */
export function forward64(p: AttentionProblem, w: Weights = p): Forward64 {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = p.shape;
  const c = outputScale(p.scaling, H);
  const F = new Float64Array(N * d * n);
  const states: HeadState[] = new Array<HeadState>(H * N);
  const term = new Float64Array(d * n);
  for (let h = 0; h < H; h++) {
    for (let s = 0; s < N; s++) {
      const xOff = s * d * n;
      const K = project(w.wk, h * dh * d, dh, p.x, xOff, d, n);
      const Q = project(w.wq, h * dh * d, dh, p.x, xOff, d, n);
      const S = columnSoftmax(K, Q, dh, n, p.temperature);
      // Form: Z = X·S (d × n′)
      const Z = new Float64Array(d * n);
      for (let m = 0; m < d; m++)
        for (let i = 0; i < n; i++) {
          const xmi = p.x[xOff + m * n + i] as number;
          for (let j = 0; j < n; j++) Z[m * n + j] = (Z[m * n + j] as number) + xmi * (S[i * n + j] as number);
        }
      const V = project(w.wv, h * d * d, d, p.x, xOff, d, n);
      // Form: term = W^V_h·Z, then F_s += c·term
      term.fill(0);
      for (let l = 0; l < d; l++)
        for (let m = 0; m < d; m++) {
          const v = w.wv[h * d * d + l * d + m] as number;
          for (let j = 0; j < n; j++) term[l * n + j] = (term[l * n + j] as number) + v * (Z[m * n + j] as number);
        }
      for (let t = 0; t < d * n; t++) F[xOff + t] = (F[xOff + t] as number) + c * (term[t] as number);
      states[h * N + s] = { K, Q, S, Z, V };
    }
  }
  return { F, states };
}

/** L = ½ Σ_s ‖F(X_s) − Y_s‖²_F. */
export function loss64(F: Float64Array, y: Float64Array): number {
  let l = 0;
  for (let t = 0; t < F.length; t++) l += ((F[t] as number) - (y[t] as number)) ** 2;
  return l / 2;
}

/**
 * ∂L/∂θ in closed form, with E_s = F(X_s) − Y_s, G = c Vᵀ E (the loss's
 * derivative in S), B = S ⊙ (G − 1·(1ᵀ(S ⊙ G))) (through the column softmax):
 *   ∂L/∂W^V_h = c Σ_s E_s Z_{h,s}ᵀ
 *   ∂L/∂W^K_h = (1/τ) Σ_s Q_{h,s} B_{h,s}ᵀ X_sᵀ
 *   ∂L/∂W^Q_h = (1/τ) Σ_s K_{h,s} B_{h,s} X_sᵀ
 * (A = KᵀQ/τ gives ∂L/∂K = Q Bᵀ/τ and ∂L/∂Q = K B/τ; K = W^K X gives ∂L/∂W^K = (∂L/∂K) Xᵀ.)
 */
export function gradient64(p: AttentionProblem, fw: Forward64): AttentionWeightsGrad {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = p.shape;
  const c = outputScale(p.scaling, H);
  const tau = p.temperature;
  const gk = new Float64Array(H * dh * d);
  const gq = new Float64Array(H * dh * d);
  const gv = new Float64Array(H * d * d);
  const E = new Float64Array(N * d * n);
  for (let t = 0; t < E.length; t++) E[t] = (fw.F[t] as number) - (p.y[t] as number);
  const B = new Float64Array(n * n);
  const QBt = new Float64Array(dh * n);
  const KB = new Float64Array(dh * n);
  for (let h = 0; h < H; h++) {
    for (let s = 0; s < N; s++) {
      const { K, Q, S, Z, V } = fw.states[h * N + s] as HeadState;
      const eOff = s * d * n;
      // ∂L/∂W^V_h += c·E_s·Z_hᵀ
      for (let l = 0; l < d; l++)
        for (let m = 0; m < d; m++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += (E[eOff + l * n + j] as number) * (Z[m * n + j] as number);
          gv[h * d * d + l * d + m] = (gv[h * d * d + l * d + m] as number) + c * acc;
        }
      // G = c·Vᵀ·E, then B = S ⊙ (G − column sums of S ⊙ G)
      for (let j = 0; j < n; j++) {
        let colSum = 0;
        for (let i = 0; i < n; i++) {
          let g = 0;
          for (let l = 0; l < d; l++) g += (V[l * n + i] as number) * (E[eOff + l * n + j] as number);
          g *= c;
          B[i * n + j] = g;
          colSum += (S[i * n + j] as number) * g;
        }
        for (let i = 0; i < n; i++) B[i * n + j] = (S[i * n + j] as number) * ((B[i * n + j] as number) - colSum);
      }
      // QBᵀ (d_h × n′, indexed by key token i) and KB (d_h × n′, indexed by query token j)
      for (let a = 0; a < dh; a++)
        for (let i = 0; i < n; i++) {
          let qb = 0;
          let kb = 0;
          for (let j = 0; j < n; j++) {
            qb += (Q[a * n + j] as number) * (B[i * n + j] as number);
            kb += (K[a * n + j] as number) * (B[j * n + i] as number);
          }
          QBt[a * n + i] = qb;
          KB[a * n + i] = kb;
        }
      for (let a = 0; a < dh; a++)
        for (let m = 0; m < d; m++) {
          let ak = 0;
          let aq = 0;
          for (let i = 0; i < n; i++) {
            const xmi = p.x[eOff + m * n + i] as number;
            ak += (QBt[a * n + i] as number) * xmi;
            aq += (KB[a * n + i] as number) * xmi;
          }
          const o = h * dh * d + a * d + m;
          gk[o] = (gk[o] as number) + ak / tau;
          gq[o] = (gq[o] as number) + aq / tau;
        }
    }
  }
  return { wk: gk, wq: gq, wv: gv };
}

export interface AttentionWeightsGrad {
  wk: Float64Array;
  wq: Float64Array;
  wv: Float64Array;
}

/**
 * The (W^K, W^Q) columns of J for head h: rows (s, ℓ, j), 2·d_h·d columns
 * (W^K_h then W^Q_h, row-major), written into `out` (row stride `stride`, column offset `col`).
 * With D_{ℓ,j}[i] = c S[i, j] (V[ℓ, i] − (V S)[ℓ, j]) = ∂F[ℓ, j]/∂A[i, j]:
 *   ∂F_s[ℓ, j]/∂W^K_h = (1/τ) q_j (X D_{ℓ,j})ᵀ,   ∂F_s[ℓ, j]/∂W^Q_h = (1/τ) (K D_{ℓ,j}) x_jᵀ.
 */
export function jacobianKQHead(
  p: AttentionProblem,
  fw: Forward64,
  h: number,
  out: Float64Array,
  stride: number,
  col: number,
): void {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = p.shape;
  const c = outputScale(p.scaling, H);
  const tau = p.temperature;
  const D = new Float64Array(n);
  const u = new Float64Array(d);
  const v = new Float64Array(dh);
  for (let s = 0; s < N; s++) {
    const { K, Q, S, V } = fw.states[h * N + s] as HeadState;
    const xOff = s * d * n;
    for (let l = 0; l < d; l++)
      for (let j = 0; j < n; j++) {
        let vs = 0;
        for (let i = 0; i < n; i++) vs += (V[l * n + i] as number) * (S[i * n + j] as number);
        for (let i = 0; i < n; i++) D[i] = c * (S[i * n + j] as number) * ((V[l * n + i] as number) - vs);
        for (let m = 0; m < d; m++) {
          let acc = 0;
          for (let i = 0; i < n; i++) acc += (p.x[xOff + m * n + i] as number) * (D[i] as number);
          u[m] = acc;
        }
        for (let a = 0; a < dh; a++) {
          let acc = 0;
          for (let i = 0; i < n; i++) acc += (K[a * n + i] as number) * (D[i] as number);
          v[a] = acc;
        }
        const row = (s * d * n + l * n + j) * stride + col;
        for (let a = 0; a < dh; a++) {
          const qa = (Q[a * n + j] as number) / tau;
          const va = (v[a] as number) / tau;
          for (let m = 0; m < d; m++) {
            out[row + a * d + m] = qa * (u[m] as number);
            out[row + dh * d + a * d + m] = va * (p.x[xOff + m * n + j] as number);
          }
        }
      }
  }
}

/**
 * The W^V columns of J for head h (d·d columns): ∂F_s[ℓ, j]/∂W^V_h[ℓ″, m] = c δ_{ℓℓ″} Z_{h,s}[m, j].
 */
export function jacobianVHead(
  p: AttentionProblem,
  fw: Forward64,
  h: number,
  out: Float64Array,
  stride: number,
  col: number,
): void {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H } = p.shape;
  const c = outputScale(p.scaling, H);
  for (let s = 0; s < N; s++) {
    const { Z } = fw.states[h * N + s] as HeadState;
    for (let l = 0; l < d; l++)
      for (let j = 0; j < n; j++) {
        const row = (s * d * n + l * n + j) * stride + col;
        for (let m = 0; m < d; m++) out[row + l * d + m] = c * (Z[m * n + j] as number);
      }
  }
}
