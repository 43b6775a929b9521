/**
 * The float64 gradient-descent step of the two-layer softmax network of
 * Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024):
 * Definition 3.1 (F = m·⟨a_ℓ, S_i⟩, S_i = softmax(W·x_i)) and the closed-form
 * gradient of Claim 3.4, fused row by row so that no n × m array is formed,
 * in AssemblyScript with 128-bit SIMD (compiled by scripts/build-wasm.mjs
 * into src/wasm/kernels.generated.ts as a fourth module).
 *
 * Nothing is validated: src/fused/softmaxStep64.ts lays out the memory.
 */

const LOG2E: f64 = 1.4426950408889634;
/** ln 2 split so that k·LN2_HI is exact for |k| < 2¹⁰ (fdlibm's constants). */
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;

/**
 * e^x on both lanes for x ≤ 0 (the softmax's shifted logits), to ~2 ulp:
 * x = k·ln 2 + r with |r| ≤ ln2/2, e^r by its Taylor polynomial of degree 13
 * (truncation (ln2/2)¹⁴/14! ≈ 4e-18 relative, below an ulp), times 2^k built
 * in the exponent bits. x below −708 is clamped there (e^x < 3e-308 is then
 * returned as 2.2e-308: invisible next to the row's largest term, 1).
 */
@inline function exp2x(x: v128): v128 {
  x = f64x2.max(x, f64x2.splat(-708));
  const k = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  let p = f64x2.splat(1.0 / 6227020800.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 479001600.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
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
