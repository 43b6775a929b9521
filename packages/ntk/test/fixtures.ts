/** Small seeded networks for the tests (symmetric initialisation of Definition 3.7 unless asked otherwise). */
import { Rng, type Matrix } from '@softmax-ntk/linalg';

export interface Net {
  x: Matrix;
  y: Matrix;
  w: Matrix;
  a: Matrix;
}

export function makeNet({
  n,
  dIn,
  dOut,
  m,
  sigma = 1,
  seed = 1,
  symmetric = true,
}: {
  n: number;
  dIn: number;
  dOut: number;
  m: number;
  sigma?: number;
  seed?: number;
  symmetric?: boolean;
}): Net {
  const rng = new Rng(seed);
  const x = new Float64Array(n * dIn);
  const y = new Float64Array(n * dOut);
  for (let i = 0; i < n; i++) {
    x.set(rng.ball(dIn), i * dIn);
    y.set(rng.ball(dOut), i * dOut);
  }
  const w = new Float64Array(m * dIn);
  const a = new Float64Array(dOut * m);
  for (let r = 0; r < m; r += symmetric ? 2 : 1) {
    for (let k = 0; k < dIn; k++) {
      const g = sigma * rng.normal();
      w[r * dIn + k] = g;
      if (symmetric) w[(r + 1) * dIn + k] = g;
    }
    for (let l = 0; l < dOut; l++) {
      const s = rng.rademacher();
      a[l * m + r] = s;
      if (symmetric) a[l * m + r + 1] = -s;
    }
  }
  return {
    x: { rows: n, cols: dIn, data: x },
    y: { rows: n, cols: dOut, data: y },
    w: { rows: m, cols: dIn, data: w },
    a: { rows: dOut, cols: m, data: a },
  };
}

/** Perturb every w_r by a vector of norm exactly `radius` in a random direction. */
export function perturb(w: Matrix, radius: number, seed = 99): Matrix {
  const rng = new Rng(seed);
  const out = Float64Array.from(w.data);
  for (let r = 0; r < w.rows; r++) {
    const u = rng.sphere(w.cols);
    for (let k = 0; k < w.cols; k++) out[r * w.cols + k] = (out[r * w.cols + k] as number) + radius * (u[k] as number);
  }
  return { rows: w.rows, cols: w.cols, data: out };
}

/** Throws, naming the first pair, unless the square H is exactly (bitwise) symmetric. */
export function expectSymmetric(H: { rows: number; data: Float64Array }): void {
  const N = H.rows;
  for (let i = 0; i < N; i++)
    for (let j = 0; j < i; j++)
      if (H.data[i * N + j] !== H.data[j * N + i])
        throw new Error(`H[${i}][${j}] = ${H.data[i * N + j]} ≠ H[${j}][${i}] = ${H.data[j * N + i]}`);
}

/**
 * An exp-baseline net whose logits pass float64's exp range: nd = 260·2 = 520 (8 float64 bands), logits w_r·x_i up
 * to ~715 > ln(MAX_VALUE) ≈ 709.8, so jacobianFactors rescales in log space (and returns c in a new array).
 */
export function expOverflowNet(): { w: Matrix; a: Matrix; x: Matrix } {
  const n = 260;
  const m = 4;
  const x = { rows: n, cols: 1, data: Float64Array.from({ length: n }, (_, i) => 0.99 + i / (100 * n)) };
  const w = { rows: m, cols: 1, data: Float64Array.from([715, 712, 0, -3]) };
  const a = { rows: 2, cols: m, data: Float64Array.from([1, -1, 2, 0.5, -2, 1, 1, -1]).map((v) => v * 1e-160) };
  return { w, a, x };
}
