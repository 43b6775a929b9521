/**
 * A `jest.mock` of @softmax-ntk/linalg for the tests that check how often a function factors and gives back its
 * Cholesky factors (ntkRegression, spectrum's shift-invert): `choleskyFactor` is the real one, counted, and
 * `choleskyCounts.failWith` makes the next factorisation throw that error. Use it as
 *
 *     jest.mock('@softmax-ntk/linalg', () =>
 *       jest.requireActual<typeof import('../../test/countingCholesky')>('../../test/countingCholesky').countingLinalg(),
 *     );
 *
 * and read `choleskyCounts` from an import of this file (the same module instance).
 */
import type * as Linalg from '@softmax-ntk/linalg';

/** Factors made and given back so far; an error for the next factorisation to throw, if any. */
export const choleskyCounts = { made: 0, disposed: 0, failWith: undefined as Error | undefined };

/** The real @softmax-ntk/linalg with its `choleskyFactor` counted (and made to fail on demand). */
export function countingLinalg(): typeof Linalg {
  const actual = jest.requireActual<typeof Linalg>('@softmax-ntk/linalg');
  return {
    ...actual,
    choleskyFactor: (o: Linalg.CholeskyOptions): Linalg.CholeskyFactor => {
      const err = choleskyCounts.failWith;
      if (err) {
        choleskyCounts.failWith = undefined;
        throw err;
      }
      const f = actual.choleskyFactor(o);
      choleskyCounts.made += 1;
      return {
        ...f,
        dispose: () => {
          choleskyCounts.disposed += 1;
          f.dispose();
        },
      };
    },
  };
}
