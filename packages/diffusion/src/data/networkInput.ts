/** The network input (t/T, x)/R ∈ R^{d+1} of Section 6.1 (normalised so training inputs have norm ≤ 1, Assumption 6.1). */
import type { Matrix } from '@softmax-ntk/linalg';

/** Rows (t_i/T, x_i)/R; `t` is one time for all rows or one per row. */
export function networkInput(t: number | Float64Array, x: Matrix, T: number, R: number): Matrix {
  const n = x.rows;
  const d = x.cols;
  const out = new Float64Array(n * (d + 1));
  const inv = 1 / R;
  for (let i = 0; i < n; i++) {
    const ti = typeof t === 'number' ? t : (t[i] as number);
    const o = i * (d + 1);
    out[o] = (ti / T) * inv;
    for (let j = 0; j < d; j++) out[o + 1 + j] = (x.data[i * d + j] as number) * inv;
  }
  return { rows: n, cols: d + 1, data: out };
}
