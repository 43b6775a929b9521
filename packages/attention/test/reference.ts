/**
 * Literal float64 reference of the attention layer: loops over the sums of
 * docs/spec/attention-file.md, one entry at a time, sharing no code with src/.
 * Slow (O(N·d·n′·P·n′²)) and only for the small sizes of the tests.
 */
import type { AttentionProblem } from '../src/problem/problem';

const X = (p: AttentionProblem, s: number, m: number, i: number) =>
  p.x[s * p.shape.dim * p.shape.numTokens + m * p.shape.numTokens + i] as number;

function c(p: AttentionProblem): number {
  return p.scaling === 'ntk' ? 1 / Math.sqrt(p.shape.numHeads) : 1 / p.shape.numHeads;
}

/** A_h[i, j] = Σ_a (Σ_m W^K[a, m] X[m, i]) (Σ_m W^Q[a, m] X[m, j]) / τ. */
function score(p: AttentionProblem, h: number, s: number, i: number, j: number): number {
  const { dim: d, headDim: dh } = p.shape;
  let a = 0;
  for (let r = 0; r < dh; r++) {
    let k = 0;
    let q = 0;
    for (let m = 0; m < d; m++) {
      k += (p.wk[h * dh * d + r * d + m] as number) * X(p, s, m, i);
      q += (p.wq[h * dh * d + r * d + m] as number) * X(p, s, m, j);
    }
    a += k * q;
  }
  return a / p.temperature;
}

/** S_h[i, j] = exp(A[i, j]) / Σ_i′ exp(A[i′, j]) (unshifted: the tests' scores are small). */
function softmaxEntry(p: AttentionProblem, h: number, s: number, i: number, j: number): number {
  let den = 0;
  for (let k = 0; k < p.shape.numTokens; k++) den += Math.exp(score(p, h, s, k, j));
  return Math.exp(score(p, h, s, i, j)) / den;
}

/** F_s[ℓ, j] = c Σ_h Σ_m Σ_i W^V[ℓ, m] X[m, i] S[i, j]. */
export function forward(p: AttentionProblem): Float64Array {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H } = p.shape;
  const F = new Float64Array(N * d * n);
  for (let s = 0; s < N; s++)
    for (let l = 0; l < d; l++)
      for (let j = 0; j < n; j++) {
        let f = 0;
        for (let h = 0; h < H; h++)
          for (let m = 0; m < d; m++)
            for (let i = 0; i < n; i++)
              f += (p.wv[h * d * d + l * d + m] as number) * X(p, s, m, i) * softmaxEntry(p, h, s, i, j);
        F[s * d * n + l * n + j] = c(p) * f;
      }
  return F;
}

export function loss(p: AttentionProblem): number {
  const F = forward(p);
  let l = 0;
  for (let t = 0; t < F.length; t++) l += ((F[t] as number) - (p.y[t] as number)) ** 2;
  return l / 2;
}

/**
 * J = ∂ vec F / ∂θ, rows (s, ℓ, j), columns θ = (W^K, W^Q, W^V) flattened, by the chain rule written entry by entry:
 * ∂F[ℓ, j]/∂A[i′, j] = c Σ_m Σ_i W^V[ℓ, m] X[m, i] S[i, j](δ_{ii′} − S[i′, j]);
 * ∂A[i′, j]/∂W^K[a, m] = X[m, i′] (W^Q X)[a, j] / τ;  ∂A[i′, j]/∂W^Q[a, m] = (W^K X)[a, i′] X[m, j] / τ.
 */
export function jacobian(p: AttentionProblem): { rows: number; cols: number; data: Float64Array } {
  const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = p.shape;
  const P = H * (2 * dh * d + d * d);
  const rows = N * d * n;
  const J = new Float64Array(rows * P);
  const offQ = H * dh * d;
  const offV = 2 * H * dh * d;
  for (let s = 0; s < N; s++)
    for (let l = 0; l < d; l++)
      for (let j = 0; j < n; j++) {
        const row = (s * d * n + l * n + j) * P;
        for (let h = 0; h < H; h++) {
          for (let ip = 0; ip < n; ip++) {
            let dFdA = 0;
            for (let m = 0; m < d; m++)
              for (let i = 0; i < n; i++)
                dFdA +=
                  (p.wv[h * d * d + l * d + m] as number) *
                  X(p, s, m, i) *
                  softmaxEntry(p, h, s, i, j) *
                  ((i === ip ? 1 : 0) - softmaxEntry(p, h, s, ip, j));
            dFdA *= c(p);
            for (let a = 0; a < dh; a++) {
              let q = 0;
              let k = 0;
              for (let m = 0; m < d; m++) {
                q += (p.wq[h * dh * d + a * d + m] as number) * X(p, s, m, j);
                k += (p.wk[h * dh * d + a * d + m] as number) * X(p, s, m, ip);
              }
              for (let m = 0; m < d; m++) {
                const col = h * dh * d + a * d + m;
                J[row + col] = (J[row + col] as number) + (dFdA * X(p, s, m, ip) * q) / p.temperature;
                J[row + offQ + col] = (J[row + offQ + col] as number) + (dFdA * k * X(p, s, m, j)) / p.temperature;
              }
            }
          }
          for (let m = 0; m < d; m++) {
            let z = 0;
            for (let i = 0; i < n; i++) z += X(p, s, m, i) * softmaxEntry(p, h, s, i, j);
            J[row + offV + h * d * d + l * d + m] = c(p) * z;
          }
        }
      }
  return { rows, cols: P, data: J };
}

/** ∂L/∂θ = Jᵀ (vec F − vec Y), split into (W^K, W^Q, W^V). */
export function gradient(p: AttentionProblem): { wk: Float64Array; wq: Float64Array; wv: Float64Array } {
  const J = jacobian(p);
  const F = forward(p);
  const g = new Float64Array(J.cols);
  for (let r = 0; r < J.rows; r++) {
    const e = (F[r] as number) - (p.y[r] as number);
    for (let k = 0; k < J.cols; k++) g[k] = (g[k] as number) + e * (J.data[r * J.cols + k] as number);
  }
  const kq = p.wk.length;
  return { wk: g.slice(0, kq), wq: g.slice(kq, 2 * kq), wv: g.slice(2 * kq) };
}

/** H = J Jᵀ by the literal sum over parameters, optionally over a column range (H_KQ: [0, 2·H·d_h·d), H_V: the rest). */
export function gram(p: AttentionProblem, from = 0, to?: number): Float64Array {
  const J = jacobian(p);
  const end = to ?? J.cols;
  const H = new Float64Array(J.rows * J.rows);
  for (let a = 0; a < J.rows; a++)
    for (let b = 0; b < J.rows; b++) {
      let acc = 0;
      for (let k = from; k < end; k++) acc += (J.data[a * J.cols + k] as number) * (J.data[b * J.cols + k] as number);
      H[a * J.rows + b] = acc;
    }
  return H;
}
