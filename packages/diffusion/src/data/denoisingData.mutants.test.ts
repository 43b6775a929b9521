import { Rng } from '@softmax-ntk/linalg';
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeSchedule } from '../sde/schedule';
import { parseTarget } from '../target/parseTarget';
import { makeDenoisingData, scoreWeight, skipScale, type DenoisingDataOptions } from './denoisingData';

// Every pair written out by hand from the documented draw order (the n rows of x(0), then per row t_i and the d
// normals of ε_i) and the formulas of Section 6.1 and of the options beyond it, with α_t and σ_t² of the VP schedule
// (α_t = √(1 − σ_t²)), so a wrong time, noise, input feature, input scale or label shows entry by entry.
describe('Section 6.1 denoising pairs, entry by entry', () => {
  const target = parseTarget({
    type: 'gaussian-mixture',
    weights: [0.4, 0.6],
    means: [
      [2, -1],
      [-1, 3],
    ],
    std: [0.5, [0.3, 0.8]],
  });
  const normalization = { shift: [0.5, 1], scale: 4 };
  const schedule = makeSchedule({ spec: 'linear' });
  const alpha = (t: number) => Math.sqrt(1 - schedule.sigma2(t));

  /** The pairs by hand: x(0) (scaled), t, ε, x(t), v, the raw inputs and the labels. */
  function byHand(
    o: Required<Omit<DenoisingDataOptions, 'rng' | 'seed' | 'target' | 'normalization' | 'schedule'>> & {
      seed: number;
    },
  ) {
    const rng = new Rng(o.seed);
    const raw = target.sample(o.n, rng);
    const x0 = Array.from(raw.data, (v, i) => (v - normalization.shift[i % 2]!) / normalization.scale);
    const v = x0.reduce((s, u) => s + u * u, 0) / x0.length;
    const t: number[] = [];
    const eps: number[] = [];
    const xt: number[] = [];
    for (let i = 0; i < o.n; i++) {
      const u = rng.uniform();
      const ti = o.timeSampling === 'uniform' ? o.t0 + (o.T - o.t0) * u : o.t0 * (o.T / o.t0) ** u;
      t.push(ti);
      for (let j = 0; j < 2; j++) {
        const e = rng.normal();
        eps.push(e);
        xt.push(alpha(ti) * x0[2 * i + j]! + Math.sqrt(schedule.sigma2(ti)) * e);
      }
    }
    const cin = (ti: number) => (o.precondition ? 1 / Math.sqrt(alpha(ti) ** 2 * v + schedule.sigma2(ti)) : 1);
    const rows = t.map((ti, i) => [
      (o.timeScale * ti) / o.T,
      cin(ti) * xt[2 * i]!,
      cin(ti) * xt[2 * i + 1]!,
      ...(o.bias > 0 ? [o.bias] : []),
    ]);
    const R = Math.max(...rows.map((r) => Math.hypot(...r)));
    const cskip = (ti: number) => (alpha(ti) * v) / (alpha(ti) ** 2 * v + schedule.sigma2(ti));
    const y =
      o.parameterization === 'x0'
        ? x0
        : o.parameterization === 'eps'
          ? eps
          : x0.map((x, k) => x - cskip(t[Math.floor(k / 2)]!) * xt[k]!);
    return { x0, v, t, eps, xt, x: rows.flat().map((r) => r / R), R, y };
  }

  it.each([
    {
      n: 7,
      t0: 0.01,
      T: 1,
      timeSampling: 'uniform',
      parameterization: 'x0',
      timeScale: 1,
      precondition: false,
      bias: 0,
      seed: 3,
    },
    {
      n: 6,
      t0: 0.02,
      T: 0.7,
      timeSampling: 'log-uniform',
      parameterization: 'eps',
      timeScale: 3,
      precondition: true,
      bias: 0,
      seed: 4,
    },
    {
      n: 5,
      t0: 0.05,
      T: 0.9,
      timeSampling: 'uniform',
      parameterization: 'residual',
      timeScale: 2,
      precondition: true,
      bias: 0,
      seed: 5,
    },
    {
      n: 5,
      t0: 0.001,
      T: 1,
      timeSampling: 'log-uniform',
      parameterization: 'residual',
      timeScale: 1,
      precondition: false,
      bias: 0,
      seed: 6,
    },
    {
      n: 6,
      t0: 0.01,
      T: 1,
      timeSampling: 'log-uniform',
      parameterization: 'x0',
      timeScale: 3,
      precondition: true,
      bias: 2,
      seed: 7,
    },
  ] as const)(
    '$timeSampling times on [$t0, $T], $parameterization labels, c_t = $timeScale, precondition $precondition, c_b = $bias',
    (o) => {
      const d = makeDenoisingData({ target, normalization, schedule, ...o });
      const h = byHand(o);
      expect(d.x0.data).toBeAllClose(h.x0, TOLERANCES.float64);
      expect(d.secondMoment).toBeAllClose(h.v, TOLERANCES.float64);
      expect(d.features).toEqual({
        timeScale: o.timeScale,
        secondMoment: o.precondition ? d.secondMoment : null,
        ...(o.bias > 0 ? { bias: o.bias } : {}),
      });
      expect(d.t).toBeAllClose(h.t, TOLERANCES.float64);
      expect(d.t.every((t) => t >= o.t0 && t <= o.T)).toBe(true);
      expect(d.xt.data).toBeAllClose(h.xt, TOLERANCES.float64);
      const width = o.bias > 0 ? 4 : 3;
      expect([d.xt.rows, d.xt.cols, d.x.rows, d.x.cols, d.y.rows, d.y.cols]).toEqual([o.n, 2, o.n, width, o.n, 2]);
      expect(d.inputScale).toBeAllClose(h.R, TOLERANCES.float64);
      expect(d.x.data).toBeAllClose(h.x, TOLERANCES.float64);
      expect(d.y.data).toBeAllClose(h.y, TOLERANCES.float64);
    },
  );

  it('defaults: T₀ = 0.01, T = schedule.T, uniform times, x(0) labels, the paper input, seed 0; `rng` wins over `seed`', () => {
    const d = makeDenoisingData({ target, normalization, schedule, n: 4 });
    const h = byHand({
      n: 4,
      t0: 0.01,
      T: schedule.T,
      timeSampling: 'uniform',
      parameterization: 'x0',
      timeScale: 1,
      precondition: false,
      bias: 0,
      seed: 0,
    });
    expect(d.t).toBeAllClose(h.t, TOLERANCES.float64);
    expect(d.x.data).toBeAllClose(h.x, TOLERANCES.float64);
    expect(d.y.data).toBeAllClose(h.y, TOLERANCES.float64);
    const rng = new Rng(0);
    const e = makeDenoisingData({ target, normalization, schedule, n: 4, rng, seed: 8 });
    expect(Array.from(e.t)).toEqual(Array.from(d.t));
    // advanced by exactly the documented draws: n rows of x(0), then per row one uniform and d normals
    const hand = new Rng(0);
    target.sample(4, hand);
    for (let i = 0; i < 4; i++) {
      hand.uniform();
      hand.normal();
      hand.normal();
    }
    expect(rng.uniform()).toBe(hand.uniform());
  });

  it('the log-uniform time never exceeds T (u = 1 − 2⁻⁵³ rounds above T without the clamp)', () => {
    // Rng.uniform() < 1, but t0·exp(u·log(T/t0)) can round above T for u near 1: min(T, ·) is the clamp. A
    // generator whose uniform() answers 1 − 2⁻⁵³ shows it for T₀ = 0.149, T = 0.3.
    const top = 1 - 2 ** -53;
    expect(0.149 * Math.exp(top * Math.log(0.3 / 0.149))).toBeGreaterThan(0.3);
    const rng = new Rng(1);
    const fake = Object.assign(Object.create(Object.getPrototypeOf(rng) as object) as Rng, rng, {
      uniform: () => top,
      normal: () => 0,
    });
    const d = makeDenoisingData({
      target,
      normalization,
      schedule,
      n: 3,
      t0: 0.149,
      T: 0.3,
      rng: fake,
      timeSampling: 'log-uniform',
    });
    expect(Array.from(d.t)).toEqual([0.3, 0.3, 0.3]);
  });

  it('refuses bad options, naming each', () => {
    const base = { target, normalization, schedule, n: 3 };
    expect(() => makeDenoisingData({ ...base, n: 0 })).toThrow(
      exactMessage('invalid argument: n: expected a positive integer, got 0'),
    );
    expect(() => makeDenoisingData({ ...base, parameterization: 'v' as never })).toThrow(
      exactMessage('invalid argument: parameterization: must be one of x0, eps, residual, got "v"'),
    );
    expect(() => makeDenoisingData({ ...base, timeSampling: 'beta' as never })).toThrow(
      exactMessage('invalid argument: timeSampling: must be one of uniform, log-uniform, got "beta"'),
    );
    expect(() => makeDenoisingData({ ...base, timeScale: 0 })).toThrow(/timeScale/);
    expect(() => makeDenoisingData({ ...base, t0: 0.5, T: 0.4 })).toThrow(/T₀ < T/);
  });

  it('λ(t) = σ_t⁴/α_t² and c_skip(t) = α_t v/(α_t² v + σ_t²)', () => {
    for (const t of [0.01, 0.4, 1]) {
      const a = alpha(t);
      const s2 = schedule.sigma2(t);
      expect(scoreWeight(schedule, t)).toBeAllClose(s2 ** 2 / a ** 2, TOLERANCES.float64);
      expect(skipScale(schedule, t, 0.3)).toBeAllClose((a * 0.3) / (a * a * 0.3 + s2), TOLERANCES.float64);
    }
  });
});
