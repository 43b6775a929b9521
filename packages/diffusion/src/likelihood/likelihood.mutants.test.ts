import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { exactMessage } from '@softmax-ntk/test-helpers';
import type { ScoreModel } from '../model/scoreModel';
import { makeSchedule } from '../sde/schedule';
import { likelihood, type LikelihoodOptions } from './likelihood';

// Exact checks of the probability-flow likelihood that likelihood.test.ts (a mixture, to 0.01 nats, and Hutchinson
// within 3 standard errors) leaves loose. For p₀ = N(μ, diag(s²)) the score is linear, s(t, x) = −(x − α_t μ)/v_t
// with v_t = α_t² s² + σ_t² per coordinate, and everything the ODE computes has a closed form:
//   the flow        x_T = α_T μ + (x − α_ε μ)·√(v_T/v_ε),
//   the divergence  ∫_ε^T −½g(1 − 1/v_j) dt = ½ log(v_T,j/v_ε,j) per coordinate  (=: D_j, with B = ½∫_ε^T g),
//   so per probe v  Δ = Σ_j (−B + v_j²(D_j + B))  (Hutchinson; exact when every v_j² = 1),
// and the reported NLL is −(log N(x_T; 0, I) + mean_k Δ_k) + d·log(scale). The ODE runs to rtol = atol = 1e-10,
// so the comparisons hold to ~1e-7 (a mutant of the drift, the trace, the prior or the averaging moves them by far
// more).

const schedule = makeSchedule({ spec: 'linear' });
const mu = [0.4, -0.3, 0.1];
const sd = [0.5, 0.2, 0.8];
const d = 3;
const v = (t: number, j: number) => schedule.alpha(t) ** 2 * sd[j]! ** 2 + schedule.sigma2(t);

/** The linear score of N(μ, diag(s²)) and its Jacobian diag(−1/v_t), written out. */
const gaussian: ScoreModel = {
  dim: d,
  score: (t, x) => ({
    rows: x.rows,
    cols: d,
    data: x.data.map((xi, k) => -(xi - schedule.alpha(t) * mu[k % d]!) / v(t, k % d)),
  }),
  jvp: (t, x, directions) => ({
    score: gaussian.score(t, x),
    jvp: directions.map((dir) => ({ rows: dir.rows, cols: d, data: dir.data.map((e, k) => -e / v(t, k % d)) })),
  }),
};

const x: Matrix = { rows: 2, cols: d, data: Float64Array.from([0.2, 0.1, -0.5, -1.1, 0.3, 0.9]) };
const tight = { rtol: 1e-10, atol: 1e-10 };
const EPS = 1e-5;
const T = 1;
const B = 0.5 * (schedule.integral(T) - schedule.integral(EPS));
const D = Array.from({ length: d }, (_, j) => 0.5 * Math.log(v(T, j) / v(EPS, j)));

/** x_T and log N(x_T; 0, I) of point i (scaled units), from the closed-form flow. */
function prior(xs: Matrix, i: number, eps = EPS): { xT: number[]; logp: number } {
  const xT = mu.map(
    (m, j) => schedule.alpha(T) * m + (xs.data[i * d + j]! - schedule.alpha(eps) * m) * Math.sqrt(v(T, j) / v(eps, j)),
  );
  return { xT, logp: -0.5 * (xT.reduce((s, e) => s + e * e, 0) + d * Math.log(2 * Math.PI)) };
}

/** Δ of one probe (its n·d entries) for point i. */
const delta = (probe: Float64Array, i: number) => D.reduce((s, Dj, j) => s - B + probe[i * d + j]! ** 2 * (Dj + B), 0);

describe('likelihood against the closed form of a Gaussian p₀ (the flow, the divergence, the prior)', () => {
  it('exact method: per point, mean, bits per dimension, prior term, stdError 0', () => {
    const r = likelihood({ score: gaussian, schedule, data: x, ...tight });
    const want = [0, 1].map((i) => -(prior(x, i).logp + D.reduce((s, e) => s + e, 0)));
    expect(r.method).toBe('exact');
    expect(Array.from(r.perSample)).toBeAllClose(want, { rtol: 0, atol: 1e-7 }); // ODE to rtol = atol = 1e-10
    expect(Array.from(r.priorLogp)).toBeAllClose(
      [0, 1].map((i) => prior(x, i).logp),
      { rtol: 0, atol: 1e-7 },
    );
    expect(r.nll).toBeAllClose((want[0]! + want[1]!) / 2, { rtol: 0, atol: 1e-7 });
    expect(r.bitsPerDim).toBeAllClose(r.nll / (d * Math.LN2), { rtol: 1e-15, atol: 0 });
    expect([r.stdError, r.perSampleStdError]).toEqual([0, null]);
    // counters: one batched evaluation per RK45 stage (7 on the first step, 6 after: FSAL), nothing rejected here
    expect(r.evaluations).toBe(1 + 6 * (r.steps + r.rejected));
    expect(r.steps).toBeGreaterThan(5);
  });

  it('normalisation: data in data units, NLL + d·log(scale)', () => {
    const normalization = { shift: [1, -2, 0.5], scale: 2 };
    const raw: Matrix = { rows: 2, cols: d, data: x.data.map((e, k) => e * 2 + normalization.shift[k % d]!) };
    const r = likelihood({ score: gaussian, schedule, data: raw, normalization, ...tight });
    const want = [0, 1].map((i) => -(prior(x, i).logp + D.reduce((s, e) => s + e, 0)) + d * Math.log(2));
    expect(Array.from(r.perSample)).toBeAllClose(want, { rtol: 0, atol: 1e-7 });
    expect(raw.data[0]).toBe(1.4); // the caller's data is not scaled in place
  });

  it('Hutchinson with Gaussian probes: each probe its own Δ, mean, per-point and overall standard errors', () => {
    const K = 3;
    const rng = new Rng(5);
    const probes = Array.from({ length: K }, () => rng.fillNormal(new Float64Array(2 * d)));
    const r = likelihood({
      score: gaussian,
      schedule,
      data: x,
      method: 'hutchinson',
      probes: K,
      probeKind: 'gaussian',
      seed: 5,
      ...tight,
    });
    expect(r.method).toBe('hutchinson');
    const perSample: number[] = [];
    const se: number[] = [];
    let varSum = 0;
    for (let i = 0; i < 2; i++) {
      const ds = probes.map((p) => delta(p, i));
      const mean = ds.reduce((s, e) => s + e, 0) / K;
      const variance = ds.reduce((s, e) => s + (e - mean) ** 2, 0) / (K - 1);
      perSample.push(-(prior(x, i).logp + mean));
      se.push(Math.sqrt(variance / K));
      varSum += variance / K;
    }
    expect(Array.from(r.perSample)).toBeAllClose(perSample, { rtol: 0, atol: 1e-7 });
    expect(Array.from(r.perSampleStdError!)).toBeAllClose(se, { rtol: 1e-6, atol: 0 });
    expect(r.stdError!).toBeAllClose(Math.sqrt(varSum) / 2, { rtol: 1e-6, atol: 0 });
    expect(r.evaluations).toBe(1 + 6 * (r.steps + r.rejected));
  });

  it('Hutchinson defaults: Rademacher probes (v_j² = 1: every probe gives the exact Δ), 4 of them, seed 0', () => {
    const h = likelihood({ score: gaussian, schedule, data: x, method: 'hutchinson', ...tight });
    const e = likelihood({ score: gaussian, schedule, data: x, ...tight });
    expect(Array.from(h.perSample)).toBeAllClose(Array.from(e.perSample), { rtol: 0, atol: 1e-9 });
    expect(h.perSampleStdError!.length).toBe(2);
    expect(h.stdError!).toBeLessThan(1e-9);
    // the default generator is seed 0, the default count 4: the same as given explicitly
    const given = likelihood({
      score: gaussian,
      schedule,
      data: x,
      method: 'hutchinson',
      probes: 4,
      probeKind: 'rademacher',
      rng: new Rng(0),
      ...tight,
    });
    expect(given.perSample).toEqual(h.perSample);
    // one probe: no standard error
    const one = likelihood({
      score: gaussian,
      schedule,
      data: x,
      method: 'hutchinson',
      probes: 1,
      probeKind: 'gaussian',
      ...tight,
    });
    expect([one.stdError, one.perSampleStdError]).toEqual([null, null]);
  });

  it('the exact method is the default up to d = 16, Hutchinson above', () => {
    const wide = (dim: number): ScoreModel => ({
      dim,
      score: (_t, y) => ({ ...y, data: y.data.map((e) => -e) }),
      jvp: (_t, y, dirs) => ({
        score: { ...y, data: y.data.map((e) => -e) },
        jvp: dirs.map((q) => ({ ...q, data: q.data.map((e) => -e) })),
      }),
    });
    const at = (dim: number) => ({ rows: 1, cols: dim, data: new Float64Array(dim).fill(0.1) });
    expect(likelihood({ score: wide(16), schedule, data: at(16) }).method).toBe('exact');
    const h = likelihood({ score: wide(17), schedule, data: at(17) });
    expect(h.method).toBe('hutchinson');
    expect(h.perSampleStdError!.length).toBe(1);
  });

  it('eps and T: the ODE runs from the given ε to the given T', () => {
    const eps = 0.05;
    const r = likelihood({ score: gaussian, schedule, data: x, eps, T: 1, ...tight });
    const Bq = 0.5 * (schedule.integral(1) - schedule.integral(eps));
    const Dq = Array.from({ length: d }, (_, j) => 0.5 * Math.log(v(1, j) / v(eps, j)));
    expect(Bq).toBeGreaterThan(0);
    const want = [0, 1].map((i) => -(prior(x, i, eps).logp + Dq.reduce((s, e) => s + e, 0)));
    expect(Array.from(r.perSample)).toBeAllClose(want, { rtol: 0, atol: 1e-7 });
  });

  it('default tolerances (rtol = atol = 1e-5) agree with the closed form to 1e-3', () => {
    const r = likelihood({ score: gaussian, schedule, data: x });
    const want = [0, 1].map((i) => -(prior(x, i).logp + D.reduce((s, e) => s + e, 0)));
    expect(Array.from(r.perSample)).toBeAllClose(want, { rtol: 0, atol: 1e-3 });
    const tighter = likelihood({ score: gaussian, schedule, data: x, ...tight });
    expect(r.steps).toBeLessThan(tighter.steps); // looser tolerances take fewer steps
  });

  it('a score that goes non-finite is named: NonFiniteResultError on perSample with the row', () => {
    const broken: ScoreModel = {
      dim: d,
      score: (t, y) => gaussian.score(t, y),
      jvp: (t, y, dirs) => {
        const r = gaussian.jvp!(t, y, dirs);
        if (t > 0.5) r.score.data[3] = NaN; // row 2's first coordinate
        return r;
      },
    };
    expect(() => likelihood({ score: broken, schedule, data: x })).toThrow(
      /^non-finite result: `perSample` row 2 is NaN \(the probability-flow ODE diverged: /,
    );
  });

  it.each([
    [{ method: 'trace' }, /^invalid argument: method: /],
    [{ method: 'hutchinson', probes: 0 }, /^invalid argument: probes: /],
    [{ method: 'hutchinson', probeKind: 'uniform' }, /^invalid argument: probeKind: /],
    [{ rtol: 0 }, /^invalid argument: rtol: /],
    [{ atol: -1 }, /^invalid argument: atol: /],
    [{ eps: 0 }, /^invalid argument: t0: /],
    [{ eps: 1, T: 1 }, exactMessage('invalid argument: t0: expected a number smaller than T = 1 (T₀ < T), got 1')],
  ] as const)('refuses %j naming the field', (bad, message) => {
    expect(() => likelihood({ score: gaussian, schedule, data: x, ...(bad as Partial<LikelihoodOptions>) })).toThrow(
      message,
    );
  });

  it('the model sees d basis directions (exact) or K probes (Hutchinson), never a non-finite point', () => {
    const seen: number[] = [];
    let nonFinite = false;
    const spy = (broken: boolean): ScoreModel => ({
      dim: d,
      score: (t, y) => gaussian.score(t, y),
      jvp: (t, y, dirs) => {
        seen.push(dirs.length);
        if (!y.data.every(Number.isFinite)) nonFinite = true;
        const r = gaussian.jvp!(t, y, dirs);
        if (broken && t > 0.5) r.score.data[3] = NaN; // row 2 diverges: its RK45 stages go NaN
        return r;
      },
    });
    likelihood({ score: spy(false), schedule, data: x });
    expect(new Set(seen)).toEqual(new Set([d]));
    seen.length = 0;
    const rng = new Rng(7);
    likelihood({ score: spy(false), schedule, data: x, method: 'hutchinson', probes: 2, rng });
    expect(new Set(seen)).toEqual(new Set([2]));
    // the caller's generator gave exactly K·n·d = 2·2·3 Rademacher draws to the probes
    const fresh = new Rng(7);
    fresh.fillRademacher(new Float64Array(2 * 2 * d));
    expect(rng.normal()).toBe(fresh.normal());
    // a stage gone NaN is answered with a NaN derivative without calling the model
    expect(() => likelihood({ score: spy(true), schedule, data: x })).toThrow(/^non-finite result: `perSample` row 2/);
    expect(nonFinite).toBe(false);
  });

  it('probes is a Hutchinson option: the exact method ignores it, even an invalid one', () => {
    const r = likelihood({ score: gaussian, schedule, data: x, method: 'exact', probes: 0 });
    expect(r.perSample).toEqual(likelihood({ score: gaussian, schedule, data: x }).perSample);
  });

  it('atol = 0 is allowed (relative control only)', () => {
    const r = likelihood({ score: gaussian, schedule, data: x, rtol: 1e-8, atol: 0 });
    const want = [0, 1].map((i) => -(prior(x, i).logp + D.reduce((s, e) => s + e, 0)));
    expect(Array.from(r.perSample)).toBeAllClose(want, { rtol: 0, atol: 1e-5 });
  });

  it('refuses a missing score model in one line', () => {
    expect(() => likelihood({ score: undefined as never, schedule, data: x })).toThrow(
      exactMessage(
        'invalid argument: score: expected a score model with Jacobian-vector products (`jvp`: exactScore or createScoreModel), got undefined',
      ),
    );
  });
});
