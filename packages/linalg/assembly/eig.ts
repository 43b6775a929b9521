/**
 * float64 kernels of the dense symmetric eigensolver of @softmax-ntk/linalg
 * (`eigh`, `eigvalsh`), in AssemblyScript with 128-bit SIMD (f64x2), compiled
 * by scripts/build-wasm.mjs into src/wasm/kernels.generated.ts as a third
 * module (each module stays under the 4 kB browsers compile synchronously).
 *
 * - `panel`: one panel of the blocked Householder reduction of a symmetric
 *   matrix to tridiagonal form, T = Qᵀ·A·Q (LAPACK dsytrd/dlatrd, lower,
 *   Dongarra, Sorensen & Hammarling 1989): the panel's reflectors and W with
 *   A − V·Wᵀ − W·Vᵀ = the panel's two-sided update (one symmetric
 *   matrix–vector product with the trailing matrix per column); the caller
 *   then applies the trailing matrix's rank-2nb update C ← C − [V W]·[W V]ᵀ
 *   with `gemmSub` (4 × 4 register tiles), where half of the (4/3)·n³ flops go.
 * - `gemmSub`: C ← C − A·Bᵀ (optionally only tiles that meet the upper
 *   triangle), also the blocked back-transformation of eigenvectors.
 * - `rotSweeps`: QL sweeps' plane rotations applied to the rows of the
 *   eigenvector matrix, strip by strip (LAPACK dlasr).
 *
 * Storage: LAPACK's column-major lower triangle is this row-major upper
 * triangle (element (r, c), r ≥ c, of LAPACK is at row c, column r here), so
 * every LAPACK column operation walks a contiguous row. Nothing is validated:
 * src/lapack/internal/eighWasm.ts lays out the memory and checks shapes.
 */

@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** (hsum(u), hsum(v)) as one vector. */
@inline function pairSum(u: v128, v: v128): v128 {
  return f64x2.add(v128.shuffle<f64>(u, v, 0, 2), v128.shuffle<f64>(u, v, 1, 3));
}

/** Σ_{p<len} x[p]·y[p]. */
function dot(x: usize, y: usize, len: i32): f64 {
  let s0 = f64x2.splat(0);
  const end = <usize>len << 3;
  let p: usize = 0;
  for (; p + 16 <= end; p += 16) s0 = f64x2.add(s0, f64x2.mul(v128.load(x + p), v128.load(y + p)));
  let s = hsum(s0);
  for (; p < end; p += 8) s += load<f64>(x + p) * load<f64>(y + p);
  return s;
}

/** Form: y ← y + α·x (len float64s). */
function axpy(alpha: f64, x: usize, y: usize, len: i32): void {
  const v = f64x2.splat(alpha);
  const end = <usize>len << 3;
  let p: usize = 0;
  for (; p + 16 <= end; p += 16) v128.store(y + p, f64x2.add(v128.load(y + p), f64x2.mul(v, v128.load(x + p))));
  for (; p < end; p += 8) store<f64>(y + p, load<f64>(y + p) + alpha * load<f64>(x + p));
}

/**
 * Form: y = S·x for the symmetric len × len S whose upper triangle is at s
 * (leading dimension ld): one pass over the triangle, four rows r…r + 3 at a
 * time (each load of x and y serves all four), row a giving
 * y[a] += S[a, a:]·x[a:] and y[a+1:] += x[a]·S[a, a+1:]; the 4 × 4 diagonal
 * block in scalars, the last len mod 4 rows (at most 3 entries each) one by one.
 */
function symvUpper(s: usize, ld: i32, len: i32, x: usize, y: usize): void {
  const end = <usize>len << 3;
  memory.fill(y, 0, end);
  const row = <usize>ld << 3;
  let r: usize = 0;
  for (; r + 32 <= end; r += 32) {
    const s0 = s + (r >> 3) * row + r;
    const s1 = s0 + row;
    const s2 = s1 + row;
    const s3 = s2 + row;
    const xr = x + r;
    const x0 = load<f64>(xr);
    const x1 = load<f64>(xr, 8);
    const x2 = load<f64>(xr, 16);
    const x3 = load<f64>(xr, 24);
    const d01 = load<f64>(s0, 8);
    const d02 = load<f64>(s0, 16);
    const d03 = load<f64>(s0, 24);
    const d12 = load<f64>(s1, 16);
    const d13 = load<f64>(s1, 24);
    const d23 = load<f64>(s2, 24);
    let t0 = load<f64>(s0) * x0 + d01 * x1 + d02 * x2 + d03 * x3;
    let t1 = d01 * x0 + load<f64>(s1, 8) * x1 + d12 * x2 + d13 * x3;
    let t2 = d02 * x0 + d12 * x1 + load<f64>(s2, 16) * x2 + d23 * x3;
    let t3 = d03 * x0 + d13 * x1 + d23 * x2 + load<f64>(s3, 24) * x3;
    const v0 = f64x2.splat(x0);
    const v1 = f64x2.splat(x1);
    const v2 = f64x2.splat(x2);
    const v3 = f64x2.splat(x3);
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    let acc2 = f64x2.splat(0);
    let acc3 = f64x2.splat(0);
    let p: usize = 32;
    const stop = end - r;
    for (; p + 16 <= stop; p += 16) {
      const a0 = v128.load(s0 + p);
      const a1 = v128.load(s1 + p);
      const a2 = v128.load(s2 + p);
      const a3 = v128.load(s3 + p);
      const xp = v128.load(xr + p);
      acc0 = f64x2.add(acc0, f64x2.mul(a0, xp));
      acc1 = f64x2.add(acc1, f64x2.mul(a1, xp));
      acc2 = f64x2.add(acc2, f64x2.mul(a2, xp));
      acc3 = f64x2.add(acc3, f64x2.mul(a3, xp));
      const yp = y + r + p;
      v128.store(
        yp,
        f64x2.add(
          v128.load(yp),
          f64x2.add(f64x2.add(f64x2.mul(v0, a0), f64x2.mul(v1, a1)), f64x2.add(f64x2.mul(v2, a2), f64x2.mul(v3, a3))),
        ),
      );
    }
    if (p < stop) {
      const a0 = load<f64>(s0 + p);
      const a1 = load<f64>(s1 + p);
      const a2 = load<f64>(s2 + p);
      const a3 = load<f64>(s3 + p);
      const xp = load<f64>(xr + p);
      t0 += a0 * xp;
      t1 += a1 * xp;
      t2 += a2 * xp;
      t3 += a3 * xp;
      const yp = y + r + p;
      store<f64>(yp, load<f64>(yp) + x0 * a0 + x1 * a1 + x2 * a2 + x3 * a3);
    }
    const yr = y + r;
    store<f64>(yr, load<f64>(yr) + t0 + hsum(acc0));
    store<f64>(yr, load<f64>(yr, 8) + t1 + hsum(acc1), 8);
    store<f64>(yr, load<f64>(yr, 16) + t2 + hsum(acc2), 16);
    store<f64>(yr, load<f64>(yr, 24) + t3 + hsum(acc3), 24);
  }
  for (; r < end; r += 8) {
    const sr = s + (r >> 3) * row;
    const xr = load<f64>(x + r);
    let t = load<f64>(sr + r) * xr;
    for (let p = r + 8; p < end; p += 8) {
      const a = load<f64>(sr + p);
      t += a * load<f64>(x + p);
      store<f64>(y + p, load<f64>(y + p) + xr * a);
    }
    store<f64>(y + r, load<f64>(y + r) + t);
  }
}

/**
 * Form: C ← C − A·Bᵀ, row-major, C m × n, A m × k, B n × k (rows of A and B
 * contiguous along k), m a multiple of 4, n of 2, k even; `upper` ≠ 0 skips
 * the tiles wholly below the diagonal of C (a tile straddling it writes its
 * lower entries too). 4 × 2 tiles of dot products: 8 f64x2 accumulators, each
 * 6 loads feed 8 multiply-adds. B in panels of 256 rows, which stay in L2
 * while the 4-row strips of A pass.
 */
export function gemmSub(c: usize, ldc: i32, a: usize, lda: i32, b: usize, ldb: i32, m: i32, n: i32, k: i32, upper: i32): void {
  const rowA = <usize>lda << 3;
  const rowB = <usize>ldb << 3;
  const rowC = <usize>ldc << 3;
  const kb = <usize>k << 3;
  for (let j0 = 0; j0 < n; j0 += 256) {
    const j1 = min(n, j0 + 256);
    const iEnd = upper != 0 ? min(m, j1) : m;
    for (let i = 0; i < iEnd; i += 4) {
      const a0 = a + <usize>i * rowA;
      const a1 = a0 + rowA;
      const a2 = a1 + rowA;
      const a3 = a2 + rowA;
      const c0 = c + <usize>i * rowC;
      const c1 = c0 + rowC;
      const c2 = c1 + rowC;
      const c3 = c2 + rowC;
      for (let j = upper != 0 ? max(j0, i) : j0; j < j1; j += 2) {
        const b0 = b + <usize>j * rowB;
        const b1 = b0 + rowB;
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
        const jb = <usize>j << 3;
        v128.store(c0 + jb, f64x2.sub(v128.load(c0 + jb), pairSum(s00, s01)));
        v128.store(c1 + jb, f64x2.sub(v128.load(c1 + jb), pairSum(s10, s11)));
        v128.store(c2 + jb, f64x2.sub(v128.load(c2 + jb), pairSum(s20, s21)));
        v128.store(c3 + jb, f64x2.sub(v128.load(c3 + jb), pairSum(s30, s31)));
      }
    }
  }
}

/** ‖x‖₂ of len float64s, by a running hypot when the plain sum of squares over- or underflows. */
function nrm2(x: usize, len: i32): f64 {
  const ssq = dot(x, x, len);
  if (ssq < Infinity && ssq > 1e-280) return Math.sqrt(ssq);
  let h: f64 = 0;
  for (let p = 0; p < len; p++) h = Math.hypot(h, load<f64>(x + (<usize>p << 3)));
  return h;
}

/**
 * One panel of the in-place tridiagonal reduction T = Qᵀ·A·Q (LAPACK dlatrd,
 * lower) of the symmetric n × n matrix whose upper triangle is at `a`
 * (row-major, leading dimension lda ≥ n4 = n rounded up to 4, n4 rows
 * allocated: the update's tiles overrun into that padding): columns
 * i0…i0+kb−1 (i0 and, unless the panel is the last, kb multiples of 4).
 *
 * On return d[i0:i0+kb] holds T's diagonal, e[i0:i0+kb] its off-diagonal,
 * and tau[j] with row j of `a` right of column j + 1 define the reflector
 * H_j = I − τ_j·v·vᵀ (v = 0 up to j, v_{j+1} = 1), Q = H_0·H_1·⋯·H_{n−2}; the
 * strictly lower triangle of `a` is scratch. When columns remain, the
 * trailing matrix's update C ← C − V·Wᵀ − W·Vᵀ = C − X·Y is left to the
 * caller, with X = [V W] packed at x and Y = [W V] at y (each n4 − i0 − kb
 * rows of 2kb): `gemmSub` (C ← C − X·Yᵀ) with upper = 1.
 * Scratch: w (kb rows of ldw ≥ n), t (2·kb float64s).
 *
 * Driven panel by panel from JavaScript rather than in one call, so that V8
 * replaces its baseline code of these loops by optimised code after the
 * first panels (a running WebAssembly call is never switched over).
 */
export function panel(a: usize, lda: i32, n: i32, i0: i32, kb: i32, d: usize, e: usize, tau: usize, w: usize, ldw: i32, x: usize, y: usize, t: usize): void {
  const rowA = <usize>lda << 3;
  const rowW = <usize>ldw << 3;
  const n4 = (n + 3) & ~3;
  for (let i = 0; i < kb; i++) {
    const j = i0 + i;
    const aj = a + <usize>j * rowA;
    const jb = <usize>j << 3;
    // Form: A(j:n, j) −= A(j:n, i0:j)·W(j, 0:i)ᵀ + W(j:n, 0:i)·A(j, i0:j)ᵀ
    for (let c = 0; c < i; c++) {
      const ac = a + <usize>(i0 + c) * rowA;
      const wc = w + <usize>c * rowW;
      axpy(-load<f64>(wc + jb), ac + jb, aj + jb, n - j);
      axpy(-load<f64>(ac + jb), wc + jb, aj + jb, n - j);
    }
    if (j == n - 1) break;
    // Form: H_j annihilating A(j+2:n, j) (dlarfg); v = A(j+1:n, j) with v_0 = 1
    const vp = aj + jb + 8;
    const len = n - j - 1;
    const alpha = load<f64>(vp);
    const xnorm = nrm2(vp + 8, len - 1);
    let tj: f64 = 0;
    let beta = alpha;
    if (xnorm != 0) {
      const h = Math.hypot(alpha, xnorm);
      beta = alpha >= 0 ? -h : h;
      tj = (beta - alpha) / beta;
      const scale = 1 / (alpha - beta);
      for (let p = 1; p < len; p++) store<f64>(vp + (<usize>p << 3), load<f64>(vp + (<usize>p << 3)) * scale);
    }
    store<f64>(e + jb, beta);
    store<f64>(tau + jb, tj);
    store<f64>(vp, 1);
    // Form: W(j+1:n, i) = τ·(A₂₂ − V·Wᵀ − W·Vᵀ)·v, then += α·v with α = −½·τ·(wᵀv)
    const wi = w + <usize>i * rowW + jb + 8;
    symvUpper(vp + rowA, lda, len, vp, wi);
    for (let c = 0; c < i; c++) {
      store<f64>(t + (<usize>c << 3), dot(w + <usize>c * rowW + jb + 8, vp, len));
      store<f64>(t + (<usize>(i + c) << 3), dot(a + <usize>(i0 + c) * rowA + jb + 8, vp, len));
    }
    for (let c = 0; c < i; c++) {
      axpy(-load<f64>(t + (<usize>c << 3)), a + <usize>(i0 + c) * rowA + jb + 8, wi, len);
      axpy(-load<f64>(t + (<usize>(i + c) << 3)), w + <usize>c * rowW + jb + 8, wi, len);
    }
    const sv = f64x2.splat(tj);
    const end = <usize>len << 3;
    let p: usize = 0;
    for (; p + 16 <= end; p += 16) v128.store(wi + p, f64x2.mul(sv, v128.load(wi + p)));
    for (; p < end; p += 8) store<f64>(wi + p, tj * load<f64>(wi + p));
    axpy(-0.5 * tj * dot(wi, vp, len), vp, wi, len);
  }
  const k1 = i0 + kb;
  if (k1 < n) {
    // Form: X = [V W] and Y = [W V], rows k1…n4−1 of V and W (zero past n), each row 2kb float64s
    const k2 = 2 * kb;
    const rowX = <usize>k2 << 3;
    const off = <usize>k1 << 3;
    for (let c = 0; c < kb; c++) {
      const ac = a + <usize>(i0 + c) * rowA + off;
      const wc = w + <usize>c * rowW + off;
      const cb = <usize>c << 3;
      const cw = <usize>(kb + c) << 3;
      for (let r = 0; r < n - k1; r++) {
        const v = load<f64>(ac + (<usize>r << 3));
        const u = load<f64>(wc + (<usize>r << 3));
        const xr = x + <usize>r * rowX;
        const yr = y + <usize>r * rowX;
        store<f64>(xr + cb, v);
        store<f64>(xr + cw, u);
        store<f64>(yr + cb, u);
        store<f64>(yr + cw, v);
      }
    }
    memory.fill(x + <usize>(n - k1) * rowX, 0, <usize>(n4 - n) * rowX);
    memory.fill(y + <usize>(n - k1) * rowX, 0, <usize>(n4 - n) * rowX);
  }
  // Restore the off-diagonal entries that held v_0 = 1; collect the diagonal.
  for (let j = i0; j < k1; j++) {
    const jb = <usize>j << 3;
    const aj = a + <usize>j * rowA;
    store<f64>(d + jb, load<f64>(aj + jb));
    if (j + 1 < n) store<f64>(aj + jb + 8, load<f64>(e + jb));
  }
}

/**
 * QL sweeps' plane rotations applied to the rows of Z (LAPACK dlasr, variable
 * pivot, backward), Z held in strips of 8 columns: element (r, c) at
 * z + 8·(⌊c/8⌋·rows·8 + r·8 + c mod 8), so a strip is contiguous. `list`
 * holds `count` sweeps, each as float64s l, m, then (c_i, s_i) for
 * i = l…m − 1; sweep by sweep, for i = m − 1 down to l,
 * (row i, row i+1) ← (c_i·row i − s_i·row i+1, s_i·row i + c_i·row i+1).
 * Strip by strip (rows·64 bytes stay in cache across the sweeps): row i + 1
 * is final once rotation i is done, so the moving row is carried in four
 * registers and every row is read and written once per sweep.
 */
export function rotSweeps(z: usize, rows: i32, strips: i32, list: usize, count: i32): void {
  const stripBytes = <usize>rows << 6;
  for (let b = 0; b < strips; b++) {
    const base = z + <usize>b * stripBytes;
    let pos = list;
    for (let k = 0; k < count; k++) {
      const l = <i32>load<f64>(pos);
      const m = <i32>load<f64>(pos, 8);
      const cs = pos + 16 - (<usize>l << 4);
      let q = base + (<usize>m << 6);
      let h0 = v128.load(q);
      let h1 = v128.load(q, 16);
      let h2 = v128.load(q, 32);
      let h3 = v128.load(q, 48);
      for (let i = m - 1; i >= l; i--) {
        const csi = cs + (<usize>i << 4);
        const c = f64x2.splat(load<f64>(csi));
        const s = f64x2.splat(load<f64>(csi, 8));
        const r = q - 64;
        const v0 = v128.load(r);
        const v1 = v128.load(r, 16);
        const v2 = v128.load(r, 32);
        const v3 = v128.load(r, 48);
        v128.store(q, f64x2.add(f64x2.mul(s, v0), f64x2.mul(c, h0)));
        v128.store(q, f64x2.add(f64x2.mul(s, v1), f64x2.mul(c, h1)), 16);
        v128.store(q, f64x2.add(f64x2.mul(s, v2), f64x2.mul(c, h2)), 32);
        v128.store(q, f64x2.add(f64x2.mul(s, v3), f64x2.mul(c, h3)), 48);
        h0 = f64x2.sub(f64x2.mul(c, v0), f64x2.mul(s, h0));
        h1 = f64x2.sub(f64x2.mul(c, v1), f64x2.mul(s, h1));
        h2 = f64x2.sub(f64x2.mul(c, v2), f64x2.mul(s, h2));
        h3 = f64x2.sub(f64x2.mul(c, v3), f64x2.mul(s, h3));
        q = r;
      }
      v128.store(q, h0);
      v128.store(q, h1, 16);
      v128.store(q, h2, 32);
      v128.store(q, h3, 48);
      pos = cs + (<usize>m << 4);
    }
  }
}
