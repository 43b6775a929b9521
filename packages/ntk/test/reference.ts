/**
 * Definition 3.6 written literally — loops over ℓ1, ℓ2, i, j, r, with
 * v_{ℓ,r} = a_{ℓ,r}·1_m − a_ℓ and S_i the softmax of Wᵀx_i — the independent
 * float64 computation the fast paths are checked against. Baselines: the
 * Jacobian of F_ℓ = (1/√m)Σ_r a_{ℓ,r} φ(⟨w_r, x⟩) contracted literally.
 */
import type { Matrix } from '@softmax-ntk/linalg';

function softmaxRow(w: Matrix, x: Float64Array): Float64Array {
  const m = w.rows;
  const z = new Float64Array(m);
  let mx = -Infinity;
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let k = 0; k < w.cols; k++) s += (w.data[r * w.cols + k] as number) * (x[k] as number);
    z[r] = s;
    mx = Math.max(mx, s);
  }
  let tot = 0;
  for (let r = 0; r < m; r++) tot += z[r] = Math.exp((z[r] as number) - mx);
  for (let r = 0; r < m; r++) z[r] = (z[r] as number) / tot;
  return z;
}

const row = (x: Matrix, i: number) => x.data.subarray(i * x.cols, (i + 1) * x.cols);
const dot = (u: ArrayLike<number>, v: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < u.length; k++) s += (u[k] as number) * (v[k] as number);
  return s;
};

/** ∂F_ℓ(x)/∂⟨w_r,x⟩ for every ℓ, r, written from Eq. 2 term by term. */
function coefficients(w: Matrix, a: Matrix, x: Float64Array, activation: string): number[][] {
  const m = w.rows;
  const d = a.rows;
  const out: number[][] = [];
  if (activation === 'softmax') {
    const S = softmaxRow(w, x);
    for (let l = 0; l < d; l++) {
      const c: number[] = [];
      for (let r = 0; r < m; r++) {
        // ⟨v_{ℓ,r}, S⟩ = Σ_k (a_{ℓ,r} − a_{ℓ,k}) S_k
        let vS = 0;
        for (let k = 0; k < m; k++)
          vS += ((a.data[l * m + r] as number) - (a.data[l * m + k] as number)) * (S[k] as number);
        c.push(vS * m * (S[r] as number));
      }
      out.push(c);
    }
    return out;
  }
  for (let l = 0; l < d; l++) {
    const c: number[] = [];
    for (let r = 0; r < m; r++) {
      const z = dot(row(w, r), x);
      const dphi = activation === 'relu' ? (z > 0 ? 1 : 0) : Math.exp(z);
      c.push(((a.data[l * m + r] as number) * dphi) / Math.sqrt(m));
    }
    out.push(c);
  }
  return out;
}

/** [H_{ℓ1,ℓ2}]_{i,j} of Definition 3.6 (softmax: the 1/m in front; baselines: J Jᵀ), as nested arrays. */
export function referenceCrossGram(w: Matrix, a: Matrix, x1: Matrix, x2: Matrix, activation = 'softmax'): number[][] {
  const d = a.rows;
  const m = w.rows;
  const kappa = activation === 'softmax' ? m : 1;
  const c1 = Array.from({ length: x1.rows }, (_, i) => coefficients(w, a, row(x1, i), activation));
  const c2 = Array.from({ length: x2.rows }, (_, j) => coefficients(w, a, row(x2, j), activation));
  const H: number[][] = Array.from({ length: x1.rows * d }, () => new Array<number>(x2.rows * d).fill(0));
  for (let l1 = 0; l1 < d; l1++)
    for (let l2 = 0; l2 < d; l2++)
      for (let i = 0; i < x1.rows; i++)
        for (let j = 0; j < x2.rows; j++) {
          let s = 0;
          for (let r = 0; r < m; r++) s += (c1[i]![l1]![r] as number) * (c2[j]![l2]![r] as number);
          H[l1 * x1.rows + i]![l2 * x2.rows + j] = (dot(row(x1, i), row(x2, j)) * s) / kappa;
        }
  return H;
}
