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
 * m is even here (the caller pads S with a zero column when it is odd), and a and Uᵀ are held in pairs of columns:
 * entry (ℓ, r) at float64 index (r >> 1)·2d + 2ℓ + (r & 1), so the d (or d_in) pairs one f64x2 step of r needs
 * are contiguous. Both passes run over r in such steps with the row's partial results in registers: `pass1` takes
 * two rows i at a time, so each step's a and Uᵀ are loaded once for both (t = Σ_ℓ V_{ℓ,i}·a_ℓ and b never stored,
 * Uᵀ read and written once per two rows); `pass2` forms y in one row of scratch, then the d dots ⟨a_ℓ, y⟩ four ℓ at
 * a time. With rows of a and Uᵀ 8·m bytes apart instead, the 16 rows one step touches fell into the same L1 sets
 * and the fused passes ran 1.5× slower than separate axpys. a, Uᵀ and the scratch (d·m, d_in·m and m float64s) stay
 * in cache, so a product reads S twice and writes nothing n × m. Nothing is validated here.
 */

import { hsum } from './vec';

/**
 * The first half: Uᵀ (d_in × m in pairs of columns, at `ut`; accumulated, the caller zeroes it) += Σ_i x_i ⊗ b_i with
 * b_i = S_i ⊙ (Σ_ℓ v[ℓ·n + i]·a_ℓ − q_i), q_i = Σ_ℓ P_{i,ℓ}·v[ℓ·n + i]. S: n × m, x: n × d_in, P: n × d, v: d × n
 * (row-major float64), a: d × m in pairs of columns. Rows in pairs (i, i + 1), an odd last row alone.
 */
export function pass1(s: usize, a: usize, x: usize, p: usize, v: usize, ut: usize, n: i32, m: i32, d: i32, dIn: i32): void {
  const rowBytes = <usize>m << 3;
  const aStep = <usize>d << 4;
  const uStep = <usize>dIn << 4;
  const vStride = <usize>n << 3;
  for (let i = 0; i < n; i += 2) {
    const two = i + 1 < n;
    const v0 = v + (<usize>i << 3);
    const v1 = two ? v0 + 8 : v0;
    let q0: f64 = 0,
      q1: f64 = 0;
    const p0 = p + ((<usize>i * <usize>d) << 3);
    const p1 = two ? p0 + (<usize>d << 3) : p0;
    for (let l = 0; l < d; l++) {
      q0 += load<f64>(p0 + (<usize>l << 3)) * load<f64>(v0 + <usize>l * vStride);
      q1 += load<f64>(p1 + (<usize>l << 3)) * load<f64>(v1 + <usize>l * vStride);
    }
    const s0 = s + <usize>i * rowBytes;
    const s1 = two ? s0 + rowBytes : s0;
    const x0 = x + ((<usize>i * <usize>dIn) << 3);
    const x1 = two ? x0 + (<usize>dIn << 3) : x0;
    const qv0 = f64x2.splat(q0),
      qv1 = f64x2.splat(q1);
    // (an odd last row runs as a pair with itself, its second b zero)
    const keep = two ? f64x2.splat(1) : f64x2.splat(0);
    let ab = a,
      ub = ut;
    for (let r: usize = 0; r < rowBytes; r += 16) {
      let t0 = f64x2.splat(0),
        t1 = f64x2.splat(0);
      for (let l = 0; l < d; l++) {
        const al = v128.load(ab + (<usize>l << 4));
        const vl = <usize>l * vStride;
        t0 = f64x2.add(t0, f64x2.mul(al, v128.load64_splat(v0 + vl)));
        t1 = f64x2.add(t1, f64x2.mul(al, v128.load64_splat(v1 + vl)));
      }
      const b0 = f64x2.mul(v128.load(s0 + r), f64x2.sub(t0, qv0));
      const b1 = f64x2.mul(keep, f64x2.mul(v128.load(s1 + r), f64x2.sub(t1, qv1)));
      for (let k = 0; k < dIn; k++) {
        const uk = ub + (<usize>k << 4);
        const xk = <usize>k << 3;
        v128.store(uk, f64x2.add(v128.load(uk), f64x2.add(f64x2.mul(v128.load64_splat(x0 + xk), b0), f64x2.mul(v128.load64_splat(x1 + xk), b1))));
      }
      ab += aStep;
      ub += uStep;
    }
  }
}

/**
 * The second half: out[ℓ·n + i] = mScale·(⟨a_ℓ, y_i⟩ − P_{i,ℓ}·Σ_r y_{i,r}) with y_i = S_i ⊙ (Σ_k x_{i,k}·Uᵀ_k),
 * y_i formed in `row` (m float64s of scratch), then the dots four ℓ at a time. Layout as `pass1`; out: d × n.
 */
export function pass2(s: usize, a: usize, x: usize, p: usize, ut: usize, row: usize, out: usize, n: i32, m: i32, d: i32, dIn: i32, mScale: f64): void {
  const rowBytes = <usize>m << 3;
  const aStep = <usize>d << 4;
  const uStep = <usize>dIn << 4;
  const nb = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const si = s + <usize>i * rowBytes;
    const xi = x + ((<usize>i * <usize>dIn) << 3);
    // Form: y = S_i ⊙ (Σ_k x_{i,k}·Uᵀ_k) into row, and z = Σ y
    let zs = f64x2.splat(0);
    let ub = ut;
    for (let r: usize = 0; r < rowBytes; r += 16) {
      let u = f64x2.splat(0);
      for (let k = 0; k < dIn; k++) u = f64x2.add(u, f64x2.mul(v128.load64_splat(xi + (<usize>k << 3)), v128.load(ub + (<usize>k << 4))));
      const y = f64x2.mul(v128.load(si + r), u);
      v128.store(row + r, y);
      zs = f64x2.add(zs, y);
      ub += uStep;
    }
    const z = hsum(zs);
    const pi = p + ((<usize>i * <usize>d) << 3);
    for (let l = 0; l < d; l += 4) {
      // (past d the group's last dots read pairs of other ℓ, or of the next step, and are not stored)
      let o0 = f64x2.splat(0),
        o1 = f64x2.splat(0),
        o2 = f64x2.splat(0),
        o3 = f64x2.splat(0);
      let ab = a + (<usize>l << 4);
      for (let r: usize = 0; r < rowBytes; r += 16) {
        const y = v128.load(row + r);
        o0 = f64x2.add(o0, f64x2.mul(v128.load(ab), y));
        o1 = f64x2.add(o1, f64x2.mul(v128.load(ab, 16), y));
        o2 = f64x2.add(o2, f64x2.mul(v128.load(ab, 32), y));
        o3 = f64x2.add(o3, f64x2.mul(v128.load(ab, 48), y));
        ab += aStep;
      }
      const o = out + ((<usize>l * <usize>n + <usize>i) << 3);
      const pl = pi + (<usize>l << 3);
      store<f64>(o, mScale * (hsum(o0) - load<f64>(pl) * z));
      if (l + 1 < d) store<f64>(o + nb, mScale * (hsum(o1) - load<f64>(pl, 8) * z));
      if (l + 2 < d) store<f64>(o + 2 * nb, mScale * (hsum(o2) - load<f64>(pl, 16) * z));
      if (l + 3 < d) store<f64>(o + 3 * nb, mScale * (hsum(o3) - load<f64>(pl, 24) * z));
    }
  }
}
