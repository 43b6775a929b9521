/**
 * Validation at the public edge of the diffusion package: linalg's one validation layer (`ValidationError`,
 * `invalid argument: <name>: expected …, got …`), with the diffusion's time rule.
 */
import {
  argumentError,
  checkMatrix as checkMatrixOf,
  checkPositive,
  describeValue,
  type Matrix,
} from '@softmax-ntk/linalg';

export { argumentError, checkNonNeg, checkNonNegInt, checkPositive, checkPositiveInt } from '@softmax-ntk/linalg';

/** A value as validation messages show it (linalg's `describeValue`). */
export const show = describeValue;

/** Throws a `ValidationError` `invalid argument: <message>` (for rules the shared checks do not cover). */
export function fail(message: string): never {
  throw argumentError('', message);
}

/** `v` when it is a Matrix (with `cols` columns when given). */
export function checkMatrix(name: string, v: unknown, cols?: number): Matrix {
  return checkMatrixOf(name, v, cols === undefined ? {} : { cols });
}

/** T₀ < T, both finite, T₀ > 0. */
export function checkTimes(t0: unknown, T: unknown): { t0: number; T: number } {
  const tt = checkPositive('T', T);
  const t = checkPositive('t0', t0);
  if (t >= tt) throw argumentError('t0', `expected a number smaller than T = ${tt} (T₀ < T), got ${t}`);
  return { t0: t, T: tt };
}
