import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { createScheduler } from './scheduler';

// Exact checks of each scheduler step that scheduler.test.ts (a 1000-sample DDIM run judged by energy distance and
// mode shares) leaves loose: a few steps on a few points with arbitrary model outputs, each step written out by hand
// from the formulas of the module's doc comment (sde: x' = x + h(½g x + g s) + √(g h) z; ddim: x̂₀ = (x + σ² s)/α,
// ε̂ = −σ s, x' = α' x̂₀ + σ' ε̂), in the documented draw order.

const schedule = makeSchedule({ spec: 'linear' });
const x: Matrix = { rows: 3, cols: 2, data: Float64Array.from([0.5, -1, 1.2, 0.3, -0.7, 2]) };
const out: Matrix = { rows: 3, cols: 2, data: Float64Array.from([-0.4, 0.9, -1.1, 0.2, 0.6, -1.7]) };

/** One Euler–Maruyama step of the reverse SDE from t to tn, by hand. */
function sdeStep(t: number, tn: number, v: Float64Array, s: Float64Array, z: Float64Array): number[] {
  const g = schedule.g(t);
  const h = t - tn;
  return Array.from(v, (e, i) => e + h * (0.5 * g * e + g * s[i]!) + Math.sqrt(g * h) * z[i]!);
}

/** One DDIM step from t to tn, by hand (x̂₀ by Tweedie, ε̂ = −σ_t s). */
function ddimStep(t: number, tn: number, v: Float64Array, s: Float64Array): { prev: number[]; x0: number[] } {
  const x0 = Array.from(v, (e, i) => (e + schedule.sigma2(t) * s[i]!) / schedule.alpha(t));
  const epsHat = Array.from(s, (e) => -Math.sqrt(schedule.sigma2(t)) * e);
  const prev = x0.map((e, i) => schedule.alpha(tn) * e + Math.sqrt(schedule.sigma2(tn)) * epsHat[i]!);
  return { prev, x0 };
}

describe('Eq. 4 scheduler steps written out by hand', () => {
  it('defaults: kind sde, score outputs, T₀ = 1e-3, T = schedule.T, seed 0, initNoiseSigma 1', () => {
    const sch = createScheduler({ schedule });
    expect([sch.kind, sch.initNoiseSigma, sch.timesteps.length]).toEqual(['sde', 1, 0]);
    sch.setTimesteps(2);
    // h = (1 − 0.001)/2
    expect(Array.from(sch.timesteps)).toBeAllClose([1, 0.5005], TOLERANCES.float64);
    const rng = new Rng(0);
    expect(sch.initNoise(3, 2)).toEqual({ rows: 3, cols: 2, data: rng.fillNormal(new Float64Array(6)) });
    // the last step lands on T₀ = 1e-3 with the next normals of seed 0
    const r = sch.step(out, sch.timesteps[1]!, x);
    const z = rng.fillNormal(new Float64Array(6));
    expect(r.prevSample.data).toBeAllClose(sdeStep(0.5005, 1e-3, x.data, out.data, z), TOLERANCES.float64);
    expect([r.prevSample.rows, r.prevSample.cols, r.predOriginalSample.rows, r.predOriginalSample.cols]).toEqual([
      3, 2, 3, 2,
    ]);
  });

  it('sde: three steps on a given grid (t0, T), the noise from the seed, the last landing on T₀ exactly', () => {
    const t0 = 0.1;
    const T = 0.9;
    const sch = createScheduler({ schedule, kind: 'sde', t0, T, seed: 7 });
    sch.setTimesteps(3);
    const h = (T - t0) / 3;
    expect(Array.from(sch.timesteps)).toBeAllClose([T, T - h, T - 2 * h], TOLERANCES.float64);
    const rng = new Rng(7);
    let v = x.data;
    const ends = [T - h, T - 2 * h, t0];
    for (const [k, t] of Array.from(sch.timesteps).entries()) {
      const r = sch.step({ ...out }, t, { rows: 3, cols: 2, data: v });
      const want = sdeStep(t, ends[k]!, v, out.data, rng.fillNormal(new Float64Array(6)));
      expect(r.prevSample.data).toBeAllClose(want, TOLERANCES.float64);
      const x0 = Array.from(v, (e, i) => (e + schedule.sigma2(t) * out.data[i]!) / schedule.alpha(t));
      expect(r.predOriginalSample.data).toBeAllClose(x0, TOLERANCES.float64);
      v = r.prevSample.data;
    }
    // a given generator is used (and advanced) instead of the seed
    const mine = new Rng(7);
    const withRng = createScheduler({ schedule, t0, T, rng: mine, seed: 99 });
    withRng.setTimesteps(3);
    const a = withRng.step(out, T, x).prevSample.data;
    expect(a).toBeAllClose(sdeStep(T, T - h, x.data, out.data, new Rng(7).fillNormal(new Float64Array(6))), {
      ...TOLERANCES.float64,
    });
    const afterSix = new Rng(7);
    afterSix.fillNormal(new Float64Array(6));
    expect(mine.uniform()).toBe(afterSix.uniform());
  });

  it('the last step ends on T₀ exactly, not on T − n·h (0.10000000000000009 for T = 1, T₀ = 0.1, n = 3)', () => {
    const sch = createScheduler({ schedule, t0: 0.1, seed: 2 });
    sch.setTimesteps(3);
    expect(1 - 3 * ((1 - 0.1) / 3)).not.toBe(0.1);
    const t = sch.timesteps[2]!;
    const rng = new Rng(2);
    const z = rng.fillNormal(new Float64Array(6));
    // bit for bit, in the order of the formula, with h = t − T₀
    const g = schedule.g(t);
    const h = t - 0.1;
    const want = Array.from(x.data, (e, i) => e + h * (0.5 * g * e + g * out.data[i]!) + Math.sqrt(g * h) * z[i]!);
    expect(Array.from(sch.step(out, t, x).prevSample.data)).toEqual(want);
  });

  it('ddim: x̂₀ by Tweedie and x′ = α′x̂₀ + σ′ε̂ at a middle step and at the last (to T₀)', () => {
    const sch = createScheduler({ schedule, kind: 'ddim', t0: 0.05, T: 0.85 });
    expect(sch.kind).toBe('ddim');
    sch.setTimesteps(4);
    const ts = Array.from(sch.timesteps);
    expect(ts).toBeAllClose([0.85, 0.65, 0.45, 0.25], TOLERANCES.float64);
    const mid = sch.step(out, ts[1]!, x);
    const wantMid = ddimStep(ts[1]!, 0.45, x.data, out.data);
    expect(mid.prevSample.data).toBeAllClose(wantMid.prev, TOLERANCES.float64);
    expect(mid.predOriginalSample.data).toBeAllClose(wantMid.x0, TOLERANCES.float64);
    const last = sch.step(out, ts[3]!, x);
    expect(last.prevSample.data).toBeAllClose(ddimStep(ts[3]!, 0.05, x.data, out.data).prev, TOLERANCES.float64);
    // deterministic: no draw from the generator
    const again = sch.step(out, ts[1]!, x);
    expect(again.prevSample.data).toEqual(mid.prevSample.data);
  });

  it('epsilon outputs are s = −ε/σ_t and x(0) outputs are s = (α_t x₀ − x)/σ_t², for both kinds', () => {
    const t0 = 0.05;
    const T = 0.85;
    for (const kind of ['sde', 'ddim'] as const) {
      const t = 0.65;
      const sigma = Math.sqrt(schedule.sigma2(t));
      const alpha = schedule.alpha(t);
      const asEps = Float64Array.from(out.data, (e) => -e / sigma);
      const asX0 = Float64Array.from(out.data, (e, i) => (alpha * e - x.data[i]!) / (sigma * sigma));
      const step = (predictionType: 'score' | 'epsilon' | 'sample', o: Matrix) => {
        const sch = createScheduler({ schedule, kind, predictionType, t0, T, seed: 3 });
        sch.setTimesteps(4);
        return sch.step(o, t, x);
      };
      const eps = step('epsilon', out);
      const viaScore = step('score', { rows: 3, cols: 2, data: asEps });
      expect(eps.prevSample.data).toBeAllClose(viaScore.prevSample.data, TOLERANCES.float64);
      expect(eps.predOriginalSample.data).toBeAllClose(viaScore.predOriginalSample.data, TOLERANCES.float64);
      const x0 = step('sample', out);
      expect(x0.prevSample.data).toBeAllClose(step('score', { rows: 3, cols: 2, data: asX0 }).prevSample.data, {
        ...TOLERANCES.float64,
      });
      // a model that predicts x(0) gets that x(0) back as Tweedie's estimate
      expect(x0.predOriginalSample.data).toBeAllClose(out.data, TOLERANCES.float64);
    }
  });

  it.each([
    [{ kind: 'ddpm' }, 'invalid argument: kind: must be one of sde, ddim, got "ddpm"'],
    [{ predictionType: 'v' }, 'invalid argument: predictionType: must be one of score, epsilon, sample, got "v"'],
  ] as const)('refuses %j naming the field', (bad, message) => {
    expect(() => createScheduler({ schedule, ...(bad as object) })).toThrow(exactMessage(message));
  });

  it('refuses n = 0 steps, a step before setTimesteps, an output of another shape and a time off the grid', () => {
    const sch = createScheduler({ schedule });
    expect(() => sch.setTimesteps(0)).toThrow(/^invalid argument: n: /);
    expect(() => sch.step(out, 1, x)).toThrow(exactMessage('invalid argument: call `setTimesteps(n)` before `step`'));
    sch.setTimesteps(3);
    expect(() => sch.step({ rows: 3, cols: 1, data: new Float64Array(3) }, 1, x)).toThrow(
      exactMessage('invalid argument: modelOutput: must be 3 × 2 like `x`, got 3 × 1'),
    );
    expect(() => sch.step({ rows: 2, cols: 2, data: new Float64Array(4) }, 1, x)).toThrow(
      exactMessage('invalid argument: modelOutput: must be 3 × 2 like `x`, got 2 × 2'),
    );
    expect(() => sch.step(out, 0.5, x)).toThrow(
      exactMessage('invalid argument: t: must be one of `timesteps`, got 0.5'),
    );
    expect(() => sch.step(out, 1, { rows: 3, cols: 2, data: new Float64Array(5) })).toThrow(/^invalid argument: x/);
    expect(() => sch.step({ rows: 3, cols: 2, data: new Float64Array(5) }, 1, x)).toThrow(
      /^invalid argument: modelOutput/,
    );
  });
});
