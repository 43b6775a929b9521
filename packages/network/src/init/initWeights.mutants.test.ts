/**
 * Tests written from the mutation run (bench/results/mutation): the draw order documented on initWeights, each
 * argument's own message, and Definition 3.7's F(W(0), x) = 0 checked by the float64 reference.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { initWeights } from './initWeights';

/** The documented draw order, replayed on a generator of the same seed: per pair (or neuron) d_in normals, then d_out signs. */
function replay(seed: number, m: number, dIn: number, dOut: number, sigma: number, symmetric: boolean) {
  const rng = new Rng(seed);
  const w: number[][] = [];
  const a: number[][] = Array.from({ length: dOut }, () => new Array<number>(m).fill(NaN));
  for (let r = 0; r < m; r += symmetric ? 2 : 1) {
    w[r] = Array.from({ length: dIn }, () => sigma * rng.normal());
    for (let l = 0; l < dOut; l++) a[l]![r] = rng.rademacher();
    if (symmetric) {
      w[r + 1] = [...w[r]!];
      for (let l = 0; l < dOut; l++) a[l]![r + 1] = -a[l]![r]!;
    }
  }
  return { w: w.flat(), a: a.flat(), state: rng.getState() };
}

describe('Definition 3.7: initWeights draws in its documented order', () => {
  it.each([
    ['symmetric', 6, 3, 2],
    ['gaussian', 5, 2, 3],
  ] as const)(
    '%s, m = %d, d_in = %d, d_out = %d: every entry, and the generator is left just past the draws',
    (init, m, dIn, dOut) => {
      const rng = new Rng(17);
      const { w, a } = initWeights({ numNeurons: m, dIn, dOut, sigma: 0.8, init, rng });
      const want = replay(17, m, dIn, dOut, 0.8, init === 'symmetric');
      expect([w.rows, w.cols, a.rows, a.cols]).toEqual([m, dIn, dOut, m]);
      expect(Array.from(w.data)).toEqual(want.w);
      expect(Array.from(a.data)).toEqual(want.a);
      // the caller's generator was advanced by exactly these draws
      expect(rng.getState()).toEqual(want.state);
    },
  );

  it('a seed is a new generator of that seed; symmetric is the default', () => {
    const bySeed = initWeights({ numNeurons: 4, dIn: 3, dOut: 2, sigma: 1.5, seed: 9 });
    const byRng = initWeights({ numNeurons: 4, dIn: 3, dOut: 2, sigma: 1.5, init: 'symmetric', rng: new Rng(9) });
    expect(Array.from(bySeed.w.data)).toEqual(Array.from(byRng.w.data));
    expect(Array.from(bySeed.a.data)).toEqual(Array.from(byRng.a.data));
    // a given generator wins over a seed
    const both = initWeights({ numNeurons: 4, dIn: 3, dOut: 2, sigma: 1.5, seed: 1, rng: new Rng(9) });
    expect(Array.from(both.w.data)).toEqual(Array.from(byRng.w.data));
  });

  it.each(['softmax', 'relu', 'exp'] as const)('symmetric: F(W(0), x) = 0 for %s (float64 reference)', (activation) => {
    const { w, a } = initWeights({ numNeurons: 8, dIn: 3, dOut: 2, sigma: 1, seed: 4 });
    const x: Matrix = { rows: 3, cols: 3, data: Float64Array.from([0.5, -0.2, 0.1, 0.3, 0.3, -0.6, -0.1, 0.9, 0.2]) };
    const F = reference.forward({ w, a, x, activation });
    expect(Array.from(F.data)).toBeAllClose(new Array<number>(6).fill(0), TOLERANCES.float64);
    // …while gaussian draws do not cancel
    const g = initWeights({ numNeurons: 8, dIn: 3, dOut: 2, sigma: 1, seed: 4, init: 'gaussian' });
    expect(Math.max(...Array.from(reference.forward({ ...g, x, activation }).data, Math.abs))).toBeGreaterThan(1e-3);
  });
});

describe('initWeights refuses bad arguments with a message naming the argument', () => {
  const ok = { numNeurons: 4, dIn: 2, dOut: 1, sigma: 1, seed: 0 };
  it.each([
    [{ numNeurons: 0 }, 'invalid argument: numNeurons: expected a positive integer, got 0'],
    [{ dIn: 1.5 }, 'invalid argument: dIn: expected a positive integer, got 1.5'],
    [{ dOut: -1 }, 'invalid argument: dOut: expected a positive integer, got -1'],
    [{ sigma: -0.1 }, 'invalid argument: sigma: expected a finite number ≥ 0, got -0.1'],
    [{ init: 'uniform' }, 'invalid argument: init: must be "symmetric" or "gaussian", got "uniform"'],
    [{ numNeurons: 5 }, 'invalid argument: numNeurons: must be even for symmetric initialisation, got 5'],
    [{ seed: undefined }, 'invalid argument: seed: is required (or `rng`), got neither'],
  ])('%o', (bad, message) => {
    expect(() => initWeights({ ...ok, ...bad } as Parameters<typeof initWeights>[0])).toThrow(exactMessage(message));
  });

  it('an odd m is fine for the gaussian initialisation', () => {
    expect(initWeights({ ...ok, numNeurons: 5, init: 'gaussian' }).w.rows).toBe(5);
  });
});
