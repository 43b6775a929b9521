/**
 * The posterior draw at T₀ (./posteriorStep, `sample({ denoiseFinal: 'posterior' })`): its first two moments against the
 * exact posterior of a Gaussian mixture computed independently (per component, by Gaussian conditioning), and samples
 * of p₀ itself when p₀ is Gaussian, where Tweedie's mean alone narrows the spread.
 *
 * Statistical bounds: an empirical mean of N draws has standard error √(v/N), an empirical covariance entry
 * √((c_ii·c_jj + c_ij²)/N) (Gaussian draws); the tests allow 5 standard errors (a false failure about once in 3·10⁶).
 */
import { matrix, Rng } from '@softmax-ntk/linalg';
import { exactScore } from '../model/exactScore';
import type { ScoreModel } from '../model/scoreModel';
import { makeSchedule } from '../sde/schedule';
import { posteriorDraw } from './posteriorStep';
import { sample } from './sample';
import { linearJvp } from '../../test/support/linearJvp';

const Z = 5;
const schedule = makeSchedule({ spec: 'linear' });

/** Two components in d = 2 with unequal, axis-aligned spreads. */
const mixture = {
  weights: new Float64Array([0.3, 0.7]),
  means: matrix(2, 2, new Float64Array([-0.4, 0.1, 0.5, -0.2])),
  std: matrix(2, 2, new Float64Array([0.1, 0.25, 0.2, 0.05])),
};

/**
 * Mean and covariance of x(0) given x(t) = x for the mixture, by conditioning each component (x(t) = αx(0) + σε):
 * per coordinate v = s²σ²/(α²s² + σ²), m = μ + αs²(x − αμ)/(α²s² + σ²); responsibilities from N(x; αμ, α²s² + σ²);
 * Cov = Σ r_k (diag(v_k) + m_k m_kᵀ) − mean·meanᵀ.
 */
function exactPosterior(t: number, x: number[]): { mean: number[]; cov: number[][] } {
  const a = schedule.alpha(t);
  const s2 = schedule.sigma2(t);
  const K = mixture.weights.length;
  const logw: number[] = [];
  const ms: number[][] = [];
  const vs: number[][] = [];
  for (let k = 0; k < K; k++) {
    let lw = Math.log(mixture.weights[k]!);
    const m: number[] = [];
    const v: number[] = [];
    for (let j = 0; j < 2; j++) {
      const mu = mixture.means.data[k * 2 + j]!;
      const s = mixture.std.data[k * 2 + j]! ** 2;
      const tot = a * a * s + s2;
      lw += -0.5 * Math.log(2 * Math.PI * tot) - (x[j]! - a * mu) ** 2 / (2 * tot);
      m.push(mu + (a * s * (x[j]! - a * mu)) / tot);
      v.push((s * s2) / tot);
    }
    logw.push(lw);
    ms.push(m);
    vs.push(v);
  }
  const top = Math.max(...logw);
  const r = logw.map((l) => Math.exp(l - top));
  const sum = r.reduce((p, q) => p + q, 0);
  const mean = [0, 1].map((j) => r.reduce((acc, rk, k) => acc + (rk / sum) * ms[k]![j]!, 0));
  const cov = [0, 1].map((i) =>
    [0, 1].map(
      (j) =>
        r.reduce((acc, rk, k) => acc + (rk / sum) * ((i === j ? vs[k]![i]! : 0) + ms[k]![i]! * ms[k]![j]!), 0) -
        mean[i]! * mean[j]!,
    ),
  );
  return { mean, cov };
}

function moments(x: Float64Array): { mean: number[]; cov: number[][] } {
  const n = x.length / 2;
  const mean = [0, 1].map((j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * 2 + j]!;
    return s / n;
  });
  const cov = [0, 1].map((p) =>
    [0, 1].map((q) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[i * 2 + p]! - mean[p]!) * (x[i * 2 + q]! - mean[q]!);
      return s / (n - 1);
    }),
  );
  return { mean, cov };
}

describe('posteriorDraw', () => {
  const model = exactScore({ mixture, schedule });
  // called inside the tests, not bound here: a broken exactScore then fails them instead of the file's collection
  const jvp: NonNullable<ScoreModel['jvp']> = (t, x, directions) => model.jvp!(t, x, directions);

  it.each([
    [0.05, [0.3, -0.15]], // in the second mode
    [0.2, [0.0, 0.0]], // between the modes: the posterior is bimodal, its covariance holds the spread between them
  ])('at t = %f, x = %j: the draws have the exact posterior mean and covariance', (t, point) => {
    const N = 40000;
    const x = new Float64Array(N * 2);
    for (let i = 0; i < N; i++) x.set(point, i * 2);
    const clipped = posteriorDraw(jvp, schedule, t, x, 2, new Rng('posterior-moments'));
    expect(clipped).toBe(0); // the exact score gives a positive semi-definite covariance
    const want = exactPosterior(t, point);
    const got = moments(x);
    for (let j = 0; j < 2; j++)
      expect(Math.abs(got.mean[j]! - want.mean[j]!)).toBeLessThan(Z * Math.sqrt(want.cov[j]![j]! / N));
    for (let p = 0; p < 2; p++)
      for (let q = 0; q < 2; q++) {
        const se = Math.sqrt((want.cov[p]![p]! * want.cov[q]![q]! + want.cov[p]![q]! ** 2) / N);
        expect(Math.abs(got.cov[p]![q]! - want.cov[p]![q]!)).toBeLessThan(Z * se);
      }
    // not a vacuous bound: a draw without spread (Tweedie's mean) is 20 of these bounds away
    expect(want.cov[0]![0]!).toBeGreaterThan(20 * Z * Math.sqrt((2 * want.cov[0]![0]! ** 2) / N));
  });

  it('a Gaussian p₀: draws from p_t become samples of p₀ (variance σ₀²), where Tweedie’s mean shrinks it', () => {
    const one = {
      weights: new Float64Array([1]),
      means: matrix(1, 2, new Float64Array([0.2, -0.1])),
      std: matrix(1, 2, new Float64Array([0.15, 0.3])),
    };
    const m1 = exactScore({ mixture: one, schedule });
    const t = 0.3;
    const a = schedule.alpha(t);
    const s2 = schedule.sigma2(t);
    const N = 40000;
    const rng = new Rng('posterior-gaussian');
    const x = new Float64Array(N * 2);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < 2; j++) {
        const s = one.std.data[j]!;
        x[i * 2 + j] = a * one.means.data[j]! + Math.sqrt(a * a * s * s + s2) * rng.normal();
      }
    const xs = x.slice();
    posteriorDraw(m1.jvp!.bind(m1), schedule, t, x, 2, rng);
    const got = moments(x);
    for (let j = 0; j < 2; j++) {
      const v = one.std.data[j]! ** 2;
      expect(Math.abs(got.mean[j]! - one.means.data[j]!)).toBeLessThan(Z * Math.sqrt(v / N));
      expect(Math.abs(got.cov[j]![j]! - v)).toBeLessThan(Z * v * Math.sqrt(2 / N));
    }
    expect(Math.abs(got.cov[0]![1]!)).toBeLessThan(Z * Math.sqrt((one.std.data[0]! * one.std.data[1]!) ** 2 / N));
    // Tweedie's mean of the same points: variance σ₀²·α²σ₀²/(α²σ₀² + σ²), here 0.32 and 0.65 of σ₀²
    const s = m1.score(t, { rows: N, cols: 2, data: xs }).data;
    for (let i = 0; i < xs.length; i++) xs[i] = (xs[i]! + s2 * s[i]!) / a;
    const shrunk = moments(xs);
    for (let j = 0; j < 2; j++) {
      const v = one.std.data[j]! ** 2;
      const rho = (a * a * v) / (a * a * v + s2);
      expect(Math.abs(shrunk.cov[j]![j]! - v * rho)).toBeLessThan(Z * v * rho * Math.sqrt(2 / N));
      expect(rho).toBeLessThan(0.7);
    }
  });

  it('a Jacobian that makes the covariance indefinite: its negative eigenvalue is set to 0 and counted', () => {
    // s(t, x) = −x/σ² (mean 0) with a Jacobian given as diag(0, −2/σ²): Cov = (σ²/α²)·diag(1, 1 − 2) = (σ²/α²)·diag(1, −1)
    const t = 0.1;
    const s2 = schedule.sigma2(t);
    const a = schedule.alpha(t);
    const fake = linearJvp(s2, [
      [0, 0],
      [0, -2 / s2],
    ]);
    const N = 20000;
    const x = new Float64Array(N * 2).fill(0.5);
    expect(posteriorDraw(fake, schedule, t, x, 2, new Rng('indefinite'))).toBe(N);
    const got = moments(x);
    // mean (x + σ²s)/α = 0 in both coordinates; spread σ²/α² along the first, none along the second
    expect(Math.abs(got.cov[0]![0]! - s2 / (a * a))).toBeLessThan((Z * s2 * Math.sqrt(2 / N)) / (a * a));
    // none along the second: 0 to rounding (the eigenvectors of a diagonal matrix, to unit roundoff)
    expect(got.cov[1]![1]!).toBeLessThan(1e-20 * (s2 / (a * a)));
    expect(Math.abs(got.mean[0]!)).toBeLessThan(Z * Math.sqrt(s2 / (a * a) / N));
    expect(Math.abs(got.mean[1]!)).toBeLessThan(1e-12 * Math.sqrt(s2 / (a * a)));
  });
});

describe('posteriorDraw with a Jacobian that is not symmetric (a learned score need not be a gradient)', () => {
  it('uses its symmetric part: ∇s = [[0, 1/σ²], [0, 0]] gives Cov = (σ²/α²)·[[1, ½], [½, 1]]', () => {
    const t = 0.1;
    const s2 = schedule.sigma2(t);
    const a = schedule.alpha(t);
    const fake = linearJvp(s2, [
      [0, 1 / s2], // (∇s)₀₁ = 1/σ², the rest 0
      [0, 0],
    ]);
    const N = 40000;
    const x = new Float64Array(N * 2).fill(-0.3);
    expect(posteriorDraw(fake, schedule, t, x, 2, new Rng('asymmetric'))).toBe(0);
    const f = s2 / (a * a);
    const got = moments(x);
    const want = [
      [f, f / 2],
      [f / 2, f],
    ];
    for (let p = 0; p < 2; p++)
      for (let q = 0; q < 2; q++) {
        const se = Math.sqrt((want[p]![p]! * want[q]![q]! + want[p]![q]! ** 2) / N);
        expect(Math.abs(got.cov[p]![q]! - want[p]![q]!)).toBeLessThan(Z * se);
      }
  });
});

describe("sample({ denoiseFinal: 'posterior' })", () => {
  const model = exactScore({ mixture, schedule });

  it('counts the score and its d derivatives, and draws differently from the mean', () => {
    const base = { model, schedule, count: 500, steps: 50, t0: 0.05, seed: 3 } as const;
    const none = sample(base);
    const mean = sample({ ...base, denoiseFinal: 'mean' });
    const same = sample({ ...base, denoiseFinal: true });
    const post = sample({ ...base, denoiseFinal: 'posterior' });
    expect(none.scoreEvaluations).toBe(50);
    expect(mean.scoreEvaluations).toBe(51);
    expect(post.scoreEvaluations).toBe(53);
    expect(Array.from(same.samples.data)).toEqual(Array.from(mean.samples.data));
    // the second component's second coordinate has std 0.05: p_{T₀} widens it, the mean narrows it, the draw keeps it
    const spread = (r: ReturnType<typeof sample>) => {
      const v: number[] = [];
      for (let i = 0; i < r.samples.rows; i++)
        if (r.samples.data[i * 2]! > 0.2) v.push(r.samples.data[i * 2 + 1]! + 0.2);
      return Math.sqrt(v.reduce((p, q) => p + q * q, 0) / v.length);
    };
    expect(spread(none)).toBeGreaterThan(0.08);
    expect(spread(mean)).toBeLessThan(0.04);
    expect(spread(post)).toBeGreaterThan(0.04);
    expect(spread(post)).toBeLessThan(0.065);
  });

  it('refuses a bad value and a model without jvp, naming denoiseFinal', () => {
    expect(() => sample({ model, schedule, count: 4, steps: 2, denoiseFinal: 'median' as never })).toThrow(
      /denoiseFinal.*must be true, false, "mean" or "posterior", got "median"/,
    );
    const plain: ScoreModel = { dim: 2, score: (t, x) => model.score(t, x) };
    expect(() => sample({ model: plain, schedule, count: 4, steps: 2, denoiseFinal: 'posterior' })).toThrow(
      /denoiseFinal.*"posterior" needs a score model with `jvp`/,
    );
  });
});
