/**
 * Tests written from the mutation run (bench/results/mutation): matmul's shapes and scale under each transpose,
 * against the literal triple loop, and its message for mismatched inner dimensions.
 */
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { matrix, type Matrix } from '../matrix/matrix';
import { matmul } from './matmul';

/** (i, j) of op(X), by the definition. */
const at = (x: Matrix, t: boolean, i: number, j: number): number =>
  (t ? x.data[j * x.cols + i] : x.data[i * x.cols + j]) as number;

describe('matmul: α·op(a)·op(b) against the triple loop', () => {
  const rng = new Rng('matmul-mutants');
  // M = 3, K = 4, N = 5: every dimension different, so a swapped one shows in the shape
  const M = 3;
  const K = 4;
  const N = 5;
  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('transA = %s, transB = %s, α = −1.5', (transA, transB) => {
    const a = transA
      ? matrix(K, M, rng.fillNormal(new Float64Array(K * M)))
      : matrix(M, K, rng.fillNormal(new Float64Array(M * K)));
    const b = transB
      ? matrix(N, K, rng.fillNormal(new Float64Array(N * K)))
      : matrix(K, N, rng.fillNormal(new Float64Array(K * N)));
    const c = matmul({ a, b, transA, transB, alpha: -1.5 });
    expect([c.rows, c.cols]).toEqual([M, N]);
    const want: number[] = [];
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += at(a, transA, i, k) * at(b, transB, k, j);
        want.push(-1.5 * s);
      }
    }
    expect(Array.from(c.data)).toBeAllClose(want, TOLERANCES.float64);
  });

  it('α defaults to 1', () => {
    const a = matrix(2, 2, Float64Array.from([1, 2, 3, 4]));
    expect(Array.from(matmul({ a, b: a }).data)).toEqual([7, 10, 15, 22]);
  });

  it('refuses mismatched inner dimensions, naming both shapes', () => {
    const a = matrix(3, 4);
    expect(() => matmul({ a, b: matrix(3, 4) })).toThrow(
      exactMessage('invalid argument: b: inner dimensions differ: op(a) is 3 × 4, op(b) is 3 × 4'),
    );
    expect(() => matmul({ a, b: matrix(3, 4), transA: true, transB: true })).toThrow(
      exactMessage('invalid argument: b: inner dimensions differ: op(a) is 4 × 3, op(b) is 4 × 3'),
    );
  });
});
