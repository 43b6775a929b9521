/**
 * Shared test fixtures: the example problem of the problem-file spec (/work/shared/spec/problem-file.md, as
 * matrices and as the file's rows) and a seeded random network, so tests of every package build them once.
 */
import { fromRows, Rng, type Matrix } from '@softmax-ntk/linalg';
import type { ReferenceActivation } from './index';

/** The example problem of the problem-file spec as the file's rows: n = 3, d = 2, m = 4, symmetric init (a fresh copy per call). */
export function specExampleRows(): {
  activation: 'softmax';
  x: number[][];
  y: number[][];
  w: number[][];
  a: number[][];
} {
  return {
    activation: 'softmax',
    x: [
      [0.1, -0.3],
      [0.5, 0.2],
      [0.0, 0.7],
    ],
    y: [
      [0.2, 0.1],
      [-0.4, 0.3],
      [0.1, 0.1],
    ],
    w: [
      [0.3, -1.2],
      [0.3, -1.2],
      [0.8, 0.1],
      [0.8, 0.1],
    ],
    a: [
      [1, -1, -1, 1],
      [-1, 1, 1, -1],
    ],
  };
}

/** The example problem of the problem-file spec as matrices (a fresh copy per call: tests may mutate it). */
export function specExample(): { x: Matrix; y: Matrix; w: Matrix; a: Matrix } {
  const rows = specExampleRows();
  return { x: fromRows(rows.x), y: fromRows(rows.y), w: fromRows(rows.w), a: fromRows(rows.a) };
}

/**
 * A seeded random network and data: x_i ~ N(0, I/d_in), y ~ N(0, I), w_r ~ N(0, I), a Rademacher (not symmetric,
 * so F ≠ 0). Draw order x, y, w, a from `new Rng(seed)`.
 */
export function randomNet(
  seed: number,
  activation: ReferenceActivation = 'softmax',
  n = 5,
  dIn = 3,
  dOut = 2,
  m = 6,
): { activation: ReferenceActivation; x: Matrix; y: Matrix; w: Matrix; a: Matrix } {
  const rng = new Rng(seed);
  const mat = (rows: number, cols: number, f: () => number): Matrix => ({
    rows,
    cols,
    data: Float64Array.from({ length: rows * cols }, f),
  });
  return {
    activation,
    x: mat(n, dIn, () => rng.normal() / Math.sqrt(dIn)),
    y: mat(n, dOut, () => rng.normal()),
    w: mat(m, dIn, () => rng.normal()),
    a: mat(dOut, m, () => rng.rademacher()),
  };
}
