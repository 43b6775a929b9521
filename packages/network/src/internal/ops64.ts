/** float64 implementation of `Ops` on row-major matrices; products by linalg's gemm. */
import { gemm, type Matrix } from '@softmax-ntk/linalg';
import type { Ops } from './ops';

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
    const { rows, cols } = a;
    const z = a.data;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let mx = -Infinity;
      for (let j = 0; j < cols; j++) mx = Math.max(mx, z[o + j] as number);
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const e = Math.exp((z[o + j] as number) - mx);
        z[o + j] = e;
        s += e;
      }
      const inv = 1 / s;
      for (let j = 0; j < cols; j++) z[o + j] = (z[o + j] as number) * inv;
    }
    return a;
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
