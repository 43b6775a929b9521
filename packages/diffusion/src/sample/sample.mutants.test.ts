import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import type { ScoreModel } from '../model/scoreModel';
import { NonFiniteResultError } from '../metrics/nonFiniteResult';
import { makeSchedule } from '../sde/schedule';
import { sample } from './sample';

// Exact checks of the samplers that sample.test.ts (moments of 4000 samples) leaves loose: a few steps on a few
// points, each step written out by hand with the same normals, in the documented draw order (y(0), then per step the
// predictor's normals, then each corrector step's). The score is linear, s(t, x) = −(x − α_t μ)/v_t with
// v_t = α_t²s² + σ_t² (p₀ = N(μ, s²) per coordinate), written out here too.

const schedule = makeSchedule({ spec: 'linear' });
const mu = [0.4, -0.2];
const s2 = 0.09;
const d = 2;
const v = (t: number) => schedule.alpha(t) ** 2 * s2 + schedule.sigma2(t);
const scoreAt = (t: number, x: Float64Array) =>
  Float64Array.from(x, (e, k) => -(e - schedule.alpha(t) * mu[k % d]!) / v(t));
let calls = 0;
const model: ScoreModel = {
  dim: d,
  score: (t, x) => {
    calls++;
    return { rows: x.rows, cols: d, data: scoreAt(t, x.data) };
  },
};
const count = 3;

/** The fixed-step grid T − k·h, the last step landing on t0 exactly. */
function grid(T: number, t0: number, steps: number): number[] {
  const h = (T - t0) / steps;
  return Array.from({ length: steps + 1 }, (_, k) => (k === steps ? t0 : T - k * h));
}

/** Langevin corrector at t, in place (ε = 2(r‖z‖/‖s‖)², x ← x + εs + √(2ε)z). */
function correctByHand(t: number, x: Float64Array, rng: Rng, snr: number): void {
  const s = scoreAt(t, x);
  const z = rng.fillNormal(new Float64Array(x.length));
  const sn = s.reduce((a, e) => a + e * e, 0);
  const zn = z.reduce((a, e) => a + e * e, 0);
  const eps = 2 * ((snr * Math.sqrt(zn)) / Math.sqrt(sn)) ** 2;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + eps * s[i]! + Math.sqrt(2 * eps) * z[i]!;
}

/** Euler–Maruyama on the reverse SDE, x ← x + h(½gx + gs) + √(gh)z, with `corrector` Langevin steps after each. */
function sdeByHand(seed: number, steps: number, t0: number, T: number, corrector = 0, snr = 0.16): Float64Array {
  const rng = new Rng(seed);
  const x = rng.fillNormal(new Float64Array(count * d));
  const ts = grid(T, t0, steps);
  for (let k = 0; k < steps; k++) {
    const t = ts[k]!;
    const h = t - ts[k + 1]!;
    const g = schedule.g(t);
    const s = scoreAt(t, x);
    const z = rng.fillNormal(new Float64Array(x.length));
    for (let i = 0; i < x.length; i++) x[i] = x[i]! + h * (0.5 * g * x[i]! + g * s[i]!) + Math.sqrt(g * h) * z[i]!;
    for (let c = 0; c < corrector; c++) correctByHand(ts[k + 1]!, x, rng, snr);
  }
  return x;
}

/** Heun on the probability-flow ODE dx/dt = −½g(x + s), backwards in time. */
function heunByHand(start: Float64Array, steps: number, t0: number, T: number): Float64Array {
  const f = (t: number, x: Float64Array) => {
    const s = scoreAt(t, x);
    return Float64Array.from(x, (e, i) => -0.5 * schedule.g(t) * (e + s[i]!));
  };
  const x = Float64Array.from(start);
  const ts = grid(T, t0, steps);
  for (let k = 0; k < steps; k++) {
    const h = ts[k]! - ts[k + 1]!;
    const f1 = f(ts[k]!, x);
    const xp = Float64Array.from(x, (e, i) => e - h * f1[i]!);
    const f2 = f(ts[k + 1]!, xp);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! - 0.5 * h * (f1[i]! + f2[i]!);
  }
  return x;
}

describe('Eq. 4 samplers written out step by step', () => {
  it('sde: every entry equals Euler–Maruyama by hand (3 steps, T₀ = 0.1), counts and steps', () => {
    calls = 0;
    const r = sample({ model, schedule, count, steps: 3, t0: 0.1, seed: 4 });
    expect([r.samples.rows, r.samples.cols]).toEqual([count, d]);
    expect(r.samples.data).toBeAllClose(sdeByHand(4, 3, 0.1, 1), TOLERANCES.float64);
    expect([r.scoreEvaluations, r.steps, r.rejected, calls]).toEqual([3, 3, 0, 3]);
  });

  it('sde defaults: 1000 steps, T₀ = 1e-3, T = schedule.T, seed 0; a seed is an Rng of that seed', () => {
    const r = sample({ model, schedule, count });
    expect(r.steps).toBe(1000);
    expect(r.samples.data).toBeAllClose(sdeByHand(0, 1000, 1e-3, 1), TOLERANCES.float64);
    expect(sample({ model, schedule, count, steps: 2, t0: 0.2, rng: new Rng(4) }).samples.data).toEqual(
      sample({ model, schedule, count, steps: 2, t0: 0.2, seed: 4 }).samples.data,
    );
  });

  it('sde with a Langevin corrector after each step (the corrector at the step’s end time), and a given snr', () => {
    const r = sample({ model, schedule, count, steps: 2, t0: 0.2, T: 0.9, correctorSteps: 2, snr: 0.3, seed: 6 });
    expect(r.samples.data).toBeAllClose(sdeByHand(6, 2, 0.2, 0.9, 2, 0.3), TOLERANCES.float64);
    expect(r.scoreEvaluations).toBe(2 + 2 * 2);
    const dflt = sample({ model, schedule, count, steps: 2, t0: 0.2, correctorSteps: 1, seed: 6 });
    expect(dflt.samples.data).toBeAllClose(sdeByHand(6, 2, 0.2, 1, 1, 0.16), TOLERANCES.float64);
  });

  it('heun from a given start: Heun by hand, two score calls per step; the start is not modified', () => {
    const start: Matrix = { rows: count, cols: d, data: Float64Array.from([0.5, -1, 1.2, 0.3, -0.7, 2]) };
    const copy = Float64Array.from(start.data);
    const r = sample({ model, schedule, count, sampler: 'heun', steps: 4, t0: 0.05, start });
    expect(r.samples.data).toBeAllClose(heunByHand(copy, 4, 0.05, 1), TOLERANCES.float64);
    expect([r.scoreEvaluations, r.steps]).toEqual([8, 4]);
    expect(start.data).toEqual(copy);
  });

  it('rk45 lands on the closed-form flow x_t₀ = α_t₀μ + (x_T − α_Tμ)·√(v_t₀/v_T) of the linear score', () => {
    const start: Matrix = { rows: count, cols: d, data: Float64Array.from([0.5, -1, 1.2, 0.3, -0.7, 2]) };
    const t0 = 0.05;
    const r = sample({ model, schedule, count, sampler: 'rk45', t0, start, rtol: 1e-10, atol: 1e-10 });
    const want = Array.from(
      start.data,
      (e, k) => schedule.alpha(t0) * mu[k % d]! + (e - schedule.alpha(1) * mu[k % d]!) * Math.sqrt(v(t0) / v(1)),
    );
    expect(r.samples.data).toBeAllClose(want, { rtol: 0, atol: 1e-8 }); // RK45 to 1e-10
    expect(r.scoreEvaluations).toBe(1 + 6 * (r.steps + r.rejected));
    // default tolerances (rtol 1e-4, atol 1e-5): fewer steps, still close
    const loose = sample({ model, schedule, count, sampler: 'rk45', t0, start });
    expect(loose.steps).toBeLessThan(r.steps);
    expect(loose.samples.data).toBeAllClose(want, { rtol: 0, atol: 1e-3 });
  });

  it('rk45 with a corrector: after each accepted step, corrector score calls and a re-evaluated first stage', () => {
    const start: Matrix = { rows: count, cols: d, data: Float64Array.from([0.5, -1, 1.2, 0.3, -0.7, 2]) };
    const seen: { step: number; total: number }[] = [];
    const r = sample({
      model,
      schedule,
      count,
      sampler: 'rk45',
      t0: 0.05,
      start,
      correctorSteps: 1,
      seed: 2,
      onProgress: (p) => seen.push({ step: p.step, total: p.total }),
    });
    expect(r.scoreEvaluations).toBe(1 + 6 * (r.steps + r.rejected) + 2 * r.steps);
    expect(seen).toEqual(Array.from({ length: r.steps }, (_, k) => ({ step: k + 1, total: k + 1 })));
    const plain = sample({ model, schedule, count, sampler: 'rk45', t0: 0.05, start });
    expect(r.samples.data).not.toEqual(plain.samples.data); // the corrector moved the points
  });

  it('denoiseFinal: x ← (x + σ²_T₀ s(T₀, x))/α_T₀ after the last step (one more score call)', () => {
    const a = sample({ model, schedule, count, steps: 3, t0: 0.1, seed: 4 });
    const b = sample({ model, schedule, count, steps: 3, t0: 0.1, seed: 4, denoiseFinal: true });
    const s = scoreAt(0.1, a.samples.data);
    const want = Array.from(a.samples.data, (e, i) => (e + schedule.sigma2(0.1) * s[i]!) / schedule.alpha(0.1));
    expect(b.samples.data).toBeAllClose(want, TOLERANCES.float64);
    expect(b.scoreEvaluations).toBe(4);
  });

  it('finalCorrectorSteps: K Langevin steps at T₀ after the last predictor step (sde and rk45), before denoiseFinal', () => {
    const sde = sample({ model, schedule, count, steps: 2, t0: 0.2, seed: 3, finalCorrectorSteps: 3, snr: 0.2 });
    const rng = new Rng(3);
    const want = rng.fillNormal(new Float64Array(count * d));
    const ts = grid(1, 0.2, 2);
    for (let k = 0; k < 2; k++) {
      const t = ts[k]!;
      const h = t - ts[k + 1]!;
      const g = schedule.g(t);
      const s = scoreAt(t, want);
      const z = rng.fillNormal(new Float64Array(want.length));
      for (let i = 0; i < want.length; i++)
        want[i] = want[i]! + h * (0.5 * g * want[i]! + g * s[i]!) + Math.sqrt(g * h) * z[i]!;
    }
    for (let c = 0; c < 3; c++) correctByHand(0.2, want, rng, 0.2);
    expect(sde.samples.data).toBeAllClose(want, TOLERANCES.float64);
    expect(sde.scoreEvaluations).toBe(2 + 3);
    // with denoiseFinal, Tweedie is applied to the corrected points
    const both = sample({
      model,
      schedule,
      count,
      steps: 2,
      t0: 0.2,
      seed: 3,
      finalCorrectorSteps: 3,
      snr: 0.2,
      denoiseFinal: true,
    });
    const s = scoreAt(0.2, want);
    const tweedie = Array.from(want, (e, i) => (e + schedule.sigma2(0.2) * s[i]!) / schedule.alpha(0.2));
    expect(both.samples.data).toBeAllClose(tweedie, TOLERANCES.float64);
    // rk45 draws no normals of its own (a given start): the final corrector's are the seed's first
    const start: Matrix = { rows: count, cols: d, data: Float64Array.from([0.5, -1, 1.2, 0.3, -0.7, 2]) };
    const plain = sample({ model, schedule, count, sampler: 'rk45', t0: 0.2, start });
    const fin = sample({ model, schedule, count, sampler: 'rk45', t0: 0.2, start, seed: 8, finalCorrectorSteps: 2 });
    const byHand = Float64Array.from(plain.samples.data);
    const r8 = new Rng(8);
    for (let c = 0; c < 2; c++) correctByHand(0.2, byHand, r8, 0.16);
    expect(fin.samples.data).toBeAllClose(byHand, TOLERANCES.float64);
    expect(fin.scoreEvaluations).toBe(plain.scoreEvaluations + 2);
  });

  it('a corrector step whose score is 0 everywhere leaves x as it is (it still draws its normals)', () => {
    const zero: ScoreModel = {
      dim: d,
      score: (_, x) => ({ rows: x.rows, cols: d, data: new Float64Array(x.data.length) }),
    };
    const r = sample({
      model: zero,
      schedule,
      count,
      steps: 2,
      t0: 0.2,
      seed: 5,
      correctorSteps: 1,
      finalCorrectorSteps: 1,
    });
    // by hand: x ← x + h·½g·x + √(gh)·z per step, each followed by one draw of the (skipped) corrector
    const rng = new Rng(5);
    const want = rng.fillNormal(new Float64Array(count * d));
    const ts = grid(1, 0.2, 2);
    for (let k = 0; k < 2; k++) {
      const t = ts[k]!;
      const h = t - ts[k + 1]!;
      const g = schedule.g(t);
      const z = rng.fillNormal(new Float64Array(want.length));
      for (let i = 0; i < want.length; i++) want[i] = want[i]! + h * 0.5 * g * want[i]! + Math.sqrt(g * h) * z[i]!;
      rng.fillNormal(new Float64Array(want.length));
    }
    expect(r.samples.data).toBeAllClose(want, TOLERANCES.float64);
    expect(r.scoreEvaluations).toBe(2 + 2 + 1);
  });

  it('onProgress: after each step, (t, step, total) on the grid', () => {
    const seen: { t: number; step: number; total: number }[] = [];
    sample({ model, schedule, count, steps: 2, t0: 0.5, seed: 1, onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { t: 0.75, step: 1, total: 2 },
      { t: 0.5, step: 2, total: 2 },
    ]);
  });

  it('the last fixed step ends on T₀ exactly, not on T − n·h (which rounds to 0.10000000000000009 here)', () => {
    const seen: number[] = [];
    sample({ model, schedule, count, steps: 3, t0: 0.1, seed: 1, onProgress: (p) => seen.push(p.t) });
    expect(1 - 3 * ((1 - 0.1) / 3)).not.toBe(0.1);
    expect(seen[2]).toBe(0.1);
  });

  it('non-finite states: the first entry is checked too; one step that overflows is named by the final check', () => {
    const brokenAt = (k: number): ScoreModel => ({
      dim: d,
      score: (t, x) => ({ rows: x.rows, cols: d, data: scoreAt(t, x.data).map((e, i) => (i === k ? Infinity : e)) }),
    });
    // entry 0 (row 1, column 1) goes infinite in the first step and is caught before the second score call
    expect(() => sample({ model: brokenAt(0), schedule, count, steps: 3, t0: 0.1, seed: 1 })).toThrow(
      /^non-finite result: `samples` row 1, column 1 is Infinity \(.*left float64 range above t = 0\.7\)$/,
    );
    // a single step: no later score call, so the final check names the samples with the divergence cause
    expect(() => sample({ model: brokenAt(3), schedule, count, steps: 1, t0: 0.1, seed: 1 })).toThrow(
      /^non-finite result: `samples` row 2, column 2 is Infinity \(the sampler diverged: .*\(more steps, or rk45\)\)$/,
    );
  });

  it('rk45 with a score that goes non-finite: NaN derivatives at those entries only, steps shrink, the final check names the entry', () => {
    const broken: ScoreModel = {
      dim: d,
      score: (t, x) => ({ rows: x.rows, cols: d, data: scoreAt(t, x.data).map((e, i) => (i === 3 ? Infinity : e)) }),
    };
    const start: Matrix = { rows: count, cols: d, data: Float64Array.from([0.5, -1, 1.2, 0.3, -0.7, 2]) };
    for (const denoiseFinal of [false, true])
      expect(() => sample({ model: broken, schedule, count, sampler: 'rk45', t0: 0.1, start, denoiseFinal })).toThrow(
        /^non-finite result: `samples` row 2, column 2 is (-?Infinity|NaN) \(the sampler diverged: .*\(more steps, or rk45\)\)$/,
      );
  });

  it('rk45 with denoiseFinal: Tweedie after the integration (one more score call)', () => {
    const start: Matrix = { rows: count, cols: d, data: Float64Array.from([0.5, -1, 1.2, 0.3, -0.7, 2]) };
    const a = sample({ model, schedule, count, sampler: 'rk45', t0: 0.1, start });
    const b = sample({ model, schedule, count, sampler: 'rk45', t0: 0.1, start, denoiseFinal: true });
    const s = scoreAt(0.1, a.samples.data);
    const want = Array.from(a.samples.data, (e, i) => (e + schedule.sigma2(0.1) * s[i]!) / schedule.alpha(0.1));
    expect(b.samples.data).toBeAllClose(want, TOLERANCES.float64);
    expect(b.scoreEvaluations).toBe(a.scoreEvaluations + 1);
  });

  it('a score that goes non-finite is named: the sample, its row and column, and the time', () => {
    const broken: ScoreModel = {
      dim: d,
      score: (t, x) => ({ rows: x.rows, cols: d, data: scoreAt(t, x.data).map((e, i) => (i === 3 ? Infinity : e)) }),
    };
    let err: unknown;
    try {
      sample({ model: broken, schedule, count, steps: 3, t0: 0.1, seed: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteResultError);
    expect((err as Error).message).toMatch(/^non-finite result: `samples` row 2, column 2 is (-?Infinity|NaN) \(/);
    expect((err as Error).message).toMatch(/left float64 range above t = 0\.7\)$/);
  });

  it.each([
    [{ count: 0 }, /^invalid argument: count: /],
    [{ sampler: 'euler' }, exactMessage('invalid argument: sampler: must be one of sde, heun, rk45, got "euler"')],
    [{ steps: 0 }, /^invalid argument: steps: /],
    [{ t0: 1 }, /^invalid argument: t0: /],
    [{ correctorSteps: -1 }, /^invalid argument: correctorSteps: /],
    [{ finalCorrectorSteps: 1.5 }, /^invalid argument: finalCorrectorSteps: /],
    [{ snr: 0 }, /^invalid argument: snr: /],
    [{ rtol: 0 }, /^invalid argument: rtol: /],
    [{ atol: -1 }, /^invalid argument: atol: /],
    [
      { start: { rows: 2, cols: 2, data: new Float64Array(4) } },
      exactMessage('invalid argument: start: must be count × d = 3 × 2, got 2 × 2'),
    ],
    [
      { start: { rows: 3, cols: 1, data: new Float64Array(3) } },
      exactMessage('invalid argument: start: must be count × d = 3 × 2, got 3 × 1'),
    ],
  ] as const)('refuses %j naming the field', (bad, message) => {
    expect(() => sample({ model, schedule, count, steps: 2, ...(bad as object) })).toThrow(message);
  });
});
