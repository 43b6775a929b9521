/** float64 implementation of `Ops` on row-major matrices; products by linalg's gemm. */
import { gemm, rowSoftmax, type Matrix } from '@softmax-ntk/linalg';
import type { Ops } from './ops';

/** log of the largest float64, ≈ 709.78: exp of anything above it is +∞. */
const LOG_MAX = Math.log(Number.MAX_VALUE);

function like(a: Matrix): Matrix {
  return { rows: a.rows, cols: a.cols, data: new Float64Array(a.rows * a.cols) };
}

export const ops64: Ops<Matrix> = {
  matMul(a, b) {
    const c: Matrix = { rows: a.rows, cols: b.cols, data: new Float64Array(a.rows * b.cols) };
    // Form: C = A·B
    gemm(
      'no-transpose',
      'no-transpose',
      a.rows,
      b.cols,
      a.cols,
      1,
      a.data,
      a.cols,
      1,
      0,
      b.data,
      b.cols,
      1,
      0,
      0,
      c.data,
      c.cols,
      1,
      0,
    );
    return c;
  },
  mul(a, b) {
    const c = like(a);
    const x = a.data,
      y = b.data,
      z = c.data;
    for (let k = 0; k < z.length; k++) z[k] = (x[k] as number) * (y[k] as number);
    return c;
  },
  sub(a, b) {
    const c = like(a);
    const x = a.data,
      y = b.data,
      z = c.data;
    for (let k = 0; k < z.length; k++) z[k] = (x[k] as number) - (y[k] as number);
    return c;
  },
  scale(a, s) {
    const c = like(a);
    const x = a.data,
      z = c.data;
    for (let k = 0; k < z.length; k++) z[k] = s * (x[k] as number);
    return c;
  },
  subCol(a, col) {
    const c = like(a);
    const { rows, cols } = a;
    const x = a.data,
      z = c.data,
      v = col.data;
    for (let i = 0; i < rows; i++) {
      const vi = v[i] as number;
      const o = i * cols;
      for (let j = 0; j < cols; j++) z[o + j] = (x[o + j] as number) - vi;
    }
    return c;
  },
  mulCol(a, col) {
    const c = like(a);
    const { rows, cols } = a;
    const x = a.data,
      z = c.data,
      v = col.data;
    for (let i = 0; i < rows; i++) {
      const vi = v[i] as number;
      const o = i * cols;
      for (let j = 0; j < cols; j++) z[o + j] = (x[o + j] as number) * vi;
    }
    return c;
  },
  rowSum(a) {
    const { rows, cols } = a;
    const out: Matrix = { rows, cols: 1, data: new Float64Array(rows) };
    const x = a.data;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      const o = i * cols;
      for (let j = 0; j < cols; j++) s += x[o + j] as number;
      out.data[i] = s;
    }
    return out;
  },
  softmaxRows(a) {
    // In place: the logits are not needed afterwards (see Ops.softmaxRows).
    return rowSoftmax({ z: a });
  },
  mulSubCol(d, a, col) {
    const { rows, cols } = a;
    const x = a.data,
      dd = d.data,
      v = col.data;
    for (let i = 0; i < rows; i++) {
      const vi = v[i] as number;
      const o = i * cols;
      for (let j = 0; j < cols; j++) x[o + j] = (dd[o + j] as number) * ((x[o + j] as number) - vi);
    }
    return a;
  },
  exp(a) {
    const c = like(a);
    const x = a.data,
      z = c.data;
    for (let k = 0; k < z.length; k++) z[k] = Math.exp(x[k] as number);
    return c;
  },
  expShifted(a) {
    const { rows, cols } = a;
    const x = a.data;
    const mx = new Float64Array(rows);
    let overflow = false;
    for (let i = 0; i < rows; i++) {
      let v = -Infinity;
      const o = i * cols;
      for (let j = 0; j < cols; j++) v = Math.max(v, x[o + j] as number);
      mx[i] = v;
      if (v > LOG_MAX) overflow = true;
    }
    // Form: exp(a) itself when no entry overflows (the result is then bit-for-bit the unshifted one).
    if (!overflow) return { e: ops64.exp(a), shift: undefined };
    // Form: exp(a − s·1ᵀ) with s_i = max_j a_ij; exp(a) = e ⊙ exp(s·1ᵀ).
    const shift: Matrix = { rows, cols: 1, data: mx };
    return { e: ops64.exp(ops64.subCol(a, shift)), shift };
  },
  mulExpCol(a, col) {
    const c = like(a);
    const { rows, cols } = a;
    const x = a.data,
      z = c.data,
      v = col.data;
    for (let i = 0; i < rows; i++) {
      const ci = v[i] as number;
      const f = Math.exp(ci);
      const o = i * cols;
      if (f > 0 && f < Infinity) {
        // Form: a_ij·exp(c_i), the factor representable.
        for (let j = 0; j < cols; j++) z[o + j] = (x[o + j] as number) * f;
      } else {
        // Form: sign(a_ij)·exp(c_i + log|a_ij|): the factor over- or underflows, the product may not.
        for (let j = 0; j < cols; j++) {
          const xj = x[o + j] as number;
          z[o + j] = xj === 0 ? 0 : Math.sign(xj) * Math.exp(ci + Math.log(Math.abs(xj)));
        }
      }
    }
    return c;
  },
  relu(a) {
    const c = like(a);
    const x = a.data,
      z = c.data;
    for (let k = 0; k < z.length; k++) z[k] = Math.max(x[k] as number, 0);
    return c;
  },
  step(a) {
    const c = like(a);
    const x = a.data,
      z = c.data;
    for (let k = 0; k < z.length; k++) z[k] = (x[k] as number) > 0 ? 1 : 0;
    return c;
  },
};
