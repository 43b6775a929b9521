/** Installs the workspace's custom jest matchers; loaded by the jest preset. */
import { allClose, type NumericArray } from './allClose';
import type { Tolerance } from './tolerances';

// The matcher's type is declared in matchers.d.ts.
expect.extend({
  toBeAllClose(received: NumericArray, expected: NumericArray, tol?: Partial<Tolerance>) {
    const r = allClose(received, expected, tol);
    return { pass: r.pass, message: () => (r.pass ? `expected not all close, but ${r.message}` : r.message) };
  },
});

export {};
