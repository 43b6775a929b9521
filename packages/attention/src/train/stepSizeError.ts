/**
 * The automatic step size $\eta = \mathrm{etaScale} / \lambda_{\max}(H(0))$ of {@link trainAttention} failing on the problem or the options
 * rather than on a bug: a $\lambda_{\max}$ that is zero, not finite or at rounding level (no direction to scale by), or a
 * quotient that leaves float64's range. A `ValidationError` of linalg's one validation layer, so a caller (the CLI)
 * tells it apart by class and `field`, never by the wording of the message.
 */
import { ValidationError } from '@softmax-ntk/linalg';

/**
 * `eta: "auto"` could not choose a step size: `field` is `eta` ($\lambda_{\max}(H(0))$ is unusable: pass a number as `eta`)
 * or `etaScale` ($\mathrm{etaScale} / \lambda_{\max}$ is not a finite number: lower `etaScale`); `lambdaMax` is the estimate. The
 * message is `invalid argument: <field>: cannot choose eta automatically: …`.
 *
 * @example
 * ```ts
 * import { AttentionStepSizeError, makeAttentionTask, trainAttention } from '@softmax-ntk/attention';
 *
 * // all inputs x = 0: H(0) = 0, so λ_max gives no scale for η — refused before any step, naming eta
 * const task = makeAttentionTask({
 *   task: 'icl', numSequences: 2, dim: 2, numTokens: 3, numHeads: 2, headDim: 1, seed: 1,
 * });
 * const problem = { ...task, x: new Float64Array(task.x.length) };
 * try {
 *   await trainAttention({ problem, steps: 1, eta: 'auto' });
 * } catch (e) {
 *   console.log(e instanceof AttentionStepSizeError, e.field, e.lambdaMax);
 *   // → true eta 0
 * }
 * ```
 */
export class AttentionStepSizeError extends ValidationError {
  override name = 'AttentionStepSizeError';
  /**
   * @param field - The option to change: `eta` (give a number) or `etaScale` (lower it).
   * @param lambdaMax - $\lambda_{\max}(H(0))$ as computed (0, NaN, ±Infinity, or a positive number at rounding level).
   * @param detail - What happened, starting `cannot choose eta automatically: `.
   */
  constructor(
    field: 'eta' | 'etaScale',
    /** $\lambda_{\max}(H(0))$ as computed. */
    readonly lambdaMax: number,
    detail: string,
  ) {
    super(field, detail, 'invalid argument: ');
  }
}
