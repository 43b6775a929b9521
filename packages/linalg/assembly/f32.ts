/**
 * float32 kernels of @softmax-ntk/linalg in AssemblyScript, compiled to
 * WebAssembly with 128-bit SIMD (f32x4) by scripts/build-wasm.mjs (see
 * ./f64.ts). Same conventions: row-major, byte-offset pointers, leading
 * dimensions in elements, nothing validated here.
 */
import { softmaxStepOf } from './softmax';

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

/**
 * The float32 fused softmax step (./softmax.ts, T = f32: f32x4, m16 = m rounded up to a multiple of 16): operands
 * and results float32, the per-row scalars P_ℓ·(1/Σ), ρ and the loss float64. Returns L = ½‖F − Y‖²; ΔWᵀ into g,
 * F into f.
 */
export function softmaxStep32(x: usize, n: i32, d: i32, wt: usize, a: usize, m16: i32, dOut: i32, y: usize, c: f64, pad: usize, g: usize, f: usize, s: usize, ev: usize): f64 {
  return softmaxStepOf<f32>(x, n, d, wt, a, m16, dOut, y, c, pad, g, f, s, ev);
}
