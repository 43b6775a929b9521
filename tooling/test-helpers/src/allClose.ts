/**
 * Element-wise closeness of two arrays (or nested arrays) of numbers, with a
 * report that names the worst offending index, both values, their difference
 * and the tolerance that was exceeded.
 *
 * Criterion (like numpy's `allclose`, but the relative part is scaled by the
 * max-norm of `expected`, so entries that are small by cancellation are judged
 * on the scale of the whole result, not their own):
 *
 *     |actual[k] − expected[k]| ≤ atol + rtol · max_j |expected[j]|
 *
 * NaN matches nothing (not even NaN); ±Infinity matches only itself.
 */
import type { Tolerance } from './tolerances';
import { TOLERANCES } from './tolerances';

export type NumericArray = ArrayLike<number> | ReadonlyArray<NumericArray> | number;

export interface AllCloseResult {
  pass: boolean;
  message: string;
  /** Largest |actual − expected| seen. */
  maxAbsDiff: number;
  /** max |expected|, the scale of the relative tolerance. */
  scale: number;
}

function flatten(a: NumericArray, out: number[], shape: number[], depth: number): void {
  if (typeof a === 'number') {
    out.push(a);
    return;
  }
  const len = a.length;
  if (shape.length <= depth) shape.push(len);
  for (let i = 0; i < len; i++) flatten((a as ArrayLike<NumericArray>)[i] as NumericArray, out, shape, depth + 1);
}

function indexOf(flat: number, shape: number[]): string {
  if (shape.length <= 1) return `[${flat}]`;
  const idx: number[] = [];
  let rest = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    const s = shape[k] ?? 1;
    idx.unshift(rest % s);
    rest = Math.floor(rest / s);
  }
  return `[${idx.join(', ')}]`;
}

export function allClose(actual: NumericArray, expected: NumericArray, tol: Partial<Tolerance> = {}): AllCloseResult {
  const rtol = tol.rtol ?? TOLERANCES.float64.rtol;
  const atol = tol.atol ?? TOLERANCES.float64.atol;
  const a: number[] = [];
  const e: number[] = [];
  const shapeA: number[] = [];
  const shapeE: number[] = [];
  flatten(actual, a, shapeA, 0);
  flatten(expected, e, shapeE, 0);
  if (a.length !== e.length) {
    return {
      pass: false,
      message: `size mismatch: actual has ${a.length} entries (shape [${shapeA.join(', ')}]), expected ${e.length} (shape [${shapeE.join(', ')}])`,
      maxAbsDiff: Infinity,
      scale: NaN,
    };
  }
  let scale = 0;
  for (const v of e) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const bound = atol + rtol * scale;
  let worst = -1;
  let worstExcess = -Infinity;
  let maxAbsDiff = 0;
  let failures = 0;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number;
    const y = e[k] as number;
    let diff: number;
    let bad: boolean;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      diff = NaN;
      bad = true;
    } else if (!Number.isFinite(x) || !Number.isFinite(y)) {
      diff = x === y ? 0 : Infinity;
      bad = x !== y;
    } else {
      diff = Math.abs(x - y);
      bad = diff > bound;
    }
    if (Number.isFinite(diff)) maxAbsDiff = Math.max(maxAbsDiff, diff);
    else if (bad) maxAbsDiff = Infinity;
    if (bad) {
      failures++;
      const excess = Number.isFinite(diff) ? diff - bound : Infinity;
      if (worst < 0 || excess > worstExcess) {
        worst = k;
        worstExcess = excess;
      }
    }
  }
  if (worst < 0) {
    return {
      pass: true,
      message: `all ${a.length} entries within atol=${atol} + rtol=${rtol}·${scale.toExponential(3)} (max |diff| = ${maxAbsDiff.toExponential(3)})`,
      maxAbsDiff,
      scale,
    };
  }
  const x = a[worst] as number;
  const y = e[worst] as number;
  return {
    pass: false,
    message:
      `${failures} of ${a.length} entries differ; worst at index ${indexOf(worst, shapeE)}: ` +
      `actual ${x}, expected ${y}, |diff| ${Math.abs(x - y)} > tolerance ${bound} ` +
      `(atol=${atol} + rtol=${rtol} · max|expected|=${scale})`,
    maxAbsDiff,
    scale,
  };
}
