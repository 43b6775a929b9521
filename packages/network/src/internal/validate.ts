/**
 * Validation at the public edge of the network package: linalg's one validation layer (`ValidationError`,
 * `invalid argument: <name>: expected …, got …`), with the network's own enumerations and shape rules.
 */
import {
  argumentError,
  checkFiniteMatrix,
  checkMatrix as checkMatrixOf,
  checkOneOf,
  checkShape as checkShapeOf,
  describeValue,
  type Matrix,
} from '@softmax-ntk/linalg';
import { ACTIVATIONS, PRECISIONS, type Activation, type Precision } from '../network/activation';

export { argumentError, checkNonNeg, checkNonNegInt, checkPositive, checkPositiveInt } from '@softmax-ntk/linalg';

/** A value as validation messages show it (linalg's `describeValue`). */
export const show = describeValue;

/** `v` when it is a Matrix. */
export function checkMatrix(name: string, v: unknown): Matrix {
  return checkMatrixOf(name, v);
}

/** Throws unless `m` is rows × cols (undefined: not checked); `why` says where the sizes come from. */
export function checkShape(
  name: string,
  m: Matrix,
  rows: number | undefined,
  cols: number | undefined,
  why: string,
): void {
  checkShapeOf(name, m, rows, cols, why);
}

/** Throws at the first non-finite entry of `m`, naming it `name[i][j]`. */
export function checkFinite(name: string, m: Matrix): void {
  checkFiniteMatrix(name, m);
}

/** `"softmax"` when undefined, else one of the activations. */
export function checkActivation(v: unknown): Activation {
  return checkOneOf('activation', v, ACTIVATIONS, 'softmax');
}

/** `"float64"` when undefined, else one of the precisions. */
export function checkPrecision(v: unknown): Precision {
  return checkOneOf('precision', v, PRECISIONS, 'float64');
}

/** Shapes of a network and its inputs (and labels when given). */
export interface NetShape {
  n: number;
  dIn: number;
  dOut: number;
  m: number;
}

/** Validate w (m × d_in), a (d_out × m), x (n × d_in) and optionally y (n × d_out). */
export function checkNetwork(args: { w: unknown; a: unknown; x: unknown; y?: unknown }, needY: boolean): NetShape {
  const x = checkMatrix('x', args.x);
  const w = checkMatrix('w', args.w);
  const a = checkMatrix('a', args.a);
  if (x.cols === 0) throw argumentError('x', 'expected at least one column (d_in ≥ 1), got 0');
  if (w.rows === 0) throw argumentError('w', 'expected at least one row (m ≥ 1), got 0');
  checkShape('w', w, undefined, x.cols, 'm × d_in, d_in from `x`');
  checkShape('a', a, undefined, w.rows, 'd_out × m, m from `w`');
  if (a.rows === 0) throw argumentError('a', 'expected at least one row (d_out ≥ 1), got 0');
  if (needY) {
    const y = checkMatrix('y', args.y);
    checkShape('y', y, x.rows, a.rows, 'n × d_out, n from `x`, d_out from `a`');
  }
  return { n: x.rows, dIn: x.cols, dOut: a.rows, m: w.rows };
}
