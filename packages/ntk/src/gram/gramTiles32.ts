/**
 * float32 H(W) of Definition 3.6 (Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax", 2024) for the softmax network, computing only the
 * lower block triangle of c·cᵀ on the tfjs backend.
 *
 * With c_ℓ = m·S ⊙ (1·a_ℓᵀ − P_{:,ℓ}·1ᵀ) (n × m, the rows ℓ·n + i of the
 * Jacobian coefficients) the kernel splits into d_out × d_out tiles
 *
 *     H_{ℓ1,ℓ2} = (1/m)·(c_ℓ1 · c_ℓ2ᵀ) ⊙ (X Xᵀ),   H_{ℓ2,ℓ1} = H_{ℓ1,ℓ2}ᵀ,
 *
 * so d_out(d_out + 1)/2 of the d_out² tile products are formed (for d_out = 8:
 * 36 of 64, 56 % of the flops). Both operands of every product are built
 * directly in the orientation tfjs-wasm's flag-free matMul wants — c_ℓ from S
 * (n × m), c_ℓᵀ from Sᵀ (m × n, one transpose of S instead of one of c) — so
 * no product runs on the transposed slow path and c is never transposed.
 * Below the public edge: nothing is validated here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matmul, transpose, type Matrix } from '@softmax-ntk/linalg';

const f32 = (m: Matrix) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32');

export function gramSoftmaxTiles32(w: Matrix, a: Matrix, x: Matrix): Matrix {
  const n = x.rows;
  const m = w.rows;
  const d = a.rows;
  const nd = n * d;
  const out = new Float64Array(nd * nd);
  const G = matmul({ a: x, b: x, transB: true }).data; // X Xᵀ, n × n, float64
  // The m² of c·cᵀ and the 1/κ = 1/m of Definition 3.6, applied in float64 to each entry.
  const s = m;
  const [S, ST, P, PT] = tf.tidy(() => {
    const Sx = tf.softmax(tf.matMul(f32(x), f32(transpose(w)))); // n × m
    const Px = tf.matMul(Sx, f32(transpose(a))); // n × d
    return [Sx, tf.transpose(Sx), Px, tf.transpose(Px)];
  });
  const rows: tf.Tensor2D[] = [];
  try {
    // c_ℓ / m = S ⊙ (1·a_ℓᵀ − P_{:,ℓ}·1ᵀ), n × m
    for (let l = 0; l < d; l++) {
      rows.push(tf.tidy(() => tf.mul(S as tf.Tensor2D, tf.sub(rowOf(a, l, m), tf.slice(P as tf.Tensor2D, [0, l], [n, 1])))));
    }
    for (let l2 = 0; l2 < d; l2++) {
      // c_ℓ2ᵀ / m = Sᵀ ⊙ (a_ℓ2·1ᵀ − 1·P_{:,ℓ2}ᵀ), m × n
      const colT = tf.tidy(() => tf.mul(ST as tf.Tensor2D, tf.sub(tf.reshape(rowOf(a, l2, m), [m, 1]), tf.slice(PT as tf.Tensor2D, [l2, 0], [1, n]))));
      try {
        for (let l1 = l2; l1 < d; l1++) {
          const tile = tf.matMul(rows[l1] as tf.Tensor2D, colT);
          const t = tile.dataSync() as Float32Array;
          tile.dispose();
          // Form: H[(ℓ1,i),(ℓ2,j)] = H[(ℓ2,j),(ℓ1,i)] = s·tile[i,j]·⟨x_i, x_j⟩ (diagonal tiles: j ≤ i, mirrored, so H is exactly symmetric)
          for (let i = 0; i < n; i++) {
            const ro = (l1 * n + i) * nd + l2 * n;
            const ti = i * n;
            const jEnd = l1 === l2 ? i + 1 : n;
            for (let j = 0; j < jEnd; j++) {
              const v = s * (t[ti + j] as number) * (G[ti + j] as number);
              out[ro + j] = v;
              out[(l2 * n + j) * nd + l1 * n + i] = v;
            }
          }
        }
      } finally {
        colT.dispose();
      }
    }
  } finally {
    tf.dispose([S, ST, P, PT, ...rows]);
  }
  return { rows: nd, cols: nd, data: out };
}

function rowOf(a: Matrix, l: number, m: number): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(a.data.subarray(l * m, (l + 1) * m)), [1, m], 'float32');
}
