import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { crossGram } from './crossGram';
import { gram } from './gram';

beforeAll(async () => {
  await initBackend();
});

function symmetricEigenMin(H: { rows: number; data: Float64Array }): number {
  // Smallest eigenvalue by Jacobi rotations: an independent dense solver for small test matrices.
  const n = H.rows;
  const A = Array.from({ length: n }, (_, i) => Array.from(H.data.subarray(i * n, (i + 1) * n)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = A[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q]![q]! - A[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k]![p]!;
          const akq = A[k]![q]!;
          A[k]![p] = c * akp - s * akq;
          A[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p]![k]!;
          const aqk = A[q]![k]!;
          A[p]![k] = c * apk - s * aqk;
          A[q]![k] = s * apk + c * aqk;
        }
      }
  }
  return Math.min(...A.map((r, i) => r[i]!));
}

describe('Definition 3.6: the Gram matrix H(W)', () => {
  const cases = [
    { n: 5, dIn: 3, dOut: 3, m: 16, seed: 1 },
    { n: 4, dIn: 2, dOut: 3, m: 10, seed: 2 }, // d_in ≠ d_out (footnote 1)
    { n: 6, dIn: 4, dOut: 1, m: 20, seed: 3 }, // Corollary 4.3's scalar output
  ];
  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    it.each(cases)(`${activation}: equals the literal quadruple sum (n=$n, d_in=$dIn, d_out=$dOut, m=$m)`, (c) => {
      const net = makeNet({ ...c, symmetric: false });
      const H = gram({ ...net, activation });
      expect(H.rows).toBe(c.n * c.dOut);
      expect(H.data).toBeAllClose(
        reference.crossGram({ w: net.w, a: net.a, x1: net.x, x2: net.x, activation }).data,
        TOLERANCES.float64,
      );
    });
  }

  it('is symmetric and positive semidefinite', () => {
    const net = makeNet({ n: 8, dIn: 4, dOut: 2, m: 64, sigma: 2 });
    const H = gram(net);
    const n = H.rows;
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(H.data[i * n + j]).toBe(H.data[j * n + i]);
    expect(symmetricEigenMin(H)).toBeGreaterThan(-1e-12 * Math.max(...H.data));
  });

  it('equals J Jᵀ / m with J from tfjs autodiff (float32)', () => {
    const net = makeNet({ n: 3, dIn: 2, dOut: 2, m: 8, seed: 5 });
    const { n, d, m } = { n: 3, d: 2, m: 8 };
    const X = tf.tensor2d(Float32Array.from(net.x.data), [n, 2]);
    const aT = tf.tensor2d(Float32Array.from(net.a.data), [d, m]);
    const rows: Float32Array[] = [];
    for (let l = 0; l < d; l++)
      for (let i = 0; i < n; i++) {
        const g = tf.grad((W: tf.Tensor) => {
          const S = tf.softmax(tf.matMul(X, tf.transpose(W)));
          return tf.mul(tf.sum(tf.mul(tf.slice(S, [i, 0], [1, m]), tf.slice(aT, [l, 0], [1, m]))), m);
        })(tf.tensor2d(Float32Array.from(net.w.data), [m, 2]));
        rows.push(g.dataSync() as Float32Array);
      }
    const JJt: number[][] = rows.map((ri) =>
      rows.map((rj) => ri.reduce((s, v, k) => s + v * (rj[k] as number), 0) / m),
    );
    // float32 autodiff: entries carry ~1e-7 relative rounding per op over m·d_in terms
    expect(gram(net).data).toBeAllClose(JJt, TOLERANCES.float32);
  });

  it('float32 on the tfjs backend agrees with float64 to 1e-4 relative', () => {
    const net = makeNet({ n: 16, dIn: 4, dOut: 4, m: 256, seed: 7 });
    expect(gram({ ...net, precision: 'float32' }).data).toBeAllClose(gram(net).data, TOLERANCES.float32);
  });

  it('float32 (lower block triangle, tile by tile): exactly symmetric, d_out = 1 and 3 agree with float64, no tensor left behind', () => {
    for (const c of [
      { n: 9, dIn: 3, dOut: 3, m: 64, seed: 11 },
      { n: 7, dIn: 2, dOut: 1, m: 32, seed: 12 },
    ]) {
      const net = makeNet(c);
      const before = tf.memory().numTensors;
      const H = gram({ ...net, precision: 'float32' });
      expect(tf.memory().numTensors).toBe(before);
      const N = H.rows;
      for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) expect(H.data[i * N + j]).toBe(H.data[j * N + i]);
      expect(H.data).toBeAllClose(gram(net).data, TOLERANCES.float32);
    }
  });

  it('float32 rejects non-finite weights, naming the entry', () => {
    const net = makeNet({ n: 3, dIn: 2, dOut: 2, m: 4 });
    const w = { ...net.w, data: net.w.data.slice() };
    w.data[3] = NaN;
    expect(() => gram({ ...net, w, precision: 'float32' })).toThrow(
      'invalid argument: w[1][1]: expected a finite number, got NaN',
    );
  });

  it('crossGram(x, x) = H and crossGram matches the literal sum off the training set', () => {
    const net = makeNet({ n: 5, dIn: 3, dOut: 2, m: 12, seed: 4 });
    expect(crossGram({ ...net, xTest: net.x }).data).toBeAllClose(gram(net).data, TOLERANCES.float64);
    const te = makeNet({ n: 3, dIn: 3, dOut: 2, m: 12, seed: 9 }).x;
    const K = crossGram({ ...net, xTest: te });
    expect([K.rows, K.cols]).toEqual([6, 10]);
    expect(K.data).toBeAllClose(
      reference.crossGram({ w: net.w, a: net.a, x1: te, x2: net.x }).data,
      TOLERANCES.float64,
    );
  });

  it('rejects mismatched shapes, naming the argument', () => {
    const net = makeNet({ n: 3, dIn: 3, dOut: 2, m: 4 });
    expect(() => gram({ ...net, x: { rows: 3, cols: 2, data: new Float64Array(6) } })).toThrow(
      'invalid argument: x: expected d_in = 3 columns (like `w`), got 2',
    );
    expect(() => gram({ ...net, precision: 'float16' as never })).toThrow(
      'invalid argument: precision: expected one of "float32", "float64", got "float16"',
    );
  });
});
