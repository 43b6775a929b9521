/**
 * float32 kernels of @softmax-ntk/linalg in AssemblyScript, compiled to
 * WebAssembly with 128-bit SIMD (f32x4) by scripts/build-wasm.mjs (see
 * ./f64.ts). Same conventions: row-major, byte-offset pointers, leading
 * dimensions in elements, nothing validated here.
 */

@inline function hsum4(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** Σ_{p<len} x[p]·y[p] in float32 (one f32x4 accumulator, scalar tail). */
@inline function dot32(x: usize, y: usize, len: i32): f32 {
  let s = f32x4.splat(0);
  const end = <usize>len << 2;
  let p: usize = 0;
  for (; p + 16 <= end; p += 16) s = f32x4.add(s, f32x4.mul(v128.load(x + p), v128.load(y + p)));
  let t = hsum4(s);
  for (; p < end; p += 4) t += load<f32>(x + p) * load<f32>(y + p);
  return t;
}

/**
 * Form: C = A·Bᵀ in float32: C[i·ldc + j] = Σ_{p<k} A[i·lda + p]·B[j·ldb + p]
 * for i < m, j < n (rows of both operands contiguous, so no transpose is
 * ever formed). With `upper` ≠ 0 (a diagonal block, A = B), only what covers
 * j ≥ i is computed: 4 × 2 tiles wholly below the diagonal are skipped (the
 * entries below it that are written are the same numbers as without the flag). The float32 counterpart of syrkLowerSub's 4 × 2 tile of
 * f32x4 dot products (four lanes: ~36 GFLOP/s on one core here); rows and
 * columns left over from the 4 × 2 blocking, and the k mod 4 tail, are summed
 * by the scalar-tailed dot. Every entry's sum order depends only on (m, n,
 * k) and its position, never on the caller's thread.
 */
export function gemmNT32(c: usize, ldc: i32, a: usize, lda: i32, b: usize, ldb: i32, m: i32, n: i32, k: i32, upper: i32): void {
  const k4 = k & ~3;
  const kb = <usize>k4 << 2;
  const rowA = <usize>lda << 2;
  const rowB = <usize>ldb << 2;
  const rowC = <usize>ldc << 2;
  const n2 = n & ~1;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    const c0 = c + <usize>i * rowC;
    const c1 = c0 + rowC;
    const c2 = c1 + rowC;
    const c3 = c2 + rowC;
    for (let j = upper != 0 ? i & ~1 : 0; j < n2; j += 2) {
      const b0 = b + <usize>j * rowB;
      const b1 = b0 + rowB;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      for (let p: usize = 0; p < kb; p += 16) {
        const x0 = v128.load(a0 + p), x1 = v128.load(a1 + p), x2 = v128.load(a2 + p), x3 = v128.load(a3 + p);
        const y0 = v128.load(b0 + p), y1 = v128.load(b1 + p);
        s00 = f32x4.add(s00, f32x4.mul(x0, y0)); s01 = f32x4.add(s01, f32x4.mul(x0, y1));
        s10 = f32x4.add(s10, f32x4.mul(x1, y0)); s11 = f32x4.add(s11, f32x4.mul(x1, y1));
        s20 = f32x4.add(s20, f32x4.mul(x2, y0)); s21 = f32x4.add(s21, f32x4.mul(x2, y1));
        s30 = f32x4.add(s30, f32x4.mul(x3, y0)); s31 = f32x4.add(s31, f32x4.mul(x3, y1));
      }
      let t00 = hsum4(s00), t01 = hsum4(s01), t10 = hsum4(s10), t11 = hsum4(s11);
      let t20 = hsum4(s20), t21 = hsum4(s21), t30 = hsum4(s30), t31 = hsum4(s31);
      for (let q: usize = kb; q < (<usize>k << 2); q += 4) {
        const y0 = load<f32>(b0 + q), y1 = load<f32>(b1 + q);
        const x0 = load<f32>(a0 + q), x1 = load<f32>(a1 + q), x2 = load<f32>(a2 + q), x3 = load<f32>(a3 + q);
        t00 += x0 * y0; t01 += x0 * y1; t10 += x1 * y0; t11 += x1 * y1;
        t20 += x2 * y0; t21 += x2 * y1; t30 += x3 * y0; t31 += x3 * y1;
      }
      const jb = <usize>j << 2;
      store<f32>(c0 + jb, t00); store<f32>(c0 + jb + 4, t01);
      store<f32>(c1 + jb, t10); store<f32>(c1 + jb + 4, t11);
      store<f32>(c2 + jb, t20); store<f32>(c2 + jb + 4, t21);
      store<f32>(c3 + jb, t30); store<f32>(c3 + jb + 4, t31);
    }
    if (n2 != n) {
      const bl = b + <usize>n2 * rowB;
      const jb = <usize>n2 << 2;
      store<f32>(c0 + jb, dot32(a0, bl, k));
      store<f32>(c1 + jb, dot32(a1, bl, k));
      store<f32>(c2 + jb, dot32(a2, bl, k));
      store<f32>(c3 + jb, dot32(a3, bl, k));
    }
  }
  for (; i < m; i++) {
    const ai = a + <usize>i * rowA;
    const ci = c + <usize>i * rowC;
    for (let j = upper != 0 ? i : 0; j < n; j++) store<f32>(ci + (<usize>j << 2), dot32(ai, b + <usize>j * rowB, k));
  }
}

/** ln 2 split for float32 (Cephes' expf): k·LN2_HI32 is exact for |k| < 2⁸. */
const LN2_HI32: f32 = 0.693359375;
const LN2_LO32: f32 = -2.12194440e-4;

/**
 * e^x on four float32 lanes for x ≤ 0 (the softmax's shifted logits), to ~1 ulp (Cephes' expf): x = k·ln 2 + r,
 * |r| ≤ ln2/2, e^r = 1 + r + r²·p(r) with p of degree 5, times 2^k built in the exponent bits. x below −87.33 is
 * clamped there (e^x < 1.2e-38, the smallest normal float32, is then returned as 1.2e-38: invisible next to the
 * row's largest term, 1, and never a subnormal).
 */
@inline function exp4(x: v128): v128 {
  x = f32x4.max(x, f32x4.splat(-87.33));
  const k = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(k, f32x4.splat(LN2_HI32))), f32x4.mul(k, f32x4.splat(LN2_LO32)));
  const r2 = f32x4.mul(r, r);
  // Form: p = ((c5·r + c4)·r² + (c3·r + c2))·r² + (c1·r + c0), Cephes' coefficients, in pairs (Estrin)
  const p01 = f32x4.add(f32x4.splat(5.0000001201e-1), f32x4.mul(r, f32x4.splat(1.6666665459e-1)));
  const p23 = f32x4.add(f32x4.splat(4.1665795894e-2), f32x4.mul(r, f32x4.splat(8.3334519073e-3)));
  const p45 = f32x4.add(f32x4.splat(1.3981999507e-3), f32x4.mul(r, f32x4.splat(1.9875691500e-4)));
  const p = f32x4.add(p01, f32x4.mul(r2, f32x4.add(p23, f32x4.mul(r2, p45))));
  const e = f32x4.add(f32x4.add(f32x4.splat(1), r), f32x4.mul(r2, p));
  // 2^k: (k + 127) << 23 as the bits of a float32 (k ∈ [−126, 0])
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(127)), 23);
  return f32x4.mul(e, scale);
}

/**
 * The float32 counterpart of assembly/net.ts's softmaxStep (same layout, same four passes per row; see there), with
 * m16 = m rounded up to a multiple of 16 (four f32x4 vectors per block), float32 operands and results, and the
 * per-row scalars P_ℓ·(1/Σ), e_ℓ, ρ and the loss carried in float64: for the rows x_i of X (n × d), Wᵀ (d × m16),
 * a (dOut × m16), Y (n × dOut), `pad` (m16: 0, then −∞ in the padding columns):
 *
 *   z = Wᵀᵀ·x_i (+ pad), S = softmax(z), P_ℓ = ⟨a_ℓ, S⟩, F_iℓ = c·P_ℓ, e_ℓ = F_iℓ − Y_iℓ,
 *   C_r = c·S_r·(Σ_ℓ e_ℓ·a_ℓr − Σ_ℓ e_ℓ·P_ℓ),   G += x_i ⊗ C   (G = ΔWᵀ, d × m16),
 *
 * F into f (n × dOut, float32). Returns L = ½‖F − Y‖² (float64 sum of the float32 residuals' squares). Scratch: s
 * (m16 float32s), dOut float32s at `ev`.
 */
export function softmaxStep32(x: usize, n: i32, d: i32, wt: usize, a: usize, m16: i32, dOut: i32, y: usize, c: f64, pad: usize, g: usize, f: usize, s: usize, ev: usize): f64 {
  const end = <usize>m16 << 2;
  const row = end;
  const dEnd = <usize>d * row;
  const aEnd = <usize>dOut * row;
  memory.fill(g, 0, dEnd);
  let loss: f64 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>(i * d) * 4;
    // Form: z = W·x_i + pad (into s), and max z
    let mx = f32x4.splat(-Infinity);
    for (let p: usize = 0; p < end; p += 64) {
      let z0 = v128.load(pad + p), z1 = v128.load(pad + p + 16), z2 = v128.load(pad + p + 32), z3 = v128.load(pad + p + 48);
      for (let q: usize = 0, k: usize = 0; q < dEnd; q += row, k += 4) {
        const xs = v128.load32_splat(xi + k);
        const w = wt + q + p;
        z0 = f32x4.add(z0, f32x4.mul(xs, v128.load(w)));
        z1 = f32x4.add(z1, f32x4.mul(xs, v128.load(w + 16)));
        z2 = f32x4.add(z2, f32x4.mul(xs, v128.load(w + 32)));
        z3 = f32x4.add(z3, f32x4.mul(xs, v128.load(w + 48)));
      }
      v128.store(s + p, z0); v128.store(s + p + 16, z1); v128.store(s + p + 32, z2); v128.store(s + p + 48, z3);
      mx = f32x4.max(mx, f32x4.max(f32x4.max(z0, z1), f32x4.max(z2, z3)));
    }
    // Form: s = exp(z − max z), Σ s
    const zmax = f32x4.splat(max(max(f32x4.extract_lane(mx, 0), f32x4.extract_lane(mx, 1)), max(f32x4.extract_lane(mx, 2), f32x4.extract_lane(mx, 3))));
    let sum0 = f32x4.splat(0), sum1 = f32x4.splat(0);
    for (let p: usize = 0; p < end; p += 32) {
      const e0 = exp4(f32x4.sub(v128.load(s + p), zmax));
      const e1 = exp4(f32x4.sub(v128.load(s + p + 16), zmax));
      v128.store(s + p, e0);
      v128.store(s + p + 16, e1);
      sum0 = f32x4.add(sum0, e0);
      sum1 = f32x4.add(sum1, e1);
    }
    const inv: f64 = 1 / <f64>hsum4(f32x4.add(sum0, sum1));
    // Form: P_ℓ = ⟨a_ℓ, S⟩, F = c·P, e = F − Y, ρ = Σ_ℓ e_ℓ·P_ℓ
    let rho: f64 = 0;
    for (let l = 0; l < dOut; l++) {
      const al = a + <usize>l * row;
      let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0);
      for (let p: usize = 0; p < end; p += 32) {
        acc0 = f32x4.add(acc0, f32x4.mul(v128.load(al + p), v128.load(s + p)));
        acc1 = f32x4.add(acc1, f32x4.mul(v128.load(al + p + 16), v128.load(s + p + 16)));
      }
      const P: f64 = <f64>hsum4(f32x4.add(acc0, acc1)) * inv;
      const at = <usize>(i * dOut + l) << 2;
      const F = <f32>(c * P);
      store<f32>(f + at, F);
      const e = F - load<f32>(y + at);
      store<f32>(ev + (<usize>l << 2), e);
      loss += 0.5 * <f64>e * <f64>e;
      rho += <f64>e * P;
    }
    // Form: C = c·S ⊙ (Σ_ℓ e_ℓ·a_ℓ − ρ), G += x_i ⊗ C
    const nr = f32x4.splat(<f32>-rho);
    const vs = f32x4.splat(<f32>(c * inv));
    for (let p: usize = 0; p < end; p += 64) {
      let u0 = nr, u1 = nr, u2 = nr, u3 = nr;
      for (let q: usize = 0, l: usize = 0; q < aEnd; q += row, l += 4) {
        const es = v128.load32_splat(ev + l);
        const al = a + q + p;
        u0 = f32x4.add(u0, f32x4.mul(es, v128.load(al)));
        u1 = f32x4.add(u1, f32x4.mul(es, v128.load(al + 16)));
        u2 = f32x4.add(u2, f32x4.mul(es, v128.load(al + 32)));
        u3 = f32x4.add(u3, f32x4.mul(es, v128.load(al + 48)));
      }
      const c0 = f32x4.mul(f32x4.mul(vs, v128.load(s + p)), u0);
      const c1 = f32x4.mul(f32x4.mul(vs, v128.load(s + p + 16)), u1);
      const c2 = f32x4.mul(f32x4.mul(vs, v128.load(s + p + 32)), u2);
      const c3 = f32x4.mul(f32x4.mul(vs, v128.load(s + p + 48)), u3);
      for (let q: usize = 0, k: usize = 0; q < dEnd; q += row, k += 4) {
        const xs = v128.load32_splat(xi + k);
        const gp = g + q + p;
        v128.store(gp, f32x4.add(v128.load(gp), f32x4.mul(xs, c0)));
        v128.store(gp + 16, f32x4.add(v128.load(gp + 16), f32x4.mul(xs, c1)));
        v128.store(gp + 32, f32x4.add(v128.load(gp + 32), f32x4.mul(xs, c2)));
        v128.store(gp + 48, f32x4.add(v128.load(gp + 48), f32x4.mul(xs, c3)));
      }
    }
  }
  return loss;
}
