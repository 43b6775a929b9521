/**
 * The fused gradient-descent step of the two-layer softmax network of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024): Definition 3.1 (F = c·⟨a_ℓ, S_i⟩, S_i = softmax(W·x_i)) and the closed-form gradient of
 * Claim 3.4, fused row by row so that no n × m array is formed — written once for both precisions: T = f64 (f64x2,
 * instantiated by ./net.ts as `softmaxStep`) and T = f32 (f32x4, by ./f32.ts as `softmaxStep32`). Not an entry of
 * scripts/build-wasm.mjs: the two modules import it. The branches on `sizeof<T>()` are resolved at compile time.
 *
 * For the n rows x_i of X (n × d, row-major), weights Wᵀ (d × mb), output weights a (dOut × mb) and labels Y
 * (n × dOut), with mb = m rounded up to whole blocks of four vectors (8 float64s, 16 float32s), the padding columns of
 * Wᵀ and a zero and `pad` (mb entries) the logits' starting values — 0, and −∞ in the padding columns (their S is then
 * the exp's clamp, ≈ 0):
 *
 *   z = Wᵀᵀ·x_i (+ pad), S = softmax(z), P_ℓ = ⟨a_ℓ, S⟩, F_iℓ = c·P_ℓ,
 *   e_ℓ = F_iℓ − Y_iℓ, and with v = c·e (Claim 3.4)
 *   C_r = c·S_r·(Σ_ℓ e_ℓ·a_ℓr − Σ_ℓ e_ℓ·P_ℓ),   G += x_i ⊗ C   (G = ΔWᵀ, d × mb),
 *
 * F into f (n × dOut). Returns L = ½‖F − Y‖² (a float64 sum). Every sum over m is in T; the per-row scalars
 * P_ℓ·(1/Σ), ρ and the loss are float64 (F and e are rounded to T). Scratch: s (mb entries) for the unnormalised
 * exp(z − max z), dOut entries at `ev` for e. Four passes over m per row, four vectors at a time so that each
 * broadcast x_ik or e_ℓ feeds four vector multiply-adds; Wᵀ, a, G and s stay in L2 at d = dOut = 8, m = 4096.
 */

const LOG2E: f64 = 1.4426950408889634;
/** ln 2 split so that k·LN2_HI is exact for |k| < 2¹⁰ (fdlibm's constants). */
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
/** ln 2 split for float32 (Cephes' expf): k·LN2_HI32 is exact for |k| < 2⁸. */
const LN2_HI32: f32 = 0.693359375;
const LN2_LO32: f32 = -2.12194440e-4;

/**
 * e^x on both float64 lanes for x ≤ 0 (the softmax's shifted logits), to ~2 ulp:
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
 * e^x on four float32 lanes for x ≤ 0, to ~1 ulp (Cephes' expf): x = k·ln 2 + r, |r| ≤ ln2/2, e^r = 1 + r + r²·p(r)
 * with p of degree 5, times 2^k built in the exponent bits. x below −87.33 is clamped there (e^x < 1.2e-38, the
 * smallest normal float32, is then returned as 1.2e-38: invisible next to the row's largest term, 1, and never a
 * subnormal).
 */
@inline function exp4(x: v128): v128 {
  x = f32x4.max(x, f32x4.splat(-87.33));
  const k = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(k, f32x4.splat(LN2_HI32))), f32x4.mul(k, f32x4.splat(LN2_LO32)));
  const r2 = f32x4.mul(r, r);
  // Form: p = ((c5·r + c4)·r² + (c3·r + c2))·r² + (c1·r + c0), Cephes' coefficients, in pairs (Estrin)
  const p01 = f32x4.add(f32x4.splat(5.0000001201e-1), f32x4.mul(r, f32x4.splat(1.6666665459e-1)));
  const p23 = f32x4.add(f32x4.splat(4.1665795894e-2), f32x4.mul(r, f32x4.splat(8.3334519073e-3)));
  const p45 = f32x4.add(f32x4.splat(1.3981999507e-3), f32x4.mul(r, f32x4.splat(1.98756915e-4)));
  const p = f32x4.add(p01, f32x4.mul(r2, f32x4.add(p23, f32x4.mul(r2, p45))));
  const e = f32x4.add(f32x4.add(f32x4.splat(1), r), f32x4.mul(r2, p));
  // 2^k: (k + 127) << 23 as the bits of a float32 (k ∈ [−126, 0])
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(127)), 23);
  return f32x4.mul(e, scale);
}

// Lane-type-generic vector operations: each resolves at compile time to the f64x2 or the f32x4 instruction.
@inline function vadd<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.add(a, b);
  return f32x4.add(a, b);
}
@inline function vsub<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.sub(a, b);
  return f32x4.sub(a, b);
}
@inline function vmul<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.mul(a, b);
  return f32x4.mul(a, b);
}
@inline function vmax<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.max(a, b);
  return f32x4.max(a, b);
}
/** x (rounded to T) in every lane. */
@inline function vsplat<T>(x: f64): v128 {
  if (sizeof<T>() == 8) return f64x2.splat(x);
  return f32x4.splat(<f32>x);
}
/** The T at `at` in every lane. */
@inline function vload1<T>(at: usize): v128 {
  if (sizeof<T>() == 8) return v128.load64_splat(at);
  return v128.load32_splat(at);
}
@inline function vexp<T>(x: v128): v128 {
  if (sizeof<T>() == 8) return exp2x(x);
  return exp4(x);
}
/** The lanes' sum, in T (lane order), widened to f64. */
@inline function vsum<T>(v: v128): f64 {
  if (sizeof<T>() == 8) return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  return <f64>(f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
/** The lanes' largest, widened to f64 (exactly). */
@inline function vlargest<T>(v: v128): f64 {
  if (sizeof<T>() == 8) return max(f64x2.extract_lane(v, 0), f64x2.extract_lane(v, 1));
  return <f64>max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** The fused step in precision T (f64 or f32); see the header for the layout. */
export function softmaxStepOf<T>(x: usize, n: i32, d: i32, wt: usize, a: usize, mb: i32, dOut: i32, y: usize, c: f64, pad: usize, g: usize, f: usize, s: usize, ev: usize): f64 {
  const size = <usize>sizeof<T>();
  const end = <usize>mb * size;
  const row = end;
  const dEnd = <usize>d * row;
  const aEnd = <usize>dOut * row;
  memory.fill(g, 0, dEnd);
  let loss: f64 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>(i * d) * size;
    // Form: z = W·x_i + pad (into s), and max z
    let mx = vsplat<T>(-Infinity);
    for (let p: usize = 0; p < end; p += 64) {
      let z0 = v128.load(pad + p), z1 = v128.load(pad + p + 16), z2 = v128.load(pad + p + 32), z3 = v128.load(pad + p + 48);
      for (let q: usize = 0, k: usize = 0; q < dEnd; q += row, k += size) {
        const xs = vload1<T>(xi + k);
        const w = wt + q + p;
        z0 = vadd<T>(z0, vmul<T>(xs, v128.load(w)));
        z1 = vadd<T>(z1, vmul<T>(xs, v128.load(w + 16)));
        z2 = vadd<T>(z2, vmul<T>(xs, v128.load(w + 32)));
        z3 = vadd<T>(z3, vmul<T>(xs, v128.load(w + 48)));
      }
      v128.store(s + p, z0); v128.store(s + p + 16, z1); v128.store(s + p + 32, z2); v128.store(s + p + 48, z3);
      mx = vmax<T>(mx, vmax<T>(vmax<T>(z0, z1), vmax<T>(z2, z3)));
    }
    // Form: s = exp(z − max z), Σ s (float64: one vector a step; float32: two, in two sums)
    const zmax = vsplat<T>(vlargest<T>(mx));
    let inv: f64;
    if (sizeof<T>() == 8) {
      let sum = vsplat<T>(0);
      for (let p: usize = 0; p < end; p += 16) {
        const e = vexp<T>(vsub<T>(v128.load(s + p), zmax));
        v128.store(s + p, e);
        sum = vadd<T>(sum, e);
      }
      inv = 1 / vsum<T>(sum);
    } else {
      let sum0 = vsplat<T>(0), sum1 = vsplat<T>(0);
      for (let p: usize = 0; p < end; p += 32) {
        const e0 = vexp<T>(vsub<T>(v128.load(s + p), zmax));
        const e1 = vexp<T>(vsub<T>(v128.load(s + p + 16), zmax));
        v128.store(s + p, e0);
        v128.store(s + p + 16, e1);
        sum0 = vadd<T>(sum0, e0);
        sum1 = vadd<T>(sum1, e1);
      }
      inv = 1 / vsum<T>(vadd<T>(sum0, sum1));
    }
    // Form: P_ℓ = ⟨a_ℓ, S⟩, F = c·P, e = F − Y, ρ = Σ_ℓ e_ℓ·P_ℓ
    let rho: f64 = 0;
    for (let l = 0; l < dOut; l++) {
      const al = a + <usize>l * row;
      let acc0 = vsplat<T>(0), acc1 = vsplat<T>(0);
      for (let p: usize = 0; p < end; p += 32) {
        acc0 = vadd<T>(acc0, vmul<T>(v128.load(al + p), v128.load(s + p)));
        acc1 = vadd<T>(acc1, vmul<T>(v128.load(al + p + 16), v128.load(s + p + 16)));
      }
      const P = vsum<T>(vadd<T>(acc0, acc1)) * inv;
      const at = <usize>(i * dOut + l) * size;
      const F = <T>(c * P);
      store<T>(f + at, F);
      const e: T = F - load<T>(y + at);
      store<T>(ev + <usize>l * size, e);
      loss += 0.5 * <f64>e * <f64>e;
      rho += <f64>e * P;
    }
    // Form: C = c·S ⊙ (Σ_ℓ e_ℓ·a_ℓ − ρ), G += x_i ⊗ C
    const nr = vsplat<T>(-rho);
    const vs = vsplat<T>(c * inv);
    for (let p: usize = 0; p < end; p += 64) {
      let u0 = nr, u1 = nr, u2 = nr, u3 = nr;
      for (let q: usize = 0, l: usize = 0; q < aEnd; q += row, l += size) {
        const es = vload1<T>(ev + l);
        const al = a + q + p;
        u0 = vadd<T>(u0, vmul<T>(es, v128.load(al)));
        u1 = vadd<T>(u1, vmul<T>(es, v128.load(al + 16)));
        u2 = vadd<T>(u2, vmul<T>(es, v128.load(al + 32)));
        u3 = vadd<T>(u3, vmul<T>(es, v128.load(al + 48)));
      }
      const c0 = vmul<T>(vmul<T>(vs, v128.load(s + p)), u0);
      const c1 = vmul<T>(vmul<T>(vs, v128.load(s + p + 16)), u1);
      const c2 = vmul<T>(vmul<T>(vs, v128.load(s + p + 32)), u2);
      const c3 = vmul<T>(vmul<T>(vs, v128.load(s + p + 48)), u3);
      for (let q: usize = 0, k: usize = 0; q < dEnd; q += row, k += size) {
        const xs = vload1<T>(xi + k);
        const gp = g + q + p;
        v128.store(gp, vadd<T>(v128.load(gp), vmul<T>(xs, c0)));
        v128.store(gp + 16, vadd<T>(v128.load(gp + 16), vmul<T>(xs, c1)));
        v128.store(gp + 32, vadd<T>(v128.load(gp + 32), vmul<T>(xs, c2)));
        v128.store(gp + 48, vadd<T>(v128.load(gp + 48), vmul<T>(xs, c3)));
      }
    }
  }
  return loss;
}
