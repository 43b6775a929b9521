import { Rng } from '@softmax-ntk/linalg';
import { exactMessage } from '@softmax-ntk/test-helpers';
import { exactScore } from '../model/exactScore';
import { makeSchedule } from '../sde/schedule';
import { affineMixture, mixtureMarginal } from '../target/mixture';
import { fitNormalization } from '../target/normalization';
import { parseTarget } from '../target/parseTarget';
import { likelihood, type LikelihoodResult } from './likelihood';

// A 2-D, 3-component mixture in data units; the model works in scaled units y = (x − shift)/scale.
const target = parseTarget({
  type: 'gaussian-mixture',
  weights: [0.3, 0.45, 0.25],
  means: [
    [-1.5, 0.5],
    [1, 1],
    [0.5, -1.5],
  ],
  std: [0.3, [0.4, 0.2], 0.25],
});
const norm = fitNormalization(target);
const schedule = makeSchedule({ spec: 'linear' });
const score = exactScore({ mixture: affineMixture(target.mixture!, norm.shift, norm.scale), schedule });
const data = target.sample(60, new Rng(21));
const trueNll = Array.from(mixtureMarginal(target.mixture!, 1, 0, data, false).logDensity, (l) => -l);

describe('likelihood through the probability-flow ODE ([SSDK+21] Eq. 39–40)', () => {
  // In beforeAll, not in the describe body: a throw here then fails these tests (a mutant is killed) instead of
  // failing the file's collection (a run error that mutation testing cannot score).
  let exact: LikelihoodResult;
  beforeAll(() => {
    exact = likelihood({ score, schedule, data, normalization: norm });
  });

  it('with the exact score of a mixture, −log p₀ to 0.01 nats per sample (d = 2)', () => {
    const mean = trueNll.reduce((s, v) => s + v, 0) / trueNll.length;
    expect(exact.method).toBe('exact');
    expect(Math.abs(exact.nll - mean)).toBeLessThan(0.01);
    // Per point as well: the ODE error control (rtol = atol = 1e-5) and the prior mismatch at T = 1
    // (α_T ≈ 6e-3, so p_T differs from N(0, I) by O(α_T) in the mean) leave well under 0.01 nats.
    for (let i = 0; i < data.rows; i++) expect(Math.abs(exact.perSample[i]! - trueNll[i]!)).toBeLessThan(0.01);
    expect(exact.bitsPerDim).toBeCloseTo(exact.nll / (2 * Math.LN2), 12);
    expect(exact.stdError).toBe(0);
  });

  it.each(['rademacher', 'gaussian'] as const)('Hutchinson (%s probes) within 3 standard errors of exact', (kind) => {
    const h = likelihood({
      score,
      schedule,
      data,
      normalization: norm,
      method: 'hutchinson',
      probes: 6,
      probeKind: kind,
      seed: 3,
    });
    expect(h.method).toBe('hutchinson');
    expect(h.stdError).toBeGreaterThan(0);
    expect(Math.abs(h.nll - exact.nll)).toBeLessThan(3 * h.stdError!);
    // and the estimator is not exact: its error is a visible fraction of the standard error's scale
    expect(Math.abs(h.nll - exact.nll)).toBeGreaterThan(1e-6);
  });

  it('units: NLL in data units = NLL in scaled units + d·log(scale)', () => {
    const scaled = {
      rows: data.rows,
      cols: 2,
      data: data.data.map((v, i) => (v - norm.shift[i % 2]!) / norm.scale),
    };
    const r = likelihood({ score, schedule, data: scaled });
    expect(r.nll + 2 * Math.log(norm.scale)).toBeCloseTo(exact.nll, 10);
  });

  it('points far outside the data give a finite, large NLL (never NaN)', () => {
    const far = { rows: 3, cols: 2, data: Float64Array.from([30, 30, -50, 0, 0, 200]) };
    const r = likelihood({ score, schedule, data: far, normalization: norm });
    const truth = mixtureMarginal(target.mixture!, 1, 0, far, false).logDensity;
    for (let i = 0; i < 3; i++) {
      expect(Number.isFinite(r.perSample[i]!)).toBe(true);
      expect(r.perSample[i]!).toBeGreaterThan(1000);
      // relative agreement with the true value: these NLLs are 1e4–1e5 nats
      expect(Math.abs(r.perSample[i]! + truth[i]!) / -truth[i]!).toBeLessThan(1e-3);
    }
  });

  it.each([
    [
      { rows: 0, cols: 2, data: new Float64Array(0) },
      exactMessage('invalid argument: data: expected at least one row, got none'),
    ],
    [{ rows: 1, cols: 3, data: new Float64Array(3) }, /^invalid argument: data: expected 1 × 2, got 1 × 3$/],
    [
      { rows: 1, cols: 2, data: Float64Array.from([0, NaN]) },
      exactMessage('invalid argument: data[0][1]: expected a finite number, got NaN'),
    ],
  ])('refuses bad data naming the field (%#)', (bad, message) => {
    expect(() => likelihood({ score, schedule, data: bad })).toThrow(message);
  });

  it('refuses a score model without Jacobian-vector products', () => {
    expect(() => likelihood({ score: { dim: 2, score: (t, x) => score.score(t, x) }, schedule, data })).toThrow(
      /^invalid argument: score: expected a score model with Jacobian-vector products \(`jvp`: exactScore or createScoreModel\), got /,
    );
  });
});
