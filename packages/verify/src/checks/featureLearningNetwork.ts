/**
 * The two-layer softmax network's side of the `feature-learning` check
 * (Section 7's open question, for the network of Eq. (1) of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024)): the same network under
 * NTK scaling F = (1/√m) Σ_r a_r (m S_r) and mean-field scaling F = (1/m) Σ_r a_r (m S_r)
 * — the paper's a ∈ {±1} divided by √m or m, which multiplies F and J by that factor —
 * trained by GD on W to a fixed loss.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { forward, makeProblem, train, type Problem } from '@softmax-ntk/network';
import { gram, ntkRegression } from '@softmax-ntk/ntk';
import { alignment, frob } from './attentionExperiment';

export interface NetworkScalingRow {
  m: number;
  scaling: 'ntk' | 'mean-field';
  steps: number;
  reached: boolean;
  drift: number;
  alignBefore: number;
  alignAfter: number;
  test: number;
  testNtk: number;
}

/** x on the unit sphere of R^{d_in}; y = cos(2⟨u, x⟩)/√2 + sin(⟨v, x⟩)/√2 (|y| ≤ 1), one output. */
function data(n: number, dIn: number, rng: Rng, u: Float64Array, v: Float64Array): { x: Matrix; y: Matrix } {
  const x = new Float64Array(n * dIn);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dIn; k++) {
      const z = rng.normal();
      x[i * dIn + k] = z;
      s += z * z;
    }
    let pu = 0;
    let pv = 0;
    for (let k = 0; k < dIn; k++) {
      x[i * dIn + k] = (x[i * dIn + k] as number) / Math.sqrt(s);
      pu += (u[k] as number) * (x[i * dIn + k] as number);
      pv += (v[k] as number) * (x[i * dIn + k] as number);
    }
    y[i] = (Math.cos(2 * pu) + Math.sin(pv)) / Math.SQRT2 / Math.SQRT2;
  }
  return { x: { rows: n, cols: dIn, data: x }, y: { rows: n, cols: 1, data: y } };
}

export async function networkScaling(o: {
  widths: number[];
  nTrain: number;
  nTest: number;
  dIn: number;
  ratio: number;
  cap: number;
  seed: number;
}): Promise<NetworkScalingRow[]> {
  const rng = new Rng(`feature-learning/network/${o.seed}`);
  const u = new Float64Array(o.dIn);
  const v = new Float64Array(o.dIn);
  rng.fillNormal(u);
  rng.fillNormal(v);
  const tr = data(o.nTrain, o.dIn, rng, u, v);
  const te = data(o.nTest, o.dIn, rng, u, v);
  const rows: NetworkScalingRow[] = [];
  for (const m of o.widths) {
    const base = makeProblem({ data: tr, numNeurons: m, sigma: 1, seed: o.seed * 1000 + m }).problem;
    for (const scaling of ['ntk', 'mean-field'] as const) {
      const f = scaling === 'ntk' ? 1 / Math.sqrt(m) : 1 / m;
      const p: Problem = { ...base, a: { ...base.a, data: base.a.data.map((x) => x * f) } };
      const l0 = 0.5 * frob(p.y.data) ** 2; // symmetric initialisation: F(0) = 0
      const r = await train({ problem: p, steps: o.cap, epsilon: o.ratio * l0 });
      const H0 = gram(p);
      const HT = gram({ ...p, w: r.w });
      const drift = frob(HT.data.map((x, t) => x - (H0.data[t] as number))) / frob(H0.data);
      const Fte = forward({ w: r.w, a: p.a, x: te.x });
      const rel = (F: Matrix) => frob(F.data.map((x, t) => x - (te.y.data[t] as number))) / frob(te.y.data);
      const testNtk = rel(ntkRegression({ w: p.w, a: p.a, x: p.x, y: p.y, H: H0 }).predict(te.x));
      rows.push({
        m,
        scaling,
        steps: r.steps,
        reached: r.status === 'converged',
        drift,
        alignBefore: alignment(H0, p.y.data),
        alignAfter: alignment(HT, p.y.data),
        test: rel(Fte),
        testNtk,
      });
    }
  }
  return rows;
}
