/** Installs the workspace's custom jest matchers; loaded by the jest preset. */
import { allClose, type NumericArray } from './allClose';
import type { Tolerance } from './tolerances';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** Element-wise closeness; see `allClose` for the criterion. */
      toBeAllClose(expected: NumericArray, tol?: Partial<Tolerance>): R;
    }
  }
}

expect.extend({
  toBeAllClose(received: NumericArray, expected: NumericArray, tol?: Partial<Tolerance>) {
    const r = allClose(received, expected, tol);
    return { pass: r.pass, message: () => (r.pass ? `expected not all close, but ${r.message}` : r.message) };
  },
});

export {};
