/** Type of the custom matchers installed by setup.ts; include this file in a package's tsconfig. */
import type { NumericArray } from './allClose';
import type { Tolerance } from './tolerances';

declare global {
  namespace jest {
    interface Matchers<R> {
      /** Element-wise closeness; see `allClose` for the criterion. */
      toBeAllClose(expected: NumericArray, tol?: Partial<Tolerance>): R;
    }
  }
}

export {};
