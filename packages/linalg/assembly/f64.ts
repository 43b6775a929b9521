/**
 * float64 kernels of @softmax-ntk/linalg in AssemblyScript, compiled to
 * WebAssembly with 128-bit SIMD (f64x2) by scripts/build-wasm.mjs into
 * src/wasm/kernels.generated.ts (with ./f32.ts, the float32 kernels: two
 * modules, each under the 4 kB browsers compile synchronously on the main
 * thread). Plain JavaScript has no SIMD; here one
 * instruction does two float64 multiply-adds, and the register-blocked
 * trailing update of the Cholesky factorisation runs at ~20 GFLOP/s on one
 * core of the development machine, against ~2.8 for the same blocked
 * algorithm in JavaScript.
 *
 * Row-major matrices in linear memory; every pointer is a byte offset and
 * every leading dimension a count of float64s. Nothing is validated here:
 * src/wasm/kernels.ts and the public functions above it check shapes.
 */

/** Σ_{p<len} x[p]·y[p] (two f64x2 accumulators, scalar tail). */
@inline function dot(x: usize, y: usize, len: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  const end = <usize>len << 3;
  let p: usize = 0;
  for (; p + 32 <= end; p += 32) {
    s0 = f64x2.add(s0, f64x2.mul(v128.load(x + p), v128.load(y + p)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(x + p + 16), v128.load(y + p + 16)));
  }
  s0 = f64x2.add(s0, s1);
  let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  for (; p < end; p += 8) s += load<f64>(x + p) * load<f64>(y + p);
  return s;
}

/** Columns per block of `syrkLowerSub` (64 rows of a 256-deep panel: 128 KiB). */
const JB = 64;

@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Form: C ← C − A·Aᵀ, lower triangle only: for 0 ≤ j ≤ i < n,
 * C[i·ldc + j] −= Σ_{p<k} A[i·lda + p]·A[j·lda + p].
 *
 * Rows of C in blocks of 4, columns in pairs: 8 f64x2 accumulators hold a
 * 4 × 2 tile of dot products over p (contiguous in both operands), so each
 * pair of loads of A's rows feeds 8 multiply-adds. The tiles that straddle
 * the diagonal compute their upper entries too but never store them.
 */
export function syrkLowerSub(c: usize, ldc: i32, a: usize, lda: i32, n: i32, k: i32): void {
  const kEven = k & ~1;
  const kb = <usize>kEven << 3;
  const rowA = <usize>lda << 3;
  const rowC = <usize>ldc << 3;
  const n4 = n & ~3;
  // Columns in blocks of JB: the block's JB rows of A stay in the L2 cache while every 4-row tile below passes.
  for (let j0 = 0; j0 < n4; j0 += JB) {
    for (let i = j0; i + 4 <= n; i += 4) {
      const a0 = a + <usize>i * rowA;
      const a1 = a0 + rowA;
      const a2 = a1 + rowA;
      const a3 = a2 + rowA;
      const c0 = c + <usize>i * rowC;
      const c1 = c0 + rowC;
      const c2 = c1 + rowC;
      const c3 = c2 + rowC;
      const jEnd = min(j0 + JB, i + 4);
      for (let j = j0; j < jEnd; j += 2) {
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
          const q = kb;
          const y0 = load<f64>(b0 + q), y1 = load<f64>(b1 + q);
          const x0 = load<f64>(a0 + q), x1 = load<f64>(a1 + q), x2 = load<f64>(a2 + q), x3 = load<f64>(a3 + q);
          t00 += x0 * y0; t01 += x0 * y1; t10 += x1 * y0; t11 += x1 * y1;
          t20 += x2 * y0; t21 += x2 * y1; t30 += x3 * y0; t31 += x3 * y1;
        }
        const jb = <usize>j << 3;
        // row i + r takes columns j and j + 1 where they are ≤ i + r
        if (j <= i) store<f64>(c0 + jb, load<f64>(c0 + jb) - t00);
        if (j + 1 <= i) store<f64>(c0 + jb + 8, load<f64>(c0 + jb + 8) - t01);
        if (j <= i + 1) store<f64>(c1 + jb, load<f64>(c1 + jb) - t10);
        if (j + 1 <= i + 1) store<f64>(c1 + jb + 8, load<f64>(c1 + jb + 8) - t11);
        if (j <= i + 2) store<f64>(c2 + jb, load<f64>(c2 + jb) - t20);
        if (j + 1 <= i + 2) store<f64>(c2 + jb + 8, load<f64>(c2 + jb + 8) - t21);
        store<f64>(c3 + jb, load<f64>(c3 + jb) - t30);
        store<f64>(c3 + jb + 8, load<f64>(c3 + jb + 8) - t31);
      }
    }
  }
  // the last n mod 4 rows, one entry at a time
  for (let i = n4; i < n; i++) {
    const ai = a + <usize>i * rowA;
    const ci = c + <usize>i * rowC;
    for (let j = 0; j <= i; j++) {
      const cj = ci + (<usize>j << 3);
      store<f64>(cj, load<f64>(cj) - dot(ai, a + <usize>j * rowA, k));
    }
  }
}

/**
 * In-place Cholesky factorisation A = L·Lᵀ of the lower triangle of the
 * row-major n × n matrix at `a` (LAPACK dpotrf, lower, right-looking): for
 * each block column of width nb, factor the diagonal block (row-oriented
 * Crout), solve the panel below it against the block's transpose, copy the
 * panel to `pack` (rows of nb contiguous float64s, so the update's row loads
 * do not alias in the cache the way rows n·8 bytes apart do) and subtract
 * its outer product from the trailing matrix, where ~all n³/3 flops go.
 * The upper triangle is neither read nor written. `pack` holds
 * (n − nb) × nb float64s.
 *
 * Returns −1, or the index of the first pivot that is not > 0 (NaN
 * included), whose value is left on the diagonal.
 */
export function potrf(a: usize, n: i32, nb: i32, pack: usize): i32 {
  const row = <usize>n << 3;
  for (let k0 = 0; k0 < n; k0 += nb) {
    const k1 = min(n, k0 + nb);
    const w = k1 - k0;
    const base = <usize>k0 << 3;
    // Form: L11·L11ᵀ = A11
    for (let i = k0; i < k1; i++) {
      const ri = a + <usize>i * row;
      for (let j = k0; j <= i; j++) {
        const rj = a + <usize>j * row;
        const jb = <usize>j << 3;
        const s = load<f64>(ri + jb) - dot(ri + base, rj + base, j - k0);
        if (i == j) {
          if (!(s > 0)) {
            store<f64>(ri + jb, s);
            return i;
          }
          store<f64>(ri + jb, Math.sqrt(s));
        } else {
          store<f64>(ri + jb, s / load<f64>(rj + jb));
        }
      }
    }
    if (k1 == n) break;
    // Form: L21 = A21·L11⁻ᵀ (each panel row by forward substitution against L11's rows)
    for (let i = k1; i < n; i++) {
      const ri = a + <usize>i * row;
      for (let j = k0; j < k1; j++) {
        const rj = a + <usize>j * row;
        const jb = <usize>j << 3;
        store<f64>(ri + jb, (load<f64>(ri + jb) - dot(ri + base, rj + base, j - k0)) / load<f64>(rj + jb));
      }
    }
    // Form: A22 ← A22 − L21·L21ᵀ
    const wb = <usize>w << 3;
    for (let i = k1; i < n; i++) memory.copy(pack + <usize>(i - k1) * wb, a + <usize>i * row + base, wb);
    syrkLowerSub(a + <usize>k1 * row + (<usize>k1 << 3), n, pack, w, n - k1, w);
  }
  return -1;
}

/** Form: x ← L⁻¹·x (forward substitution; a dot product with row i of the row-major lower L). */
export function trsvLower(l: usize, n: i32, x: usize): void {
  const row = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const li = l + <usize>i * row;
    const ib = <usize>i << 3;
    store<f64>(x + ib, (load<f64>(x + ib) - dot(li, x, i)) / load<f64>(li + ib));
  }
}

/** Form: x ← L⁻ᵀ·x (back substitution by rows of L: once x_i is final, x_0…x_{i−1} −= x_i·L[i, 0…i−1]). */
export function trsvLowerTrans(l: usize, n: i32, x: usize): void {
  const row = <usize>n << 3;
  for (let i = n - 1; i >= 0; i--) {
    const li = l + <usize>i * row;
    const ib = <usize>i << 3;
    const xi = load<f64>(x + ib) / load<f64>(li + ib);
    store<f64>(x + ib, xi);
    const v = f64x2.splat(xi);
    let p: usize = 0;
    for (; p + 16 <= ib; p += 16) v128.store(x + p, f64x2.sub(v128.load(x + p), f64x2.mul(v, v128.load(li + p))));
    for (; p < ib; p += 8) store<f64>(x + p, load<f64>(x + p) - xi * load<f64>(li + p));
  }
}

/**
 * Form: x ← L·(Lᵀ·x), the product with A = L·Lᵀ through its factor, using t
 * (n float64s) as scratch: t ← Lᵀ·x by axpys with the rows of L, then
 * x_i ← L[i, 0…i]·t[0…i] by dot products.
 */
export function lltMul(l: usize, n: i32, x: usize, t: usize): void {
  const row = <usize>n << 3;
  memory.fill(t, 0, <usize>n << 3);
  for (let i = 0; i < n; i++) {
    const li = l + <usize>i * row;
    const ib = <usize>i << 3;
    const xi = load<f64>(x + ib);
    const v = f64x2.splat(xi);
    let p: usize = 0;
    for (; p + 16 <= ib + 8; p += 16) v128.store(t + p, f64x2.add(v128.load(t + p), f64x2.mul(v, v128.load(li + p))));
    for (; p <= ib; p += 8) store<f64>(t + p, load<f64>(t + p) + xi * load<f64>(li + p));
  }
  for (let i = 0; i < n; i++) {
    const li = l + <usize>i * row;
    store<f64>(x + (<usize>i << 3), dot(li, t, i + 1));
  }
}

/**
 * Form: C = A·B (acc = 0) or C += A·B (acc ≠ 0), float64, all row-major:
 * C is m × n, A m × k, B k × n, with m and n multiples of 4 (the caller pads
 * its copies with zeros). 4 × 4 register tiles of C (8 f64x2 accumulators,
 * vectorised along the rows of B and C): each B[p, j…j+3] pair of loads
 * feeds 8 multiply-adds with the broadcast A[i…i+3, p]. Every entry is summed
 * over p in ascending order in one lane, so a product and its transpose agree
 * exactly.
 */
export function gemmNN(c: usize, ldc: i32, a: usize, lda: i32, b: usize, ldb: i32, m: i32, n: i32, k: i32, acc: i32): void {
  const rowA = <usize>lda << 3;
  const rowB = <usize>ldb << 3;
  const rowC = <usize>ldc << 3;
  for (let i = 0; i < m; i += 4) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    const c0 = c + <usize>i * rowC;
    const c1 = c0 + rowC;
    const c2 = c1 + rowC;
    const c3 = c2 + rowC;
    for (let j = 0; j < n; j += 4) {
      const jb = <usize>j << 3;
      let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
      let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
      if (acc != 0) {
        s00 = v128.load(c0 + jb); s01 = v128.load(c0 + jb + 16);
        s10 = v128.load(c1 + jb); s11 = v128.load(c1 + jb + 16);
        s20 = v128.load(c2 + jb); s21 = v128.load(c2 + jb + 16);
        s30 = v128.load(c3 + jb); s31 = v128.load(c3 + jb + 16);
      }
      let bp = b + jb;
      for (let p = 0; p < k; p++) {
        const y0 = v128.load(bp);
        const y1 = v128.load(bp + 16);
        const q = <usize>p << 3;
        let x = f64x2.splat(load<f64>(a0 + q));
        s00 = f64x2.add(s00, f64x2.mul(x, y0)); s01 = f64x2.add(s01, f64x2.mul(x, y1));
        x = f64x2.splat(load<f64>(a1 + q));
        s10 = f64x2.add(s10, f64x2.mul(x, y0)); s11 = f64x2.add(s11, f64x2.mul(x, y1));
        x = f64x2.splat(load<f64>(a2 + q));
        s20 = f64x2.add(s20, f64x2.mul(x, y0)); s21 = f64x2.add(s21, f64x2.mul(x, y1));
        x = f64x2.splat(load<f64>(a3 + q));
        s30 = f64x2.add(s30, f64x2.mul(x, y0)); s31 = f64x2.add(s31, f64x2.mul(x, y1));
        bp += rowB;
      }
      v128.store(c0 + jb, s00); v128.store(c0 + jb + 16, s01);
      v128.store(c1 + jb, s10); v128.store(c1 + jb + 16, s11);
      v128.store(c2 + jb, s20); v128.store(c2 + jb + 16, s21);
      v128.store(c3 + jb, s30); v128.store(c3 + jb + 16, s31);
    }
  }
}
