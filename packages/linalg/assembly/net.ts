/**
 * The float64 gradient-descent step of the two-layer softmax network of
 * Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024):
 * Definition 3.1 (F = m·⟨a_ℓ, S_i⟩, S_i = softmax(W·x_i)) and the closed-form
 * gradient of Claim 3.4, fused row by row so that no n × m array is formed,
 * in AssemblyScript with 128-bit SIMD (compiled by scripts/build-wasm.mjs
 * into src/wasm/kernels.generated.ts as a fourth module).
 *
 * Also the float64 Gram rows kernel (`gramRows`, the bands of Definition 3.6's
 * c·cᵀ that src/blas/syrkRows.ts drives): this module had the room.
 *
 * Nothing is validated: src/fused/softmaxGradient64.ts and src/blas/syrkRows.ts
 * lay out the memory.
 */

const LOG2E: f64 = 1.4426950408889634;
/** ln 2 split so that k·LN2_HI is exact for |k| < 2¹⁰ (fdlibm's constants). */
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;

/**
 * e^x on both lanes for x ≤ 0 (the softmax's shifted logits), to ~2 ulp:
 * x = k·ln 2 + r with |r| ≤ ln2/2, e^r by its Taylor polynomial of degree 13
 * (truncation (ln2/2)¹⁴/14! ≈ 4e-18 relative, below an ulp), times 2^k built
 * in the exponent bits (the polynomial by Estrin's scheme). x below −708 is clamped there (e^x < 3e-308 is then
 * returned as 2.2e-308: invisible next to the row's largest term, 1).
 */
@inline function exp2x(x: v128): v128 {
  x = f64x2.max(x, f64x2.splat(-708));
  const k = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  // Form: p = Σ_{i≤13} rⁱ/i! by Estrin's scheme (pairs, then r², r⁴, r⁸): a dependency chain of 4 multiply-adds
  // instead of Horner's 13, so the exp loop runs at the arithmetic's throughput rather than its latency
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const q0 = f64x2.add(f64x2.splat(1.0), r);
  const q1 = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, f64x2.splat(1.0 / 6.0)));
  const q2 = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, f64x2.splat(1.0 / 120.0)));
  const q3 = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(r, f64x2.splat(1.0 / 5040.0)));
  const q4 = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(r, f64x2.splat(1.0 / 362880.0)));
  const q5 = f64x2.add(f64x2.splat(1.0 / 3628800.0), f64x2.mul(r, f64x2.splat(1.0 / 39916800.0)));
  const q6 = f64x2.add(f64x2.splat(1.0 / 479001600.0), f64x2.mul(r, f64x2.splat(1.0 / 6227020800.0)));
  const s0 = f64x2.add(q0, f64x2.mul(q1, r2));
  const s1 = f64x2.add(q2, f64x2.mul(q3, r2));
  const s2 = f64x2.add(q4, f64x2.mul(q5, r2));
  const t0 = f64x2.add(s0, f64x2.mul(s1, r4));
  const t1 = f64x2.add(s2, f64x2.mul(q6, r4));
  const p = f64x2.add(t0, f64x2.mul(t1, f64x2.mul(r4, r4)));
  // 2^k: (k + 1023) << 52 as the bits of a float64 (k ∈ [−1022, 0])
  const ki = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  const scale = i64x2.shl(i64x2.add(ki, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

/**
 * For the n rows x_i of X (n × d, row-major), weights Wᵀ (d × m8), output
 * weights a (dOut × m8) and labels Y (n × dOut), with m8 = m rounded up to a
 * multiple of 8, the padding columns of Wᵀ and a zero and `pad` (m8 float64s)
 * the logits' starting values: 0, and −∞ in the padding columns (their S is
 * then e^−708 ≈ 0):
 *
 *   z = Wᵀᵀ·x_i (+ pad), S = softmax(z), P_ℓ = ⟨a_ℓ, S⟩, F_iℓ = c·P_ℓ,
 *   e_ℓ = F_iℓ − Y_iℓ, and with v = c·e (Claim 3.4)
 *   C_r = c·S_r·(Σ_ℓ e_ℓ·a_ℓr − Σ_ℓ e_ℓ·P_ℓ),   G += x_i ⊗ C   (G = ΔWᵀ, d × m8),
 *
 * F into f (n × dOut). Returns L = ½‖F − Y‖². Scratch: s (m8 float64s) for
 * the unnormalised exp(z − max z), and dOut float64s at `ev` for e. Four
 * passes over m per row, 8 columns (4 vectors) at a time so that each
 * broadcast x_ik or e_ℓ feeds four vector multiply-adds; Wᵀ, a, G and s stay
 * in L2 at d = dOut = 8, m = 4096.
 */
export function softmaxStep(x: usize, n: i32, d: i32, wt: usize, a: usize, m8: i32, dOut: i32, y: usize, c: f64, pad: usize, g: usize, f: usize, s: usize, ev: usize): f64 {
  const end = <usize>m8 << 3;
  const row = end;
  const dEnd = <usize>d * row;
  const aEnd = <usize>dOut * row;
  memory.fill(g, 0, dEnd);
  let loss: f64 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>(i * d) * 8;
    // Form: z = W·x_i + pad (into s), and max z
    let mx = f64x2.splat(-Infinity);
    for (let p: usize = 0; p < end; p += 64) {
      let z0 = v128.load(pad + p), z1 = v128.load(pad + p + 16), z2 = v128.load(pad + p + 32), z3 = v128.load(pad + p + 48);
      for (let q: usize = 0, k: usize = 0; q < dEnd; q += row, k += 8) {
        const xs = v128.load64_splat(xi + k);
        const w = wt + q + p;
        z0 = f64x2.add(z0, f64x2.mul(xs, v128.load(w)));
        z1 = f64x2.add(z1, f64x2.mul(xs, v128.load(w + 16)));
        z2 = f64x2.add(z2, f64x2.mul(xs, v128.load(w + 32)));
        z3 = f64x2.add(z3, f64x2.mul(xs, v128.load(w + 48)));
      }
      v128.store(s + p, z0); v128.store(s + p + 16, z1); v128.store(s + p + 32, z2); v128.store(s + p + 48, z3);
      mx = f64x2.max(mx, f64x2.max(f64x2.max(z0, z1), f64x2.max(z2, z3)));
    }
    // Form: s = exp(z − max z), Σ s
    const zmax = f64x2.splat(max(f64x2.extract_lane(mx, 0), f64x2.extract_lane(mx, 1)));
    let sum = f64x2.splat(0);
    for (let p: usize = 0; p < end; p += 16) {
      const e = exp2x(f64x2.sub(v128.load(s + p), zmax));
      v128.store(s + p, e);
      sum = f64x2.add(sum, e);
    }
    const inv = 1 / (f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1));
    // Form: P_ℓ = ⟨a_ℓ, S⟩, F = c·P, e = F − Y, ρ = Σ_ℓ e_ℓ·P_ℓ
    let rho: f64 = 0;
    for (let l = 0; l < dOut; l++) {
      const al = a + <usize>l * row;
      let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
      for (let p: usize = 0; p < end; p += 32) {
        acc0 = f64x2.add(acc0, f64x2.mul(v128.load(al + p), v128.load(s + p)));
        acc1 = f64x2.add(acc1, f64x2.mul(v128.load(al + p + 16), v128.load(s + p + 16)));
      }
      acc0 = f64x2.add(acc0, acc1);
      const P = (f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1)) * inv;
      const F = c * P;
      const at = <usize>(i * dOut + l) << 3;
      store<f64>(f + at, F);
      const e = F - load<f64>(y + at);
      store<f64>(ev + (<usize>l << 3), e);
      loss += 0.5 * e * e;
      rho += e * P;
    }
    // Form: C = c·S ⊙ (Σ_ℓ e_ℓ·a_ℓ − ρ), G += x_i ⊗ C
    const nr = f64x2.splat(-rho);
    const vs = f64x2.splat(c * inv);
    for (let p: usize = 0; p < end; p += 64) {
      let u0 = nr, u1 = nr, u2 = nr, u3 = nr;
      for (let q: usize = 0, l: usize = 0; q < aEnd; q += row, l += 8) {
        const es = v128.load64_splat(ev + l);
        const al = a + q + p;
        u0 = f64x2.add(u0, f64x2.mul(es, v128.load(al)));
        u1 = f64x2.add(u1, f64x2.mul(es, v128.load(al + 16)));
        u2 = f64x2.add(u2, f64x2.mul(es, v128.load(al + 32)));
        u3 = f64x2.add(u3, f64x2.mul(es, v128.load(al + 48)));
      }
      const c0 = f64x2.mul(f64x2.mul(vs, v128.load(s + p)), u0);
      const c1 = f64x2.mul(f64x2.mul(vs, v128.load(s + p + 16)), u1);
      const c2 = f64x2.mul(f64x2.mul(vs, v128.load(s + p + 32)), u2);
      const c3 = f64x2.mul(f64x2.mul(vs, v128.load(s + p + 48)), u3);
      for (let q: usize = 0, k: usize = 0; q < dEnd; q += row, k += 8) {
        const xs = v128.load64_splat(xi + k);
        const gp = g + q + p;
        v128.store(gp, f64x2.add(v128.load(gp), f64x2.mul(xs, c0)));
        v128.store(gp + 16, f64x2.add(v128.load(gp + 16), f64x2.mul(xs, c1)));
        v128.store(gp + 32, f64x2.add(v128.load(gp + 32), f64x2.mul(xs, c2)));
        v128.store(gp + 48, f64x2.add(v128.load(gp + 48), f64x2.mul(xs, c3)));
      }
    }
  }
  return loss;
}

@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Σ_{p<k} x[p]·y[p] in gramRows' order: even and odd p in two lanes, the lanes summed, then an odd last term. */
@inline function rowDot(x: usize, y: usize, k: i32): f64 {
  const kb = <usize>(k & ~1) << 3;
  let s = f64x2.splat(0);
  for (let p: usize = 0; p < kb; p += 16) s = f64x2.add(s, f64x2.mul(v128.load(x + p), v128.load(y + p)));
  let t = hsum(s);
  if ((k & 1) != 0) t += load<f64>(x + kb) * load<f64>(y + kb);
  return t;
}

/**
 * Rows of the lower triangle of the Gram product A·Aᵀ (Definition 3.6's c·cᵀ):
 * for i0 ≤ i < i1 and j0 ≤ j < min(j1, i + 1),
 * C[(i − i0)·ldc + j] += Σ_{p<k} A[i·lda + p]·A[j·lda + p].
 *
 * Both operands are rows of the same row-major panel, contiguous in p, so no
 * transposed copy is made: 4 × 2 register tiles of dot products (8 f64x2
 * accumulators; each 4 + 2 loads feed 8 multiplies and 8 adds), C's rows in
 * blocks of 4, columns in pairs; the caller keeps [j0, j1) × k within L2 and
 * sweeps i past it. Tiles straddling the diagonal compute their upper
 * entries but never store them. Every entry is summed in the same order
 * (even and odd p in the two lanes, then the lanes), whatever i0, j0, j1.
 */
export function gramRows(c: usize, ldc: i32, a: usize, lda: i32, i0: i32, i1: i32, j0: i32, j1: i32, k: i32): void {
  const kEven = k & ~1;
  const kb = <usize>kEven << 3;
  const rowA = <usize>lda << 3;
  const rowC = <usize>ldc << 3;
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    const c0 = c + <usize>(i - i0) * rowC;
    const c1 = c0 + rowC;
    const c2 = c1 + rowC;
    const c3 = c2 + rowC;
    const jEnd = min(j1, i + 4);
    let j = j0;
    for (; j + 2 <= jEnd; j += 2) {
      const b0 = a + <usize>j * rowA;
      const b1 = b0 + rowA;
      let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
      let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
      for (let p: usize = 0; p < kb; p += 16) {
        const x0 = v128.load(a0 + p), x1 = v128.load(a1 + p), x2 = v128.load(a2 + p), x3 = v128.load(a3 + p);
        const y0 = v128.load(b0 + p), y1 = v128.load(b1 + p);
        s00 = f64x2.add(s00, f64x2.mul(x0, y0)); s01 = f64x2.add(s01, f64x2.mul(x0, y1));
        s10 = f64x2.add(s10, f64x2.mul(x1, y0)); s11 = f64x2.add(s11, f64x2.mul(x1, y1));
        s20 = f64x2.add(s20, f64x2.mul(x2, y0)); s21 = f64x2.add(s21, f64x2.mul(x2, y1));
        s30 = f64x2.add(s30, f64x2.mul(x3, y0)); s31 = f64x2.add(s31, f64x2.mul(x3, y1));
      }
      let t00 = hsum(s00), t01 = hsum(s01), t10 = hsum(s10), t11 = hsum(s11);
      let t20 = hsum(s20), t21 = hsum(s21), t30 = hsum(s30), t31 = hsum(s31);
      if (kEven != k) {
        const y0 = load<f64>(b0 + kb), y1 = load<f64>(b1 + kb);
        const x0 = load<f64>(a0 + kb), x1 = load<f64>(a1 + kb), x2 = load<f64>(a2 + kb), x3 = load<f64>(a3 + kb);
        t00 += x0 * y0; t01 += x0 * y1; t10 += x1 * y0; t11 += x1 * y1;
        t20 += x2 * y0; t21 += x2 * y1; t30 += x3 * y0; t31 += x3 * y1;
      }
      const jb = <usize>j << 3;
      // row i + r takes columns j and j + 1 where they are ≤ i + r
      if (j <= i) store<f64>(c0 + jb, load<f64>(c0 + jb) + t00);
      if (j < i) store<f64>(c0 + jb + 8, load<f64>(c0 + jb + 8) + t01);
      if (j <= i + 1) store<f64>(c1 + jb, load<f64>(c1 + jb) + t10);
      if (j < i + 1) store<f64>(c1 + jb + 8, load<f64>(c1 + jb + 8) + t11);
      if (j <= i + 2) store<f64>(c2 + jb, load<f64>(c2 + jb) + t20);
      if (j < i + 2) store<f64>(c2 + jb + 8, load<f64>(c2 + jb + 8) + t21);
      store<f64>(c3 + jb, load<f64>(c3 + jb) + t30);
      store<f64>(c3 + jb + 8, load<f64>(c3 + jb + 8) + t31);
    }
    // an odd last column j (< jEnd ≤ i + 4): one dot product per row that reaches it
    if (j < jEnd) {
      const bj = a + <usize>j * rowA;
      const jb = <usize>j << 3;
      for (let r = 0; r < 4; r++) {
        if (j <= i + r) {
          const cr = c0 + <usize>r * rowC + jb;
          store<f64>(cr, load<f64>(cr) + rowDot(a0 + <usize>r * rowA, bj, k));
        }
      }
    }
  }
  // the last (i1 − i0) mod 4 rows, one entry at a time
  for (; i < i1; i++) {
    const ai = a + <usize>i * rowA;
    const ci = c + <usize>(i - i0) * rowC;
    const jEnd = min(j1, i + 1);
    for (let j = j0; j < jEnd; j++) {
      const cj = ci + (<usize>j << 3);
      store<f64>(cj, load<f64>(cj) + rowDot(ai, a + <usize>j * rowA, k));
    }
  }
}
