/**
 * Issue #20, bug 5 for the diffusion package: a sampler, metric or likelihood whose output would hold a NaN or
 * ±∞ throws `NonFiniteResultError` naming the output and where in it, instead of returning the value.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import type { ScoreModel } from '../model/scoreModel';
import { makeSchedule } from '../sde/schedule';
import { sample } from '../sample/sample';
import { likelihood } from '../likelihood/likelihood';
import { sampleQuality } from './sampleQuality';
import { scoreError } from './scoreError';
import { couplingGap } from './couplingGap';
import { NonFiniteResultError } from './nonFiniteResult';

const schedule = makeSchedule({ spec: 'linear' });

/** s(t, x) = −x (the score of N(0, I)), except a NaN at (row, column) 1-based, from time `below` down. */
function poisoned(row: number, column: number, below = Infinity): ScoreModel {
  const s = (t: number, x: Matrix): Matrix => {
    const data = x.data.map((v) => -v);
    if (t <= below && row <= x.rows) data[(row - 1) * x.cols + (column - 1)] = NaN;
    return { rows: x.rows, cols: x.cols, data };
  };
  return {
    dim: 2,
    score: s,
    jvp: (t, x, directions) => ({ score: s(t, x), jvp: directions.map((v) => s(t, v)) }),
  };
}

/** The error `f` throws (the test fails when it throws nothing or something else). */
function thrown(f: () => unknown): NonFiniteResultError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NonFiniteResultError);
    return e as NonFiniteResultError;
  }
  throw new Error('expected a NonFiniteResultError, nothing was thrown');
}

describe('non-finite results are errors naming where they appeared (issue #20, bug 5)', () => {
  it.each(['sde', 'heun', 'rk45'] as const)('sample (%s): a NaN score names `samples` at its row and column', (s) => {
    const e = thrown(() => sample({ model: poisoned(3, 2), schedule, count: 4, sampler: s, steps: 10, seed: 1 }));
    expect([e.field, e.position]).toEqual(['samples', { row: 3, column: 2 }]);
    expect(e.message).toMatch(/^non-finite result: `samples` row 3, column 2 is NaN \(the sampler diverged/);
  });

  it('sample: the same model without the NaN gives finite samples (the check passes what it should)', () => {
    const r = sample({ model: poisoned(99, 1), schedule, count: 4, sampler: 'rk45', seed: 1 });
    expect(Array.from(r.samples.data).every(Number.isFinite)).toBe(true);
  });

  it('likelihood: a score non-finite along one path names `perSample` at that point', () => {
    const data = { rows: 3, cols: 2, data: Float64Array.from([0.1, 0.2, -0.3, 0.4, 0.5, -0.6]) };
    const e = thrown(() => likelihood({ score: poisoned(2, 1, 0.5), schedule, data }));
    expect([e.field, e.position, e.value]).toEqual(['perSample', { row: 2 }, NaN]);
  });

  it('likelihood: points far outside the data (‖x‖ = 200) give a finite, large NLL with N(0, I)’s exact score', () => {
    // For s = −x the ODE leaves x unchanged and the divergence cancels d: −log p = ½‖x‖² + log 2π (d = 2).
    const far = { rows: 2, cols: 2, data: Float64Array.from([200, 0, -120, 160]) };
    const r = likelihood({ score: poisoned(99, 1), schedule, data: far });
    expect(r.perSample[0]).toBeCloseTo(0.5 * 200 ** 2 + Math.log(2 * Math.PI), 6);
    expect(r.perSample[1]).toBeCloseTo(0.5 * 200 ** 2 + Math.log(2 * Math.PI), 6);
  });

  it('sampleQuality: non-finite samples are refused naming the entry; distances past float64 name the metric', () => {
    const reference = (n: number, g: Rng): Matrix => ({
      rows: n,
      cols: 1,
      data: g.fillNormal(new Float64Array(n)),
    });
    const bad = { rows: 3, cols: 1, data: Float64Array.from([0, Infinity, 1]) };
    expect(() => sampleQuality({ samples: bad, reference, seed: 1 })).toThrow(
      'invalid argument: samples: row 2, column 1 must be finite, got Infinity',
    );
    // Samples at ±1e200: squared distances of 1e400 overflow.
    const huge = { rows: 4, cols: 1, data: Float64Array.from([1e200, -1e200, 1e200, -1e200]) };
    const e = thrown(() => sampleQuality({ samples: huge, reference, seed: 1 }));
    expect(e.field).toBe('bandwidth');
    expect(e.value).toBe(Infinity);
  });

  it('scoreError and couplingGap name their non-finite output', () => {
    const exact = poisoned(99, 1);
    const sampleData = (n: number, g: Rng): Matrix => ({
      rows: n,
      cols: 2,
      data: g.fillNormal(new Float64Array(2 * n)),
    });
    const common = { schedule, t0: 1e-3, T: 1, times: 2, perTime: 3, sampleData, seed: 1 };
    expect(thrown(() => scoreError({ ...common, model: poisoned(1, 1), exact })).field).toBe('uniform');
    const ok = (t: number, x: Matrix) => exact.score(t, x);
    const nan = (t: number, x: Matrix) => poisoned(1, 2).score(t, x);
    expect(thrown(() => couplingGap({ ...common, a: ok, b: nan })).field).toBe('gap');
    expect(thrown(() => couplingGap({ ...common, a: nan, b: ok })).field).toBe('gap');
  });
});
