/**
 * A fake `jvp` for the tests of the posterior step (src/sample/posteriorStep.ts): its score is s(t, x) = −(x − c)/σ²
 * (the σ² and centre c given, c = 0 unless given) and its Jacobian is the constant d × d matrix J given (row-major,
 * J[r][c] = ∂s_r/∂x_c, d = J.length), whatever the score: each direction D gives J·D row by row. The tests choose
 * Jacobians no exact score has (its Jacobian is the Hessian of log p_t): one that makes the covariance indefinite,
 * one not symmetric.
 */
import type { ScoreModel } from '../../src/model/scoreModel';

export function linearJvp(
  s2: number,
  J: readonly (readonly number[])[],
  centre: readonly number[] = [],
): NonNullable<ScoreModel['jvp']> {
  const d = J.length;
  return (_t, x, directions) => ({
    score: { rows: x.rows, cols: d, data: x.data.map((v, k) => -(v - (centre[k % d] ?? 0)) / s2) },
    jvp: directions.map((D) => {
      const out = new Float64Array(D.data.length);
      for (let i = 0; i < D.rows; i++)
        for (let r = 0; r < d; r++) {
          let sum = 0;
          for (let c = 0; c < d; c++) sum += J[r]![c]! * D.data[i * d + c]!;
          out[i * d + r] = sum;
        }
      return { rows: D.rows, cols: d, data: out };
    }),
  });
}
