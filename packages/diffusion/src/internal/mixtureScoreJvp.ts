/**
 * The Hessian of log p_t for a Gaussian mixture, applied to directions: ∇²log p_t(x)·v in closed form
 * (the exact divergence of the probability-flow ODE for mixture targets).
 */
import type { Matrix } from '@softmax-ntk/linalg';
import type { GaussianMixture } from '../target/target';

/**
 * With component k of p_t = N(α μ_k, diag(α² s_k² + σ²)), inverse variances ι_k, g_k = ι_k ∘ (α μ_k − x) and
 * responsibilities r_k(x), the score is s = Σ_k r_k g_k and
 *   ∇²log p_t(x)·v = Σ_k r_k (g_k⟨g_k, v⟩ − ι_k ∘ v) − s⟨s, v⟩.
 * Stable like `mixtureMarginal`: responsibilities by log-sum-exp.
 */
export function mixtureScoreJvp(
  mix: GaussianMixture,
  alpha: number,
  s2: number,
  x: Matrix,
  directions: Matrix[],
): { score: Matrix; jvp: Matrix[] } {
  const K = mix.weights.length;
  const d = mix.means.cols;
  const n = x.rows;
  const mu = new Float64Array(K * d);
  const inv = new Float64Array(K * d);
  const logc = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let lc = Math.log(mix.weights[k] as number);
    for (let j = 0; j < d; j++) {
      const s = mix.std.data[k * d + j] as number;
      const v = alpha * alpha * s * s + s2;
      mu[k * d + j] = alpha * (mix.means.data[k * d + j] as number);
      inv[k * d + j] = 1 / v;
      lc -= 0.5 * Math.log(v);
    }
    logc[k] = lc;
  }
  const score = new Float64Array(n * d);
  const out = directions.map(() => new Float64Array(n * d));
  const r = new Float64Array(K);
  const g = new Float64Array(K * d);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let mx = -Infinity;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) {
        const gj = ((mu[k * d + j] as number) - (x.data[xo + j] as number)) * (inv[k * d + j] as number);
        g[k * d + j] = gj;
        q += (gj * gj) / (inv[k * d + j] as number);
      }
      const l = (logc[k] as number) - 0.5 * q;
      r[k] = l;
      if (l > mx) mx = l;
    }
    let z = 0;
    for (let k = 0; k < K; k++) z += r[k] = Math.exp((r[k] as number) - mx);
    for (let k = 0; k < K; k++) {
      r[k] = (r[k] as number) / z;
      for (let j = 0; j < d; j++)
        score[xo + j] = (score[xo + j] as number) + (r[k] as number) * (g[k * d + j] as number);
    }
    directions.forEach((V, c) => {
      const o = out[c] as Float64Array;
      let sv = 0;
      for (let j = 0; j < d; j++) sv += (score[xo + j] as number) * (V.data[xo + j] as number);
      for (let j = 0; j < d; j++) o[xo + j] = -(score[xo + j] as number) * sv;
      for (let k = 0; k < K; k++) {
        const rk = r[k] as number;
        if (rk === 0) continue;
        let gv = 0;
        for (let j = 0; j < d; j++) gv += (g[k * d + j] as number) * (V.data[xo + j] as number);
        for (let j = 0; j < d; j++)
          o[xo + j] =
            (o[xo + j] as number) +
            rk * ((g[k * d + j] as number) * gv - (inv[k * d + j] as number) * (V.data[xo + j] as number));
      }
    });
  }
  return {
    score: { rows: n, cols: d, data: score },
    jvp: out.map((data) => ({ rows: n, cols: d, data })),
  };
}
