/**
 * The structured float64 product v ↦ H·v of the softmax network's NTK Gram matrix (Definition 3.6 of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax", 2024), row by row, in AssemblyScript with 128-bit SIMD
 * (f64x2), compiled by scripts/build-wasm.mjs as its own module. src/fused/softmaxGramProduct.ts lays out the
 * memory and writes the formulas; here, with S = softmax(X Wᵀ) (n × m), P = S·aᵀ (n × d), V = v as d × n:
 *
 *   `pass1`: for each row i, b = S_i ⊙ (Σ_ℓ V_{ℓ,i}·a_ℓ − q_i), q_i = Σ_ℓ P_{i,ℓ}V_{ℓ,i}, and Uᵀ_k += x_{i,k}·b
 *            (Uᵀ: d_in × m, Uᵀ = (Bᵀ X)ᵀ accumulated row by row: B is never stored);
 *   `pass2`: for each row i, y = S_i ⊙ (Σ_k x_{i,k}·Uᵀ_k), z_i = Σ_r y_r, O_{ℓ,i} = ⟨a_ℓ, y⟩, and
 *            out_{ℓ,i} = m·(O_{ℓ,i} − P_{i,ℓ}·z_i).
 *
 * Every length-m loop is an axpy or a dot over rows that stay in cache (a and Uᵀ: d·m and d_in·m float64s, one row
 * of scratch), so a product reads S twice and nothing n × m is written. Nothing is validated here.
 */

import { hsum, rowDot as dot } from './vec';

/** y[r] += alpha·x[r] for r < m. */
@inline function axpy(y: usize, alpha: f64, x: usize, m: i32): void {
  const al = f64x2.splat(alpha);
  const mb = <usize>(m & ~1) << 3;
  for (let p: usize = 0; p < mb; p += 16) v128.store(y + p, f64x2.add(v128.load(y + p), f64x2.mul(al, v128.load(x + p))));
  if ((m & 1) != 0) store<f64>(y + mb, load<f64>(y + mb) + alpha * load<f64>(x + mb));
}

/** row[r] = 0 for r < m. */
@inline function zero(row: usize, m: i32): void {
  memory.fill(row, 0, <usize>m << 3);
}

/**
 * The first half, row by row: Uᵀ (d_in × m, at `ut`) += x_i ⊗ b_i with b_i = S_i ⊙ (Σ_ℓ v[ℓ·n + i]·a_ℓ − q_i).
 * `row`: m float64s of scratch. S: n × m, a: d × m, x: n × d_in, P: n × d, v: d × n (all row-major float64).
 */
export function pass1(s: usize, a: usize, x: usize, p: usize, v: usize, ut: usize, row: usize, n: i32, m: i32, d: i32, dIn: i32): void {
  const rowBytes = <usize>m << 3;
  for (let i = 0; i < n; i++) {
    zero(row, m);
    let q: f64 = 0;
    for (let l = 0; l < d; l++) {
      const vl = load<f64>(v + ((<usize>l * <usize>n + <usize>i) << 3));
      q += load<f64>(p + ((<usize>i * <usize>d + <usize>l) << 3)) * vl;
      axpy(row, vl, a + <usize>l * rowBytes, m);
    }
    // Form: b = S_i ⊙ (t − q·1), in place of t
    const si = s + <usize>i * rowBytes;
    const qv = f64x2.splat(q);
    const mb = <usize>(m & ~1) << 3;
    for (let r: usize = 0; r < mb; r += 16) v128.store(row + r, f64x2.mul(v128.load(si + r), f64x2.sub(v128.load(row + r), qv)));
    if ((m & 1) != 0) store<f64>(row + mb, load<f64>(si + mb) * (load<f64>(row + mb) - q));
    for (let k = 0; k < dIn; k++) axpy(ut + <usize>k * rowBytes, load<f64>(x + ((<usize>i * <usize>dIn + <usize>k) << 3)), row, m);
  }
}

/**
 * The second half, row by row: out[ℓ·n + i] = mScale·(⟨a_ℓ, y_i⟩ − P_{i,ℓ}·Σ_r y_{i,r}) with
 * y_i = S_i ⊙ (Σ_k x_{i,k}·Uᵀ_k). Layout as `pass1`; out: d × n.
 */
export function pass2(s: usize, a: usize, x: usize, p: usize, ut: usize, row: usize, out: usize, n: i32, m: i32, d: i32, dIn: i32, mScale: f64): void {
  const rowBytes = <usize>m << 3;
  for (let i = 0; i < n; i++) {
    zero(row, m);
    for (let k = 0; k < dIn; k++) axpy(row, load<f64>(x + ((<usize>i * <usize>dIn + <usize>k) << 3)), ut + <usize>k * rowBytes, m);
    // Form: y = S_i ⊙ u, in place of u, and z = Σ y
    const si = s + <usize>i * rowBytes;
    const mb = <usize>(m & ~1) << 3;
    let zs = f64x2.splat(0);
    for (let r: usize = 0; r < mb; r += 16) {
      const y = f64x2.mul(v128.load(si + r), v128.load(row + r));
      v128.store(row + r, y);
      zs = f64x2.add(zs, y);
    }
    let z = hsum(zs);
    if ((m & 1) != 0) {
      const y = load<f64>(si + mb) * load<f64>(row + mb);
      store<f64>(row + mb, y);
      z += y;
    }
    for (let l = 0; l < d; l++) {
      const o = dot(a + <usize>l * rowBytes, row, m);
      store<f64>(out + ((<usize>l * <usize>n + <usize>i) << 3), mScale * (o - load<f64>(p + ((<usize>i * <usize>d + <usize>l) << 3)) * z));
    }
  }
}
