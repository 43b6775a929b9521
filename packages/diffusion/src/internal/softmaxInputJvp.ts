/**
 * The two-layer softmax network (Eq. 1 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax",
 * 2024) and its NTK regression predictor (Definition F.1) differentiated with respect to their input, in closed
 * form and float64: the Jacobian-vector products behind the exact divergence of the probability-flow ODE.
 */
import type { Matrix } from '@softmax-ntk/linalg';

export interface SoftmaxInputJvpOptions {
  /** m × d_in. */
  w: Matrix;
  /** d_out × m. */
  a: Matrix;
  /** NTK predictor only: U (m × d_in), F_ntk(x) = J(x)·U. Absent: the network F itself. */
  u?: Matrix;
  /** n × d_in. */
  x: Matrix;
  /** Input directions, n × d_in each (row i moves x_i). */
  directions: Matrix[];
}

/**
 * F and ∂F/∂x·v for every row and direction. With z = Wx, S = softmax(z), dz = Wv, dS = S ∘ (dz − ⟨S, dz⟩):
 * - network (Eq. 1): F = m·a·S, so dF = m·a·dS;
 * - NTK predictor (Eq. 2 contracted with U): with G = Ux, q = ⟨S, G⟩, P = a·S,
 *   F = m(a·(S ∘ G) − P q), and dF = m(a·(dS ∘ G + S ∘ dG) − (a·dS) q − P dq), dG = Uv,
 *   dq = ⟨dS, G⟩ + ⟨S, dG⟩.
 */
export function softmaxInputJvp(options: SoftmaxInputJvpOptions): { F: Matrix; jvp: Matrix[] } {
  const { w, a, u, x, directions } = options;
  const m = w.rows;
  const dIn = w.cols;
  const dOut = a.rows;
  const n = x.rows;
  const F = new Float64Array(n * dOut);
  const J = directions.map(() => new Float64Array(n * dOut));
  const S = new Float64Array(m);
  const G = new Float64Array(m);
  const dS = new Float64Array(m);
  const dG = new Float64Array(m);
  const SG = new Float64Array(m);
  const dSG = new Float64Array(m);
  const wd = w.data;
  const ad = a.data;
  const ud = u?.data;
  for (let i = 0; i < n; i++) {
    const xo = i * dIn;
    let mx = -Infinity;
    for (let r = 0; r < m; r++) {
      let z = 0;
      for (let c = 0; c < dIn; c++) z += (wd[r * dIn + c] as number) * (x.data[xo + c] as number);
      S[r] = z;
      if (z > mx) mx = z;
    }
    let sum = 0;
    for (let r = 0; r < m; r++) sum += S[r] = Math.exp((S[r] as number) - mx);
    let q = 0;
    for (let r = 0; r < m; r++) {
      S[r] = (S[r] as number) / sum;
      if (ud) {
        let gr = 0;
        for (let c = 0; c < dIn; c++) gr += (ud[r * dIn + c] as number) * (x.data[xo + c] as number);
        G[r] = gr;
        SG[r] = (S[r] as number) * gr;
        q += SG[r] as number;
      }
    }
    const P = new Float64Array(dOut);
    for (let l = 0; l < dOut; l++) {
      let p = 0;
      let pg = 0;
      for (let r = 0; r < m; r++) {
        p += (ad[l * m + r] as number) * (S[r] as number);
        if (ud) pg += (ad[l * m + r] as number) * (SG[r] as number);
      }
      P[l] = p;
      F[i * dOut + l] = ud ? m * (pg - p * q) : m * p;
    }
    directions.forEach((D, k) => {
      const out = J[k] as Float64Array;
      let mu = 0;
      for (let r = 0; r < m; r++) {
        let dz = 0;
        for (let c = 0; c < dIn; c++) dz += (wd[r * dIn + c] as number) * (D.data[xo + c] as number);
        dS[r] = dz;
        mu += (S[r] as number) * dz;
      }
      let dq = 0;
      for (let r = 0; r < m; r++) {
        dS[r] = (S[r] as number) * ((dS[r] as number) - mu);
        if (ud) {
          let g = 0;
          for (let c = 0; c < dIn; c++) g += (ud[r * dIn + c] as number) * (D.data[xo + c] as number);
          dG[r] = g;
          dSG[r] = (dS[r] as number) * (G[r] as number) + (S[r] as number) * g;
          dq += dSG[r] as number;
        }
      }
      for (let l = 0; l < dOut; l++) {
        let dp = 0;
        let dpg = 0;
        for (let r = 0; r < m; r++) {
          dp += (ad[l * m + r] as number) * (dS[r] as number);
          if (ud) dpg += (ad[l * m + r] as number) * (dSG[r] as number);
        }
        out[i * dOut + l] = ud ? m * (dpg - dp * q - (P[l] as number) * dq) : m * dp;
      }
    });
  }
  return { F: { rows: n, cols: dOut, data: F }, jvp: J.map((data) => ({ rows: n, cols: dOut, data })) };
}
