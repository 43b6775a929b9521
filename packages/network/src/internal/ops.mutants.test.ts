/**
 * Tests written from the mutation run (bench/results/mutation): every operation of `Ops` in both implementations
 * (ops64 on Float64Arrays, ops32 on tfjs tensors) against values written out by hand, on non-square operands (a
 * swapped dimension changes the shape) and at the edges each one documents (softmax of logits ±1000, exp at and
 * above log(MAX_VALUE), the factor exp(c) over- and underflowing, the ReLU derivative at 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { initBackend, toRows, type Matrix } from '@softmax-ntk/linalg';
import { fromTensor, toTensor } from './network';
import type { Ops } from './ops';
import { ops32 } from './ops32';
import { ops64 } from './ops64';

beforeAll(async () => {
  await initBackend();
});

const mat = (rows: number[][]): Matrix => ({
  rows: rows.length,
  cols: rows[0]?.length ?? 0,
  data: Float64Array.from(rows.flat()),
});

const A = [
  [1, -2, 3],
  [0.5, 4, -1],
];
const B = [
  [2, 1],
  [-1, 0.25],
  [3, -2],
];
const A2 = [
  [3, 0.5, -2],
  [-1, 2, 0.5],
];
const COL = [[2], [-0.5]];
const LOG_MAX = Math.log(Number.MAX_VALUE);

/** Runs `f` on ops64 and ops32 (float64 matrices in and out; ops32 through tensors in a tidy). */
const impls: [string, <R>(f: <T>(ops: Ops<T>, m: (rows: number[][]) => T, out: (t: T) => Matrix) => R) => R][] = [
  ['ops64', (f) => f(ops64, mat, (t) => t)],
  [
    'ops32',
    <R>(f: <T>(ops: Ops<T>, m: (rows: number[][]) => T, out: (t: T) => Matrix) => R): R => {
      let r: R | undefined;
      tf.tidy(() => {
        r = f(ops32, (rows) => toTensor(mat(rows)), fromTensor);
      });
      return r as R;
    },
  ],
];

describe.each(impls)('%s against values by hand', (name, run) => {
  const tol = name === 'ops64' ? TOLERANCES.float64 : TOLERANCES.float32;
  const check = (got: Matrix, rows: number[][]) => {
    expect([got.rows, got.cols]).toEqual([rows.length, rows[0]?.length]);
    expect(toRows(got)).toBeAllClose(rows, tol);
  };

  it('matMul: (2 × 3)·(3 × 2), no transposes', () => {
    check(
      run((ops, m, out) => out(ops.matMul(m(A), m(B)))),
      [
        [13, -5.5],
        [-6, 3.5],
      ],
    );
  });
  it('mul, sub, scale: element-wise', () => {
    check(
      run((ops, m, out) => out(ops.mul(m(A), m(A2)))),
      [
        [3, -1, -6],
        [-0.5, 8, -0.5],
      ],
    );
    check(
      run((ops, m, out) => out(ops.sub(m(A), m(A2)))),
      [
        [-2, -2.5, 5],
        [1.5, 2, -1.5],
      ],
    );
    check(
      run((ops, m, out) => out(ops.scale(m(A), -3))),
      [
        [-3, 6, -9],
        [-1.5, -12, 3],
      ],
    );
  });
  it('subCol, mulCol, rowSum: per-row columns', () => {
    check(
      run((ops, m, out) => out(ops.subCol(m(A), m(COL)))),
      [
        [-1, -4, 1],
        [1, 4.5, -0.5],
      ],
    );
    check(
      run((ops, m, out) => out(ops.mulCol(m(A), m(COL)))),
      [
        [2, -4, 6],
        [-0.25, -2, 0.5],
      ],
    );
    check(
      run((ops, m, out) => out(ops.rowSum(m(A)))),
      [[2], [3.5]],
    );
  });
  it('mulSubCol: d ⊙ (a − c·1ᵀ)', () => {
    check(
      run((ops, m, out) => out(ops.mulSubCol(m(A2), m(A), m(COL)))),
      [
        [-3, -2, -2],
        [-1, 9, -0.25],
      ],
    );
  });
  it('softmaxRows: exp(z − max)/Σ, rows of logits near 0 and at ±1000 (no overflow)', () => {
    const e = [Math.exp(1), Math.exp(-2), Math.exp(3)];
    const s = e[0]! + e[1]! + e[2]!;
    check(
      run((ops, m, out) =>
        out(
          ops.softmaxRows(
            m([
              [1, -2, 3],
              [1000, 999, -1000],
            ]),
          ),
        ),
      ),
      [e.map((v) => v / s), [1 / (1 + Math.exp(-1)), Math.exp(-1) / (1 + Math.exp(-1)), 0]],
    );
  });
  it('exp, relu, step (1[z > 0], 0 at 0)', () => {
    const Z = [
      [0, -1.5, 2],
      [-0, 0.5, -3],
    ];
    check(
      run((ops, m, out) => out(ops.exp(m(Z)))),
      Z.map((r) => r.map(Math.exp)),
    );
    check(
      run((ops, m, out) => out(ops.relu(m(Z)))),
      [
        [0, 0, 2],
        [0, 0.5, 0],
      ],
    );
    check(
      run((ops, m, out) => out(ops.step(m(Z)))),
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
    );
  });
  it('expShifted: exp(a) itself, unshifted, when no logit overflows', () => {
    const r = run((ops, m, out) => {
      const { e, shift } = ops.expShifted(m(A));
      return { e: out(e), shift };
    });
    expect(r.shift).toBeUndefined();
    check(
      r.e,
      A.map((row) => row.map(Math.exp)),
    );
  });
  it('mulExpCol: a ⊙ exp(c·1ᵀ) with a representable factor, and a = 0', () => {
    check(
      run((ops, m, out) =>
        out(
          ops.mulExpCol(
            m([
              [1, -2, 0],
              [0.5, 0, -4],
            ]),
            m([[0.5], [-1]]),
          ),
        ),
      ),
      [
        [Math.exp(0.5), -2 * Math.exp(0.5), 0],
        [0.5 * Math.exp(-1), 0, -4 * Math.exp(-1)],
      ],
    );
  });
});

describe('ops64 beyond float32: the overflow forms', () => {
  it('expShifted: rows shifted by their maxima once a logit exceeds log(MAX_VALUE), not at it', () => {
    const at = ops64.expShifted(mat([[LOG_MAX, 0]]));
    expect(at.shift).toBeUndefined();
    expect(Array.from(at.e.data)).toEqual([Math.exp(LOG_MAX), 1]);
    const Z = [
      [710, 709, -1],
      [-3, 1, 2],
    ];
    const { e, shift } = ops64.expShifted(mat(Z));
    expect(Array.from(shift?.data ?? [])).toEqual([710, 2]);
    expect([shift?.rows, shift?.cols]).toEqual([2, 1]);
    expect(toRows(e)).toBeAllClose(
      [
        [1, Math.exp(-1), Math.exp(-711)],
        [Math.exp(-5), Math.exp(-1), 1],
      ],
      TOLERANCES.float64,
    );
    // the logits are not consumed
    expect(toRows(mat(Z))).toEqual(Z);
  });
  it('mulExpCol: sign(a)·exp(c + log|a|) where exp(c) over- or underflows, 0 for a = 0', () => {
    const got = ops64.mulExpCol(
      mat([
        [1e-300, -2e-300, 0],
        [1e300, -3e300, 0],
      ]),
      mat([[800], [-750]]),
    );
    // exp(800) = +∞ and exp(−750) = 0 in float64, but the products are finite
    expect(toRows(got)).toBeAllClose(
      [
        [Math.exp(800 - 300 * Math.LN10), -2 * Math.exp(800 - 300 * Math.LN10), 0],
        [Math.exp(300 * Math.LN10 - 750), -3 * Math.exp(300 * Math.LN10 - 750), 0],
      ],
      TOLERANCES.float64,
    );
  });
});
