import { fromRows, Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import * as reference from './index';
import { randomNet } from './fixtures';

// Simpson's rule with 400 panels on [0, 1]: error ≤ h⁴·max|f⁗|/180 with h = 1/400. For the integrands below
// (e^{G(s)}g(s) with g ≤ 20, G ≤ 10.05) that is ≤ 1e-7 relative to the integral; 1e-6 leaves a decade.
const QUADRATURE = { rtol: 1e-6, atol: 1e-12 };

describe('Section 6.1, Eq. (3): the forward process by quadrature', () => {
  it('constant g ≡ β: α_t = e^{−βt/2}, σ_t² = 1 − e^{−βt}', () => {
    for (const t of [0.01, 0.3, 1]) {
      const { alpha, sigma2 } = reference.forwardProcess({ g: () => 4, t });
      expect([alpha, sigma2]).toBeAllClose([Math.exp(-2 * t), -Math.expm1(-4 * t)], QUADRATURE);
    }
  });

  it('linear g(t) = 0.1 + 19.9t: α_t = e^{−(0.1t + 19.9t²/2)/2}, σ_t² = 1 − α_t²', () => {
    for (const t of [0.001, 0.5, 1]) {
      const G = 0.1 * t + (19.9 * t * t) / 2;
      const { alpha, sigma2 } = reference.forwardProcess({ g: (s) => 0.1 + 19.9 * s, t });
      expect([alpha, sigma2]).toBeAllClose([Math.exp(-G / 2), -Math.expm1(-G)], QUADRATURE);
    }
  });

  it('any g: the Itô variance e^{−∫g}∫e^{∫g}g equals 1 − α_t² (variance preserving), t = 0 gives (1, 0)', () => {
    const g = (s: number) => 2 + Math.cos(5 * s);
    const { alpha, sigma2 } = reference.forwardProcess({ g, t: 0.8 });
    expect(sigma2).toBeAllClose(1 - alpha * alpha, QUADRATURE);
    expect(alpha).toBeAllClose(Math.exp(-0.5 * (1.6 + Math.sin(4) / 5)), QUADRATURE); // ∫₀^0.8 g = 1.6 + sin(4)/5
    expect(reference.forwardProcess({ g, t: 0 })).toEqual({ alpha: 1, sigma2: 0 });
  });
});

describe('Section 6.1: the denoising training pairs', () => {
  const g = () => 4;
  it('x_i = (t_i, α x(0)_i + σ ε_i) ∈ R^{d+1} and y_i = x(0)_i, by hand', () => {
    const x0 = fromRows([
      [0.5, -0.2],
      [0.1, 0.3],
    ]);
    const eps = fromRows([
      [1, 0],
      [-0.5, 2],
    ]);
    const p = reference.denoisingPairs({ x0, t: [0.25, 0.5], eps, g });
    const a1 = Math.exp(-0.5),
      s1 = Math.sqrt(-Math.expm1(-1)),
      a2 = Math.exp(-1),
      s2 = Math.sqrt(-Math.expm1(-2));
    expect(p.x.cols).toBe(3);
    expect(p.x.data).toBeAllClose(
      [0.25, a1 * 0.5 + s1, a1 * -0.2, 0.5, a2 * 0.1 - 0.5 * s2, a2 * 0.3 + 2 * s2],
      QUADRATURE,
    );
    expect(Array.from(p.y.data)).toEqual([0.5, -0.2, 0.1, 0.3]);
  });

  it('drawDenoisingPairs: draws in the order t_i = T·u_i, then the d coordinates of ε_i', () => {
    const seq = [0.5, 0.1, -0.2, 0.9, 0.3, 0.4];
    let k = 0;
    const draws = { uniform: () => seq[k++]!, normal: () => seq[k++]! };
    const x0 = fromRows([
      [0.2, 0.1],
      [0.4, -0.3],
    ]);
    const p = reference.drawDenoisingPairs({ x0, T: 2, g, draws });
    expect(Array.from(p.t)).toEqual([1, 1.8]);
    expect(Array.from(p.eps.data)).toEqual([0.1, -0.2, 0.3, 0.4]);
    expect(p.xt.data).toBeAllClose(reference.denoisingPairs({ x0, t: p.t, eps: p.eps, g }).xt.data, TOLERANCES.float64);
  });

  it('t ~ Unif(0, T) as the paper states: mean T/2 within 5 standard errors, draws below 0.01·T occur', () => {
    const n = 4000;
    const p = reference.drawDenoisingPairs({
      x0: { rows: n, cols: 1, data: new Float64Array(n) },
      T: 2,
      g,
      draws: new Rng(3),
      panels: 8,
    });
    let mean = 0;
    let min = Infinity;
    for (const t of p.t) {
      mean += t / n;
      min = Math.min(min, t);
    }
    expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(4 / 12 / n)); // Var U(0, 2) = 4/12
    expect(min).toBeLessThan(0.02);
    expect(min).toBeGreaterThanOrEqual(0);
  });
});

const mixture = {
  weights: [0.3, 0.7],
  means: fromRows([
    [0.5, 0.3],
    [-0.4, -0.2],
  ]),
  std: fromRows([
    [0.12, 0.2],
    [0.3, 0.1],
  ]),
};
const points = fromRows([
  [0.2, 0.1],
  [-0.3, 0.4],
  [0.6, -0.5],
]);

/** log p_t(x) of the mixture, written independently of the score (for finite differences). */
function logDensity(alpha: number, sigma2: number, x: number[]): number {
  let p = 0;
  for (let k = 0; k < 2; k++) {
    let pk = mixture.weights[k]!;
    for (let l = 0; l < 2; l++) {
      const v = alpha * alpha * mixture.std.data[2 * k + l]! ** 2 + sigma2;
      const mu = alpha * mixture.means.data[2 * k + l]!;
      pk *= Math.exp(-((x[l]! - mu) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
    }
    p += pk;
  }
  return Math.log(p);
}

describe('the score ∇log p_t of Gaussian data (the closed forms the diffusion tests compare with)', () => {
  const alpha = 0.8,
    sigma2 = 0.36;

  it('one Gaussian N(μ, s²I): ∇log p_t(x) = −(x − αμ)/(α²s² + σ²)', () => {
    const single = { weights: [1], means: fromRows([[0.5, -0.1]]), std: fromRows([[0.2, 0.2]]) };
    const s = reference.mixtureScore({ mixture: single, alpha, sigma2, x: points });
    const v = alpha * alpha * 0.04 + sigma2;
    const expected = Array.from(points.data, (x, k) => -(x - alpha * (k % 2 === 0 ? 0.5 : -0.1)) / v);
    expect(s.data).toBeAllClose(expected, TOLERANCES.float64);
  });

  it('a mixture: the score equals central differences of log p_t', () => {
    const s = reference.mixtureScore({ mixture, alpha, sigma2, x: points });
    const h = 6e-6;
    const fd: number[] = [];
    for (let i = 0; i < 3; i++)
      for (let l = 0; l < 2; l++) {
        const up = [points.data[2 * i]!, points.data[2 * i + 1]!];
        const down = [...up];
        up[l]! += h;
        down[l]! -= h;
        fd.push((logDensity(alpha, sigma2, up) - logDensity(alpha, sigma2, down)) / (2 * h));
      }
    expect(s.data).toBeAllClose(fd, TOLERANCES.finiteDifference);
  });

  it('Tweedie: E[x(0) | x(t) = x] by Bayes equals (x + σ_t²∇log p_t(x))/α_t', () => {
    const s = reference.mixtureScore({ mixture, alpha, sigma2, x: points });
    const post = reference.mixturePosteriorMean({ mixture, alpha, sigma2, x: points });
    expect(post.data).toBeAllClose(
      Array.from(points.data, (x, k) => (x + sigma2 * s.data[k]!) / alpha),
      TOLERANCES.float64,
    );
  });
});

describe("Theorem 6.5's left side: the weighted score loss", () => {
  const g = () => 4;
  const draws = new Rng(11);
  const x0: Matrix = { rows: 50, cols: 2, data: Float64Array.from({ length: 100 }, () => 0.3 * draws.normal()) };
  const pairs = reference.drawDenoisingPairs({ x0, T: 1, g, draws, panels: 40 });
  const alpha = Array.from(pairs.t, (t) => Math.exp(-2 * t));
  const sigma2 = Array.from(pairs.t, (t) => -Math.expm1(-4 * t));
  const truthAt = (i: number) =>
    reference.mixtureScore({
      mixture,
      alpha: alpha[i]!,
      sigma2: sigma2[i]!,
      x: { rows: 1, cols: 2, data: pairs.xt.data.subarray(2 * i, 2 * i + 2) },
    }).data;
  const truth: Matrix = { rows: 50, cols: 2, data: new Float64Array(100) };
  for (let i = 0; i < 50; i++) truth.data.set(truthAt(i), 2 * i);

  it('is 0 for the true score and (1/n)Σλ(t_i)·d·c² for the true score shifted by c in every coordinate', () => {
    const lambda = (t: number) => 1 + t;
    expect(reference.weightedScoreLoss({ t: pairs.t, model: truth, truth, lambda })).toBe(0);
    const shifted = { ...truth, data: truth.data.map((v) => v + 0.5) };
    let expected = 0;
    for (const t of pairs.t) expected += (lambda(t) * 2 * 0.25) / 50;
    expect(reference.weightedScoreLoss({ t: pairs.t, model: shifted, truth, lambda })).toBeAllClose(
      expected,
      TOLERANCES.float64,
    );
  });

  it('with λ(t) = σ_t⁴/α_t² and s = (α_t F − x)/σ_t², it is the denoiser error E‖F − E[x(0) | x(t)]‖²', () => {
    const F: Matrix = { rows: 50, cols: 2, data: Float64Array.from({ length: 100 }, (_, k) => Math.sin(k)) };
    const model = reference.scoreFromDenoiser({ F, xt: pairs.xt, alpha, sigma2 });
    const idx = new Map(Array.from(pairs.t, (t, i) => [t, i]));
    const lambda = (t: number) => sigma2[idx.get(t)!]! ** 2 / alpha[idx.get(t)!]! ** 2;
    let expected = 0;
    for (let i = 0; i < 50; i++) {
      const post = reference.mixturePosteriorMean({
        mixture,
        alpha: alpha[i]!,
        sigma2: sigma2[i]!,
        x: { rows: 1, cols: 2, data: pairs.xt.data.subarray(2 * i, 2 * i + 2) },
      }).data;
      for (let l = 0; l < 2; l++) expected += (F.data[2 * i + l]! - post[l]!) ** 2 / 50;
    }
    expect(reference.weightedScoreLoss({ t: pairs.t, model, truth, lambda })).toBeAllClose(expected, {
      rtol: 1e-9, // σ_t² near t = 0 divides: the two routes differ by rounding amplified by α_t²/σ_t² ≤ ~1e3
      atol: 0,
    });
  });
});

describe('Definition F.1: NTK regression', () => {
  it('solveDense: a 3 × 3 system by hand (a zero pivot forces a row swap)', () => {
    const A = fromRows([
      [0, 2, 1],
      [1, 1, 0],
      [2, 0, 3],
    ]);
    // z = (1, −1, 2): b = A z
    expect(reference.solveDense(A, [0, 0, 8])).toBeAllClose([1, -1, 2], TOLERANCES.float64);
  });

  const net = randomNet(21, 'softmax', 3, 3, 2, 8);
  const xTest = fromRows([
    [0.2, -0.1, 0.3],
    [-0.4, 0.1, 0.05],
  ]);

  it('one step of Eq. (25) from γ(0) = 0: γ(1) = η vec(Y), F_ntk = m η K*_te vec(Y)', () => {
    const eta = 0.01;
    const { gamma, predict } = reference.ntkRegressionGd({ ...net, xTest, eta, steps: 1 });
    const vecY = [0, 1, 2].map((i) => net.y.data[2 * i]!).concat([0, 1, 2].map((i) => net.y.data[2 * i + 1]!));
    expect(gamma).toBeAllClose(
      vecY.map((v) => eta * v),
      TOLERANCES.float64,
    );
    const K = reference.testKernel({ ...net, xTest });
    const expected: number[] = [];
    for (let te = 0; te < 2; te++)
      for (let l = 0; l < 2; l++) {
        let s = 0;
        for (let c = 0; c < 6; c++) s += K.data[(l * 2 + te) * 6 + c]! * vecY[c]!;
        expected.push(8 * eta * s);
      }
    expect(predict.data).toBeAllClose(expected, TOLERANCES.float64);
  });

  it('ridge 0 interpolates the training labels; GD of Eq. (25) converges to the same predictor', () => {
    const atTrain = reference.ntkRegressionPredictor({ ...net, xTest: net.x });
    expect(atTrain.data).toBeAllClose(net.y.data, { rtol: 1e-8, atol: 1e-10 }); // H* of condition ~1e3: u·κ with headroom
    const H = reference.gram(net);
    let tr = 0;
    for (let r = 0; r < 6; r++) tr += H.data[r * 6 + r]!;
    const eta = 1 / (8 * tr); // ≤ 1/λ_max(mH*): monotone convergence
    const gd = reference.ntkRegressionGd({ ...net, xTest, eta, steps: 20000 });
    const limit = reference.ntkRegressionPredictor({ ...net, xTest });
    expect(gd.predict.data).toBeAllClose(limit.data, { rtol: 1e-6, atol: 1e-9 }); // (1 − ηmλ_min)^τ residual
  });

  it('an absolute ridge ρ solves (H* + ρI)γ′ = vec(Y): at the training points F = H*(H* + ρI)⁻¹vec(Y) ≠ Y', () => {
    const rho = 0.05;
    const F = reference.ntkRegressionPredictor({ ...net, xTest: net.x, ridge: rho });
    // (H* + ρI)⁻¹ vec Y = (vec Y − vec F)/ρ since H*(H* + ρI)⁻¹ = I − ρ(H* + ρI)⁻¹
    const H = reference.gram(net);
    const vec = (M: Matrix) => [0, 1, 2].map((i) => M.data[2 * i]!).concat([0, 1, 2].map((i) => M.data[2 * i + 1]!));
    const z = vec(net.y).map((v, k) => (v - vec(F)[k]!) / rho);
    const Hz = Array.from({ length: 6 }, (_, r) => z.reduce((s, v, c) => s + H.data[r * 6 + c]! * v, 0));
    expect(Hz.map((v, k) => v + rho * z[k]!)).toBeAllClose(vec(net.y), { rtol: 1e-8, atol: 1e-10 });
    expect(Math.abs(F.data[0]! - net.y.data[0]!)).toBeGreaterThan(1e-3);
  });
});
