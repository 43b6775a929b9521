/**
 * The two ways {@link trainScoreModel} fails because of its options rather than a bug: gradient descent diverging
 * (the step size was too large) and an H* + ρI that is not numerically positive definite (the ridge was too small).
 * A `ValidationError` of linalg's one validation layer, so a caller tells them apart by class and `field`, never by
 * the wording of the message.
 */
import { ValidationError } from '@softmax-ntk/linalg';

/**
 * Training failed because of one option: `field` is `eta` (a given step size), `etaScale` (the automatic one),
 * `ridge` (absolute) or `relativeRidge`; the message is `invalid argument: <field>: <what happened>`.
 */
export class ScoreTrainingError extends ValidationError {
  override name = 'ScoreTrainingError';
  /**
   * @param field - The option that made training fail: `eta`, `etaScale`, `ridge` or `relativeRidge`.
   * @param value - The option's value.
   * @param detail - What happened (divergence, or the failed pivot of H* + ρI).
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
