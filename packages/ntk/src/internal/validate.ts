/**
 * Validation at the public edge of the ntk package: linalg's one validation layer (`ValidationError`,
 * `invalid argument: <name>: expected …, got …`), with the ntk's shape rules.
 */
import { argumentError, checkMatrix as checkMatrixOf, checkOneOf, type Matrix } from '@softmax-ntk/linalg';

export { checkFiniteMatrix, checkNonNeg, checkPositive, checkPositiveInt } from '@softmax-ntk/linalg';

export type Activation = 'softmax' | 'relu' | 'exp';
export type Precision = 'float32' | 'float64';

/** `v` when it is a Matrix. */
export function checkMatrix(name: string, v: unknown): Matrix {
  return checkMatrixOf(name, v);
}

/** `"float64"` when undefined, else one of the precisions. */
export function checkPrecision(v: unknown): Precision {
  return checkOneOf('precision', v, ['float32', 'float64'] as const, 'float64');
}

/** The shapes of a network (w m × d_in, a d_out × m) and inputs x (n × d_in); `wName`: w's name in the caller's options. */
export function checkNet(
  o: { w: unknown; a: unknown },
  xs: Record<string, unknown>,
  wName = 'w',
): { m: number; dIn: number; dOut: number } {
  const w = checkMatrix(wName, o.w);
  const a = checkMatrix('a', o.a);
  if (a.cols !== w.rows)
    throw argumentError('a', `expected m = ${w.rows} columns (one per row of \`${wName}\`), got ${a.cols}`);
  for (const [name, v] of Object.entries(xs)) {
    const x = checkMatrix(name, v);
    if (x.cols !== w.cols)
      throw argumentError(name, `expected d_in = ${w.cols} columns (like \`${wName}\`), got ${x.cols}`);
  }
  return { m: w.rows, dIn: w.cols, dOut: a.rows };
}
