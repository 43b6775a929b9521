/**
 * Outputs of the samplers, metrics and likelihood are checked before they are returned (issue #20, bug 5):
 * a non-finite sample, metric or NLL is an error naming where it appeared, never a NaN handed on to a file.
 */

/**
 * A result that came out NaN or $\pm\infty$: `field` names the output (`samples`, `mmd2`, `perSample`, …).
 *
 * @example
 * ```ts
 * import { NonFiniteResultError, parseTarget, sampleQuality } from '@softmax-ntk/diffusion';
 *
 * // Samples whose distances overflow: an error naming the output, never a NaN written to a file
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const samples = { rows: 2, cols: 2, data: new Float64Array([1e308, 0, -1e308, 0]) };
 * try {
 *   sampleQuality({ samples, reference: (n, rng) => target.sample(n, rng), seed: 1 });
 * } catch (e) {
 *   console.log(e instanceof NonFiniteResultError, e.field, e.message.split(' (')[0]);
 *   // → true bandwidth non-finite result: `bandwidth` is Infinity
 * }
 * ```
 */
export class NonFiniteResultError extends Error {
  /** The class name that messages and `error.name` show. */
  override name = 'NonFiniteResultError';
  constructor(
    /** The output that holds the value, as the function returns it. */
    readonly field: string,
    /** The offending value (NaN, Infinity or -Infinity). */
    readonly value: number,
    /** Row and column (1-based) for a matrix or vector output; undefined for a scalar. */
    readonly position: { row: number; column?: number } | undefined,
    /** What most likely made it non-finite. */
    readonly reason: string,
  ) {
    const at = position
      ? ` row ${position.row}${position.column !== undefined ? `, column ${position.column}` : ''}`
      : '';
    super(`non-finite result: \`${field}\`${at} is ${value} (${reason})`);
  }
}

/**
 * Throws {@link NonFiniteResultError} at the first non-finite entry of `values` (a scalar, or the
 * row-major entries of a matrix with `cols` columns).
 */
export function checkFiniteResult(field: string, values: number | ArrayLike<number>, reason: string, cols = 1): void {
  if (typeof values === 'number') {
    if (!Number.isFinite(values)) throw new NonFiniteResultError(field, values, undefined, reason);
    return;
  }
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    if (!Number.isFinite(v)) {
      const position = cols === 1 ? { row: k + 1 } : { row: Math.floor(k / cols) + 1, column: (k % cols) + 1 };
      throw new NonFiniteResultError(field, v, position, reason);
    }
  }
}
