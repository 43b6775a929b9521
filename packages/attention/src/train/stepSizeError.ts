/**
 * The automatic step size η = etaScale / λ_max(H(0)) of {@link trainAttention} failing on the problem or the options
 * rather than on a bug: a λ_max that is zero, not finite or at rounding level (no direction to scale by), or a
 * quotient that leaves float64's range. A `ValidationError` of linalg's one validation layer, so a caller (the CLI)
 * tells it apart by class and `field`, never by the wording of the message.
 */
import { ValidationError } from '@softmax-ntk/linalg';

/**
 * `eta: "auto"` could not choose a step size: `field` is `eta` (λ_max(H(0)) is unusable: pass a number as `eta`)
 * or `etaScale` (etaScale / λ_max is not a finite number: lower `etaScale`); `lambdaMax` is the estimate. The
 * message is `invalid argument: <field>: cannot choose eta automatically: …`.
 */
export class AttentionStepSizeError extends ValidationError {
  override name = 'AttentionStepSizeError';
  /**
   * @param field - The option to change: `eta` (give a number) or `etaScale` (lower it).
   * @param lambdaMax - λ_max(H(0)) as computed (0, NaN, ±Infinity, or a positive number at rounding level).
   * @param detail - What happened, starting `cannot choose eta automatically: `.
   */
  constructor(
    field: 'eta' | 'etaScale',
    /** λ_max(H(0)) as computed. */
    readonly lambdaMax: number,
    detail: string,
  ) {
    super(field, detail, 'invalid argument: ');
  }
}
