/**
 * What primalNtk.test.ts (the primal route against the dual one and the literal reference) leaves loose: how J's
 * rows are blocked (pairs per block from the budget, one rank-k update per block, a buffer of one block), blocks of
 * one pair (a budget below one pair's p·d entries), and the Cholesky factors given back — by the primal solve, and
 * by trainScoreModel's dual route — once per regression.
 */
import { type CholeskyFactor, type CholeskyOptions } from '@softmax-ntk/linalg';
import { parseTarget } from '../target/parseTarget';
import { primalNormalEquations, solvePrimal } from '../internal/primalNtk';
import { makeScoreTrainingSet, trainScoreModel } from './trainScoreModel';

/** Counts the factors made and given back; `fail`, when set, is thrown by the next factorisation. */
const mockCholesky: { made: number; disposed: number; fail?: Error } = { made: 0, disposed: 0 };
/** The rank-k updates JᵀJ += Z_bᵀZ_b: k (rows of the block) and the length of the buffer Z_b is read from. */
const syrkCalls: { k: number; buffer: number }[] = [];
jest.mock('@softmax-ntk/linalg', () => {
  const actual = jest.requireActual<typeof import('@softmax-ntk/linalg')>('@softmax-ntk/linalg');
  return {
    ...actual,
    syrk: (...args: Parameters<typeof actual.syrk>) => {
      syrkCalls.push({ k: args[3], buffer: args[5].length });
      return actual.syrk(...args);
    },
    choleskyFactor: (o: CholeskyOptions): CholeskyFactor => {
      if (mockCholesky.fail) throw mockCholesky.fail;
      const f = actual.choleskyFactor(o);
      mockCholesky.made += 1;
      return {
        ...f,
        solve: f.solve.bind(f),
        dispose: () => {
          mockCholesky.disposed += 1;
          f.dispose();
        },
      };
    },
  };
});

const target = parseTarget({ type: 'named', name: '8-gaussians' });

describe('the primal NTK regression: one-pair blocks and the factors given back', () => {
  // drawn in each test, not at collection: a makeScoreTrainingSet that throws fails the tests, not the whole file
  const drawn = () => makeScoreTrainingSet({ target, n: 5, numNeurons: 4, sigma: 3, seed: 3 });

  it('a block budget below one pair (p·d = 24 float64s) still takes one pair per block: the same JᵀJ, Jᵀy, trace', () => {
    const { data, w, a } = drawn();
    const one = primalNormalEquations(w, a, data.x, data.y);
    for (const budget of [1, 23]) {
      const eq = primalNormalEquations(w, a, data.x, data.y, budget);
      // five rank-2 updates instead of one rank-10 update: the same sums in another order
      expect(eq.gram.data).toBeAllClose(one.gram.data, { rtol: 1e-13, atol: 1e-13 });
      expect(eq.rhs).toBeAllClose(one.rhs, { rtol: 1e-13, atol: 1e-13 });
      expect(eq.trace).toBeAllClose(one.trace, { rtol: 1e-13, atol: 0 });
    }
  });

  it('blocks of ⌊budget/(p·d)⌋ pairs: one rank-k update per block, k = d·(pairs in it), from a buffer of one block', () => {
    const { data, w, a } = drawn();
    // p = 4·3 = 12, d = 2: one pair is p·d = 24 float64s; n = 5 pairs
    const updates = (budget?: number) => {
      syrkCalls.length = 0;
      primalNormalEquations(w, a, data.x, data.y, budget);
      return syrkCalls.map((c) => [c.k, c.buffer]);
    };
    // the default budget (2²³ float64s) holds all five pairs: one update of k = 10 rows, a buffer of 5·24
    expect(updates()).toEqual([[10, 120]]);
    // 48 = two pairs per block: blocks of 2, 2 and 1 pairs, the buffer sized for 2
    expect(updates(48)).toEqual([
      [4, 48],
      [4, 48],
      [2, 48],
    ]);
    // a budget below one pair: one pair per block, and no empty sixth block when the blocks divide n
    expect(updates(23)).toEqual(Array.from({ length: 5 }, () => [2, 24]));
  });

  it('solvePrimal gives its factor back', () => {
    const { data, w, a } = drawn();
    const eq = primalNormalEquations(w, a, data.x, data.y);
    const before = { ...mockCholesky };
    solvePrimal(eq, 4, 3, 0.1);
    expect([mockCholesky.made - before.made, mockCholesky.disposed - before.disposed]).toEqual([1, 1]);
  });

  it.each(['primal', 'dual'] as const)(
    'trainScoreModel (%s) gives back one factor per ensemble member',
    async (solver) => {
      const before = { ...mockCholesky };
      await trainScoreModel({ target, n: 5, numNeurons: 4, sigma: 3, ridge: 0.1, seed: 3, ensemble: 3, solver });
      expect([mockCholesky.made - before.made, mockCholesky.disposed - before.disposed]).toEqual([3, 3]);
    },
  );

  it.each(['primal', 'dual'] as const)(
    'trainScoreModel (%s) passes a failure other than a pivot on as it is (a factor beyond WebAssembly’s 4 GiB is a RangeError)',
    async (solver) => {
      const tooBig = new RangeError('the Cholesky factor does not fit in WebAssembly memory');
      mockCholesky.fail = tooBig;
      try {
        await expect(
          trainScoreModel({ target, n: 5, numNeurons: 4, sigma: 3, ridge: 0.1, seed: 3, solver }),
        ).rejects.toBe(tooBig);
      } finally {
        delete mockCholesky.fail;
      }
    },
  );
});
