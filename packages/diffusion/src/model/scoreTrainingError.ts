/**
 * The two ways {@link trainScoreModel} fails because of its options rather than a bug: gradient descent diverging
 * (the step size was too large) and an $H^* + \rho I$ that is not numerically positive definite (the ridge was too small).
 * A `ValidationError` of linalg's one validation layer, so a caller tells them apart by class and `field`, never by
 * the wording of the message.
 */
import { ValidationError } from '@softmax-ntk/linalg';

/**
 * Training failed because of one option: `field` is `eta` (a given step size), `etaScale` (the automatic one),
 * `ridge` (absolute) or `relativeRidge`; the message is `invalid argument: <field>: <what happened>`.
 *
 * @example
 * ```ts
 * import { ScoreTrainingError, parseTarget, trainScoreModel } from '@softmax-ntk/diffusion';
 *
 * // Gradient descent with 1000 times the automatic step diverges: the error names the option, not a NaN model
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const options = { target, kind: 'nn', n: 20, numNeurons: 8, steps: 50, etaScale: 1000, precision: 'float64' };
 * try {
 *   await trainScoreModel(options);
 * } catch (e) {
 *   console.log(e instanceof ScoreTrainingError, e.field); // true etaScale
 * }
 * ```
 */
export class ScoreTrainingError extends ValidationError {
  override name = 'ScoreTrainingError';
  /**
   * @param field - The option that made training fail: `eta`, `etaScale`, `ridge` or `relativeRidge`.
   * @param value - The option's value.
   * @param detail - What happened (divergence, or the failed pivot of $H^* + \rho I$).
   */
  constructor(
    field: 'eta' | 'etaScale' | 'ridge' | 'relativeRidge',
    /** The option's value. */
    readonly value: number,
    detail: string,
  ) {
    super(field, detail, 'invalid argument: ');
  }
}
