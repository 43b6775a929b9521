import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { forwardPaths } from './forwardPaths';
import { makeSchedule, type Schedule } from './schedule';

// Exact checks of the Euler–Maruyama recursion that forwardPaths.test.ts (a Monte Carlo check of the marginals)
// leaves loose: the step written out by hand with the same normals, the defaults, and the argument checks.
describe('Eq. 3: forwardPaths is the Euler–Maruyama recursion x ← x − ½g(s)xh + √(g(s)h)·z, step by step', () => {
  // g(t) = 1 + 5t²: a time-dependent g, so the time of each step (s = k·h) shows. Made in beforeAll, not when the
  // file loads: a mutation run of schedule.ts loads this file for every mutant, and the expression parser (mathjs)
  // should load only when a test of this file runs.
  let schedule: Schedule;
  beforeAll(() => {
    schedule = makeSchedule({ spec: '1 + 5*t^2' });
  });
  const x0: Matrix = { rows: 2, cols: 3, data: Float64Array.from([0.8, -0.4, 1.5, 0, 2.2, -1.1]) };

  /** The recursion written out: per step, n·d normals from the same Rng, in row-major order. */
  function byHand(t: number, steps: number, seed: number): Float64Array {
    const rng = new Rng(seed);
    const h = t / steps;
    const x = Float64Array.from(x0.data);
    const z = new Float64Array(x.length);
    for (let k = 0; k < steps; k++) {
      const s = k * h;
      const g = 1 + 5 * s * s;
      rng.fillNormal(z);
      for (let i = 0; i < x.length; i++) x[i] = x[i]! - 0.5 * g * h * x[i]! + Math.sqrt(g * h) * z[i]!;
    }
    return x;
  }

  it.each([
    [0.4, 1],
    [0.7, 3],
    [1, 25],
  ])('t = %p, %p steps: every entry equals the recursion written out', (t, steps) => {
    const out = forwardPaths({ schedule, x0, t, steps, rng: new Rng(9) });
    expect([out.rows, out.cols]).toEqual([2, 3]);
    expect(out.data).toBeAllClose(byHand(t, steps, 9), TOLERANCES.float64);
  });

  it('x0 is not modified', () => {
    const copy = Float64Array.from(x0.data);
    forwardPaths({ schedule, x0, t: 0.5, steps: 4, seed: 1 });
    expect(x0.data).toEqual(copy);
  });

  it('defaults: 1000 steps and seed 0; a seed is the same as an Rng of that seed', () => {
    expect(forwardPaths({ schedule, x0, t: 0.3 }).data).toBeAllClose(byHand(0.3, 1000, 0), TOLERANCES.float64);
    expect(forwardPaths({ schedule, x0, t: 0.3, steps: 5, seed: 4 }).data).toEqual(
      forwardPaths({ schedule, x0, t: 0.3, steps: 5, rng: new Rng(4) }).data,
    );
  });

  it.each([
    ['x0', { x0: { rows: 2, cols: 3, data: new Float64Array(5) } }],
    ['t', { t: 0 }],
    ['t', { t: -1 }],
    ['steps', { steps: 0 }],
    ['steps', { steps: 2.5 }],
  ] as const)('bad %s is refused with a message naming it', (field, bad) => {
    expect(() => forwardPaths({ schedule, x0, t: 0.5, steps: 4, ...bad })).toThrow(
      new RegExp(`^invalid argument: ${field}: `),
    );
  });
});
