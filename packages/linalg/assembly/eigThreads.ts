/**
 * Two-thread float64 tridiagonal reduction of @softmax-ntk/linalg's `eigvalsh`
 * and `eigh` for large n under Node (src/lapack/internal/tridiagonalThreads.ts), in
 * AssemblyScript with 128-bit SIMD (f64x2) and the threads feature: ONE shared,
 * imported WebAssembly.Memory holds the matrix, the main thread runs
 * `reduce` panel by panel, and a worker thread sits in `serve`, taking half
 * of each O(n²) step:
 *
 * - per column of a panel, the symmetric matrix–vector product with the
 *   trailing matrix (memory-bound, ~half the (4/3)·n³ flops) and the products
 *   of the panel's reflectors and W with the new reflector, and their
 *   corrections to the new column of W: the worker takes those products, the
 *   last rows of the triangle and the corrections' last entries, half the work;
 * - per panel, the trailing rank-2nb update C ← C − X·Yᵀ (`gemmSub` of
 *   assembly/eig.ts, rows split the same way; the other half);
 * - for `eigh` with vectors, `gemmRows`: any full product C ← C − A·Bᵀ (D&C's
 *   merges, the back-transformation) split by rows; and `mergeSecular`: the
 *   roots of a merge's secular equation, ẑ and the rows of U (steps 2 and 3 of
 *   src/lapack/internal/stedc.ts, the same arithmetic in the same order, so
 *   bitwise its TypeScript), split by roots, entries of ẑ and rows.
 *
 * Hand-off by a control block of i32s at `ctrl` (Atomics): [0] jobs posted,
 * [1] jobs done, [2] the job's kind (0 quit, 1 symv rows and the panel's dot products, 2 gemmSub rows, 3 the
 * last entries of a column's update by the panel's earlier reflectors, 4 a range of a D&C merge's secular roots,
 * ẑ or rows of U, 5 rows of a column gather, 6 rows of a transposition),
 * [3] set by the worker's JavaScript if it failed, [4…] the job's arguments. Each side spins a little and then sleeps
 * (Atomics.wait, through an import), so a step costs a few µs of hand-off when the other
 * thread is at hand. The arithmetic is that of assembly/eig.ts (`panel`
 * there: LAPACK dlatrd, lower, on the row-major upper triangle); only the
 * order of the symv's partial sums differs.
 */
import { gemmSub } from './eig';

/**
 * How long a waiting thread spins on the control block before it sleeps, adapted per thread (each thread has its own
 * instance, hence its own globals) between SPINS_MIN relaxed loads (a few µs) and SPINS_MAX (a fraction of a
 * millisecond, as OpenMP's default GOMP_SPINCOUNT of 300,000). The two threads hand off several times per column;
 * with a fixed 4096 spins the main thread fell asleep waiting for the worker's half in ~1950 of the 2047 columns at
 * n = 2048, each sleep costing a wake-up both ways (tens of µs under Linux's scheduler): about a sixth of the
 * reduction's time. A sleep that ends within SHORT_SLEEP_MS means the other thread was at work and spinning longer
 * would have paid: the budget doubles. A longer sleep means it was descheduled (a busy machine: spinning would burn
 * the core it needs) or between calls: the budget halves.
 */
const SPINS_MIN = 4096;
const SPINS_MAX = 1 << 18;
const SHORT_SLEEP_MS: f64 = 0.5;
let spinBudget = SPINS_MAX;
/**
 * The control block (set by `serve` and `reduce`); its i32 at byte 252, written by the host before each call, is 1
 * when the machine looked idle (its 1-minute load at most its cores + ½) and long spins may be tried, 0 when it was
 * busy: then every wait spins SPINS_MIN and sleeps, and the column updates are not split (a hand-off costs most
 * when the other thread is descheduled).
 */
let ctrlAt: usize = 0;

// Sleeping and waking go through the host (Atomics.wait / Atomics.notify on the same memory), not through
// `memory.atomic.wait32` / `atomic.notify`: in Node 20's V8 (11.3), code of this module compiled by the baseline
// compiler (Liftoff, what runs before tier-up) returned wrong eigenvalues in the first calls of a process whenever
// those two instructions were executed (reproduced with --liftoff-only; never with --no-liftoff, nor with them
// removed), while an ordinary call to an import is safe in either tier.
/** Sleeps while the i32 at `at` equals `expected` (host: Atomics.wait). */
@external("env", "sleep") declare function sleep(at: usize, expected: i32): void;
/** Wakes one thread sleeping on the i32 at `at` (host: Atomics.notify). */
@external("env", "wake") declare function wake(at: usize): void;
/** Milliseconds from a monotonic clock (host: performance.now), read only around a sleep. */
@external("env", "clock") declare function clock(): f64;

@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
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

/** ‖x‖₂ of len float64s, by a running hypot when the plain sum of squares over- or underflows. */
function nrm2(x: usize, len: i32): f64 {
  const ssq = dot(x, x, len);
  if (ssq < Infinity && ssq > 1e-280) return Math.sqrt(ssq);
  let h: f64 = 0;
  for (let p = 0; p < len; p++) h = Math.hypot(h, load<f64>(x + (<usize>p << 3)));
  return h;
}

/**
 * Form: y[r0:len] = (rows r0…r1−1 of S)·x for the symmetric len × len S whose
 * upper triangle is at s (leading dimension ld), i.e. row a gives
 * y[a] += S[a, a:]·x[a:] and y[a+1:] += x[a]·S[a, a+1:]; four rows at a time
 * (each load of x and y serves all four), the last (r1 − r0) mod 4 one by one.
 * Rows r0…r1−1 write only y[r0:], so two calls on disjoint row ranges with
 * separate y run in parallel, and y = S·x is the sum of their y.
 */
function symvRows(s: usize, ld: i32, len: i32, r0: i32, r1: i32, x: usize, y: usize): void {
  const end = <usize>len << 3;
  const rEnd = <usize>r1 << 3;
  memory.fill(y + (<usize>r0 << 3), 0, end - (<usize>r0 << 3));
  const row = <usize>ld << 3;
  let r: usize = <usize>r0 << 3;
  for (; r + 32 <= rEnd; r += 32) {
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
  for (; r < rEnd; r += 8) {
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

/** Waits until the i32 at `at` differs from `seen` (spins up to the thread's budget, then sleeps); returns the new value. */
function awaitChange(at: usize, seen: i32): i32 {
  const cap = atomic.load<i32>(ctrlAt, 252) != 0 ? SPINS_MAX : SPINS_MIN;
  if (spinBudget > cap) spinBudget = cap;
  let spins = 0;
  let now = atomic.load<i32>(at);
  while (now == seen && ++spins <= spinBudget) now = atomic.load<i32>(at);
  if (now == seen) {
    const t0 = clock();
    while (now == seen) {
      sleep(at, seen);
      now = atomic.load<i32>(at);
    }
    spinBudget = clock() - t0 < SHORT_SLEEP_MS ? min(cap, spinBudget << 1) : max(SPINS_MIN, spinBudget >> 1);
  }
  return now;
}

/** Argument i of the posted job (the i32 at ctrl + 16 + 4·i; addresses are i32s too, wasm32 memory being < 4 GiB). */
@inline function arg(ctrl: usize, i: i32): i32 {
  return load<i32>(ctrl + 16 + (<usize>i << 2));
}

/** Posts a job of kind `op` with the eight i32 arguments a0…a7 (kinds 4 to 6); returns its number. */
function postArgs(ctrl: usize, op: i32, a0: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32, a6: i32, a7: i32): i32 {
  store<i32>(ctrl, a0, 16);
  store<i32>(ctrl, a1, 20);
  store<i32>(ctrl, a2, 24);
  store<i32>(ctrl, a3, 28);
  store<i32>(ctrl, a4, 32);
  store<i32>(ctrl, a5, 36);
  store<i32>(ctrl, a6, 40);
  store<i32>(ctrl, a7, 44);
  return post(ctrl, op);
}

/** Posts a job of kind `op` (its arguments already at ctrl + 16…) to the worker; returns its number. */
function post(ctrl: usize, op: i32): i32 {
  store<i32>(ctrl, op, 8);
  const job = atomic.add<i32>(ctrl, 1) + 1;
  wake(ctrl);
  return job;
}

/** Waits until the worker has finished job `job`, or has failed (ctrl[3] ≠ 0: the caller checks and throws). */
function join(ctrl: usize, job: i32): void {
  let done = atomic.load<i32>(ctrl, 4);
  while (done != job && atomic.load<i32>(ctrl, 12) == 0) done = awaitChange(ctrl + 4, done);
}

/**
 * The worker's loop: waits for a job at `ctrl`, runs it, marks it done, until
 * a job of kind 0. Kind 1: `symvRows` (arguments s, ld, len, r0, r1, x, y),
 * then `panelDots` (wc, ldw, vc, count, t; the stride of vc is ld) and
 * `panelAxpys` on entries r0…len−1 of y; kind 2: `gemmSub` (c, ldc, a, lda, b, ldb, m, n, k, upper); kind 3:
 * `columnUpdate` (aj, v, lda, w, ldw, count, j, from, to); kind 4: `secularPart` (phase, k, ρ at byte 64, sec, ub,
 * ld, from, to) as thread 1; kind 5: `gatherPart` (dst, ldd, src, lds, idx, count, r0, r1); kind 6: `transposePart`
 * (dst, ldd, src, lds, cols, r0, r1).
 */
export function serve(ctrl: usize): void {
  ctrlAt = ctrl;
  // From the jobs done: a job posted before this thread got here is taken at once.
  let seen = atomic.load<i32>(ctrl, 4);
  while (true) {
    seen = awaitChange(ctrl, seen);
    const op = load<i32>(ctrl, 8);
    if (op == 0) break;
    if (op == 1) {
      const x = <usize>load<u32>(ctrl, 36);
      const len = load<i32>(ctrl, 24);
      symvRows(load<u32>(ctrl, 16), load<i32>(ctrl, 20), len, load<i32>(ctrl, 28), load<i32>(ctrl, 32), x, load<u32>(ctrl, 40));
      const wc = <usize>load<u32>(ctrl, 44);
      const ldw = load<i32>(ctrl, 48);
      const vc = <usize>load<u32>(ctrl, 52);
      const ld = load<i32>(ctrl, 20);
      const count = load<i32>(ctrl, 56);
      const t = <usize>load<u32>(ctrl, 60);
      panelDots(wc, ldw, vc, ld, count, x, len, t);
      panelAxpys(wc, ldw, vc, ld, count, t, load<u32>(ctrl, 40), load<i32>(ctrl, 28), len);
    } else if (op == 3) {
      const aj = <usize>load<u32>(ctrl, 16);
      const v = <usize>load<u32>(ctrl, 20);
      const w = <usize>load<u32>(ctrl, 28);
      columnUpdate(aj, v, load<i32>(ctrl, 24), w, load<i32>(ctrl, 32), load<i32>(ctrl, 36), load<i32>(ctrl, 40), load<i32>(ctrl, 44), load<i32>(ctrl, 48));
    } else if (op == 4) {
      secularPart(arg(ctrl, 0), arg(ctrl, 1), load<f64>(ctrl, 64), arg(ctrl, 2), arg(ctrl, 3), arg(ctrl, 4), arg(ctrl, 5), arg(ctrl, 6), 1);
    } else if (op == 5) {
      gatherPart(arg(ctrl, 0), arg(ctrl, 1), arg(ctrl, 2), arg(ctrl, 3), arg(ctrl, 4), arg(ctrl, 5), arg(ctrl, 6), arg(ctrl, 7));
    } else if (op == 6) {
      transposePart(arg(ctrl, 0), arg(ctrl, 1), arg(ctrl, 2), arg(ctrl, 3), arg(ctrl, 4), arg(ctrl, 5), arg(ctrl, 6));
    } else {
      gemmSub(
        load<u32>(ctrl, 16),
        load<i32>(ctrl, 20),
        load<u32>(ctrl, 24),
        load<i32>(ctrl, 28),
        load<u32>(ctrl, 32),
        load<i32>(ctrl, 36),
        load<i32>(ctrl, 40),
        load<i32>(ctrl, 44),
        load<i32>(ctrl, 48),
        load<i32>(ctrl, 52),
      );
    }
    atomic.store<i32>(ctrl, seen, 4);
    wake(ctrl + 4);
  }
  atomic.store<i32>(ctrl, seen, 4);
  wake(ctrl + 4);
}

/** Posts `gemmSub(c, ldc, a, lda, b, ldb, m, n, k, upper)` to the worker (a job of kind 2); returns its number. */
function postGemm(
  ctrl: usize, c: usize, ldc: i32, a: usize, lda: i32, b: usize, ldb: i32, m: i32, n: i32, k: i32, upper: i32,
): i32 {
  store<u32>(ctrl, <u32>c, 16);
  store<i32>(ctrl, ldc, 20);
  store<u32>(ctrl, <u32>a, 24);
  store<i32>(ctrl, lda, 28);
  store<u32>(ctrl, <u32>b, 32);
  store<i32>(ctrl, ldb, 36);
  store<i32>(ctrl, m, 40);
  store<i32>(ctrl, n, 44);
  store<i32>(ctrl, k, 48);
  store<i32>(ctrl, upper, 52);
  return post(ctrl, 2);
}

/**
 * Form: C ← C − A·Bᵀ (`gemmSub` of assembly/eig.ts with upper = 0: C m × n, A m × k, B n × k, m a multiple of 4,
 * n of 2, k even), the last ⌊m·share⌋ rows rounded down to 4 by the worker, the others here; all here when
 * share = 0 (the host passes 0 for products too small to be worth a hand-off). For `eigh`'s merge products and
 * back-transformation, whose rows are independent.
 */
export function gemmRows(
  c: usize, ldc: i32, a: usize, lda: i32, b: usize, ldb: i32, m: i32, n: i32, k: i32, ctrl: usize, share: f64,
): void {
  ctrlAt = ctrl;
  const r = m - (<i32>(<f64>m * share) & ~3);
  if (r >= m) {
    gemmSub(c, ldc, a, lda, b, ldb, m, n, k, 0);
    return;
  }
  const job = postGemm(ctrl, c + <usize>r * (<usize>ldc << 3), ldc, a + <usize>r * (<usize>lda << 3), lda, b, ldb, m - r, n, k, 0);
  gemmSub(c, ldc, a, lda, b, ldb, r, n, k, 0);
  join(ctrl, job);
}

/** Iterations taken by `secularRoot` since the thread's last `secularPart` began (each thread has its own). */
let iterations: i32 = 0;

/** Iterations of the secular-equation solver per root before the bracket is accepted (stedc.ts's MAX_ITER). */
const MAX_ITER = 200;
const EPS: f64 = 1.1102230246251565e-16; // 2^−53

@inline function at8(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/**
 * Root i of the secular equation 1/ρ + Σ_j z_j²/(d_j − λ) = 0 (d and z k float64s), the differences d_j − λ into
 * delta: `secularRoot` of src/lapack/internal/stedc.ts, statement for statement (see there for the method), so that
 * its result is the TypeScript's to the bit. Adds its iterations to `iterations`.
 */
function secularRoot(k: i32, d: usize, z: usize, rho: f64, i: i32, delta: usize): f64 {
  const rhoinv = 1 / rho;
  const last = i == k - 1;
  let o = i;
  let lo: f64 = 0;
  let hi: f64;
  if (last) {
    let zs: f64 = 0;
    for (let j = 0; j < k; j++) zs += load<f64>(at8(z, j)) * load<f64>(at8(z, j));
    hi = rho * zs;
  } else {
    const di = load<f64>(at8(d, i));
    const half = (load<f64>(at8(d, i + 1)) - di) / 2;
    let f = rhoinv;
    for (let j = 0; j < k; j++) f += (load<f64>(at8(z, j)) * load<f64>(at8(z, j))) / (load<f64>(at8(d, j)) - di - half);
    if (f >= 0) {
      hi = half;
    } else {
      o = i + 1;
      lo = -half;
      hi = 0;
    }
  }
  const dorg = load<f64>(at8(d, o));
  for (let j = 0; j < k; j++) store<f64>(at8(delta, j), load<f64>(at8(d, j)) - dorg);
  const gi = load<f64>(at8(delta, i));
  const gi1: f64 = last ? 0 : load<f64>(at8(delta, i + 1));
  let tau = (lo + hi) / 2;
  let iter = 0;
  for (; iter < MAX_ITER; iter++) {
    let psi: f64 = 0;
    let dpsi: f64 = 0;
    let phi: f64 = 0;
    let dphi: f64 = 0;
    for (let j = 0; j <= i; j++) {
      const zj = load<f64>(at8(z, j));
      const t = zj / (load<f64>(at8(delta, j)) - tau);
      psi += zj * t;
      dpsi += t * t;
    }
    for (let j = i + 1; j < k; j++) {
      const zj = load<f64>(at8(z, j));
      const t = zj / (load<f64>(at8(delta, j)) - tau);
      phi += zj * t;
      dphi += t * t;
    }
    const w = rhoinv + psi + phi;
    if (Math.abs(w) <= EPS * (8 * (phi - psi) + 2 * rhoinv + Math.abs(tau) * (dpsi + dphi))) break;
    if (w < 0) lo = tau;
    else hi = tau;
    const di = gi - tau;
    const b1 = dpsi * di * di;
    let next: f64;
    if (last) {
      const cc = rhoinv + psi - b1 / di;
      next = tau + di + b1 / cc;
    } else {
      const di1 = gi1 - tau;
      const b2 = dphi * di1 * di1;
      const cc = rhoinv + psi - b1 / di + phi - b2 / di1;
      const b = cc * (di + di1) + b1 + b2;
      const c0 = w * di * di1;
      let eta: f64;
      if (cc == 0) {
        eta = c0 / b;
      } else {
        const disc = Math.sqrt(Math.max(0, b * b - 4 * cc * c0));
        const q = b >= 0 ? (b + disc) / 2 : (b - disc) / 2;
        const r1 = q / cc;
        eta = r1 > di && r1 < di1 ? r1 : c0 / q;
      }
      next = tau + eta;
    }
    if (!(next > lo && next < hi) || (iter >= 30 && iter % 2 == 1)) next = (lo + hi) / 2;
    if (next == tau) break;
    tau = next;
  }
  for (let j = 0; j < k; j++) store<f64>(at8(delta, j), load<f64>(at8(delta, j)) - tau);
  iterations += iter + 1;
  return dorg + tau;
}

/**
 * One thread's part of `mergeSecular`'s `phase` on the workspace at `sec` (float64s from there, ld apart, the slots
 * of `SEC_SLOT` in src/lapack/internal/stedc.ts: dl, zz, roots, w, tmp for thread 0, tmp for thread 1, pos as i32s,
 * then the two threads' iteration counts):
 * 0: roots from…to−1 into roots and their differences into rows from…to−1 of ub (leading dimension ld);
 * 1: ẑ_p (Gu–Eisenstat, into w) for p = from…to−1, the products over the rows of ub in ascending order;
 * 2: rows from…to−1 of ub ← −u_i, entries permuted by pos, zero in column k.
 * `slot` is the thread (0 the caller of `mergeSecular`, 1 the worker): its tmp and its iteration count.
 */
function secularPart(phase: i32, k: i32, rho: f64, sec: u32, ub: u32, ld: i32, from: i32, to: i32, slot: i32): void {
  const lb = <usize>ld << 3;
  const dl = sec;
  const zz = sec + lb;
  const roots = zz + lb;
  const w = roots + lb;
  const tmp = w + lb + <usize>slot * lb;
  const pos = w + 3 * lb;
  const stats = pos + lb;
  if (phase == 0) {
    iterations = 0;
    for (let i = from; i < to; i++) store<f64>(at8(roots, i), secularRoot(k, dl, zz, rho, i, ub + <usize>i * lb));
    store<f64>(at8(stats, slot), <f64>iterations);
  } else if (phase == 1) {
    for (let p = from; p < to; p++) store<f64>(at8(w, p), load<f64>(ub + <usize>p * lb + (<usize>p << 3)));
    for (let j = 0; j < k; j++) {
      const row = ub + <usize>j * lb;
      const dj = load<f64>(at8(dl, j));
      const pEnd = min(j, to);
      for (let p = from; p < pEnd; p++) {
        store<f64>(at8(w, p), load<f64>(at8(w, p)) * (load<f64>(at8(row, p)) / (load<f64>(at8(dl, p)) - dj)));
      }
      for (let p = max(j + 1, from); p < to; p++) {
        store<f64>(at8(w, p), load<f64>(at8(w, p)) * (load<f64>(at8(row, p)) / (load<f64>(at8(dl, p)) - dj)));
      }
    }
    for (let p = from; p < to; p++) {
      const s = Math.sqrt(Math.max(0, -load<f64>(at8(w, p))));
      store<f64>(at8(w, p), load<f64>(at8(zz, p)) < 0 ? -s : s);
    }
  } else {
    for (let i = from; i < to; i++) {
      const row = ub + <usize>i * lb;
      let s: f64 = 0;
      for (let p = 0; p < k; p++) {
        const v = load<f64>(at8(w, p)) / load<f64>(at8(row, p));
        store<f64>(at8(tmp, p), v);
        s += v * v;
      }
      const scale = -1 / Math.sqrt(s);
      for (let p = 0; p < k; p++) store<f64>(at8(row, load<i32>(pos + (<usize>p << 2))), load<f64>(at8(tmp, p)) * scale);
      store<f64>(at8(row, k), 0);
    }
  }
}

/**
 * Steps 2 and 3 of a divide-and-conquer merge of k kept poles (src/lapack/internal/stedc.ts `secular`): the k roots
 * and the differences δ (rows of ub), ẑ, then row i of ub ← −u_i in the column order pos — each phase split between
 * this thread (the first k − ⌊k·share⌋) and the worker (the rest), all here when share = 0. The workspace at `sec`
 * as `secularPart` reads it; the host fills dl, zz and pos and reads roots and the iteration counts.
 */
export function mergeSecular(k: i32, rho: f64, sec: usize, ub: usize, ld: i32, ctrl: usize, share: f64): void {
  ctrlAt = ctrl;
  const h = workerFrom(k, share);
  // The worker's count stays 0 when it takes no part.
  const stats = sec + 7 * (<usize>ld << 3);
  store<f64>(stats, 0);
  store<f64>(stats, 0, 8);
  for (let phase = 0; phase < 3; phase++) {
    if (h >= k) {
      secularPart(phase, k, rho, <u32>sec, <u32>ub, ld, 0, k, 0);
      continue;
    }
    store<f64>(ctrl, rho, 64);
    const job = postArgs(ctrl, 4, phase, k, <i32>sec, <i32>ub, ld, h, k, 0);
    secularPart(phase, k, rho, <u32>sec, <u32>ub, ld, 0, h, 0);
    join(ctrl, job);
  }
}

/** Form: dst[r·ldd + f] = src[r·lds + idx[f]] for rows r0…r1−1 and f < count (float64 strides; idx int32s). */
function gatherPart(dst: u32, ldd: i32, src: u32, lds: i32, idx: u32, count: i32, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const d = dst + <usize>r * (<usize>ldd << 3);
    const s = src + <usize>r * (<usize>lds << 3);
    for (let f = 0; f < count; f++) store<f64>(at8(d, f), load<f64>(at8(s, load<i32>(idx + (<usize>f << 2)))));
  }
}

/** Form: dst[c·ldd + r] = src[r·lds + c] for rows r0…r1−1 of src and c < cols, in blocks of 8 × 8. */
function transposePart(dst: u32, ldd: i32, src: u32, lds: i32, cols: i32, r0: i32, r1: i32): void {
  const rowS = <usize>lds << 3;
  const rowD = <usize>ldd << 3;
  for (let rb = r0; rb < r1; rb += 8) {
    const re = min(rb + 8, r1);
    for (let cb = 0; cb < cols; cb += 8) {
      const ce = min(cb + 8, cols);
      for (let c = cb; c < ce; c++) {
        const d = dst + <usize>c * rowD;
        for (let r = rb; r < re; r++) store<f64>(at8(d, r), load<f64>(at8(src + <usize>r * rowS, c)));
      }
    }
  }
}

/** The first row of the worker's share of `rows` (all here when share = 0). */
@inline function workerFrom(rows: i32, share: f64): i32 {
  return rows - <i32>(<f64>rows * share);
}

/**
 * Form: dst[r·ldd + f] = src[r·lds + idx[f]] for r < rows and f < count (idx int32s): D&C's gathers of the columns
 * of Q, the worker taking the last ⌊rows·share⌋ rows.
 */
export function gatherRows(
  dst: usize, ldd: i32, src: usize, lds: i32, idx: usize, count: i32, rows: i32, ctrl: usize, share: f64,
): void {
  ctrlAt = ctrl;
  const h = workerFrom(rows, share);
  if (h >= rows) {
    gatherPart(<u32>dst, ldd, <u32>src, lds, <u32>idx, count, 0, rows);
    return;
  }
  const job = postArgs(ctrl, 5, <i32>dst, ldd, <i32>src, lds, <i32>idx, count, h, rows);
  gatherPart(<u32>dst, ldd, <u32>src, lds, <u32>idx, count, 0, h);
  join(ctrl, job);
}

/** Form: dst[c·ldd + r] = src[r·lds + c] for r < rows and c < cols, the worker taking the last ⌊rows·share⌋ rows of src. */
export function transposeRows(
  dst: usize, ldd: i32, src: usize, lds: i32, rows: i32, cols: i32, ctrl: usize, share: f64,
): void {
  ctrlAt = ctrl;
  const h = workerFrom(rows, share);
  if (h >= rows) {
    transposePart(<u32>dst, ldd, <u32>src, lds, cols, 0, rows);
    return;
  }
  const job = postArgs(ctrl, 6, <i32>dst, ldd, <i32>src, lds, cols, h, rows, 0);
  transposePart(<u32>dst, ldd, <u32>src, lds, cols, 0, h);
  join(ctrl, job);
}

/** Tells the worker's `serve` to return. */
export function quit(ctrl: usize): void {
  post(ctrl, 0);
}

/**
 * The first row of the worker's share of a len-row upper triangle: rows
 * r…len−1 hold (len − r)²/2 entries, a fraction `share` of all len²/2 when
 * r = len·(1 − √share); rounded down to a multiple of `align`.
 */
@inline function split(len: i32, share: f64, align: i32): i32 {
  const r = <i32>(<f64>len * (1 - Math.sqrt(share)));
  return r - r % align;
}

/**
 * Form: t[c] = W_c·x and t[count + c] = V_c·x for c < count, the vectors of
 * length len at wc + c·ldw and vc + c·ldv (float64 strides): the panel's
 * products with the new reflector v (LAPACK dlatrd's two gemv with Wᵀ and Vᵀ).
 */
function panelDots(wc: usize, ldw: i32, vc: usize, ldv: i32, count: i32, x: usize, len: i32, t: usize): void {
  const rowW = <usize>ldw << 3;
  const rowV = <usize>ldv << 3;
  for (let c = 0; c < count; c++) {
    store<f64>(t + (<usize>c << 3), dot(wc + <usize>c * rowW, x, len));
    store<f64>(t + (<usize>(count + c) << 3), dot(vc + <usize>c * rowV, x, len));
  }
}

/**
 * Form: y[p] −= Σ_c t[c]·V_c[p] + t[count + c]·W_c[p] for from ≤ p < to
 * (V_c at vc + c·ldv, W_c at wc + c·ldw; c in order, V_c then W_c).
 */
function panelAxpys(wc: usize, ldw: i32, vc: usize, ldv: i32, count: i32, t: usize, y: usize, from: i32, to: i32): void {
  const rowW = <usize>ldw << 3;
  const rowV = <usize>ldv << 3;
  const off = <usize>from << 3;
  for (let c = 0; c < count; c++) {
    axpy(-load<f64>(t + (<usize>c << 3)), vc + <usize>c * rowV + off, y + off, to - from);
    axpy(-load<f64>(t + (<usize>(count + c) << 3)), wc + <usize>c * rowW + off, y + off, to - from);
  }
}

/**
 * Form: entries from…to−1 of row j (at aj) −= Σ_{c<count} W_c[j]·V_c + V_c[j]·W_c, V_c the row v + c·lda and W_c
 * the row w + c·ldw (float64 strides), c in order, V_c then W_c: column j's update by the panel's earlier reflectors
 * (dlatrd's two gemv). Each entry's arithmetic is the same whatever the range, so two calls on disjoint ranges
 * give bitwise the one-call result.
 */
function columnUpdate(aj: usize, v: usize, lda: i32, w: usize, ldw: i32, count: i32, j: i32, from: i32, to: i32): void {
  const rowA = <usize>lda << 3;
  const rowW = <usize>ldw << 3;
  const jb = <usize>j << 3;
  const off = <usize>from << 3;
  for (let c = 0; c < count; c++) {
    const vc = v + <usize>c * rowA;
    const wc = w + <usize>c * rowW;
    axpy(-load<f64>(wc + jb), vc + off, aj + off, to - from);
    axpy(-load<f64>(vc + jb), wc + off, aj + off, to - from);
  }
}

/**
 * Form: w = S·x − V·(Wᵀx) − W·(Vᵀx) into y (dlatrd's column of W before its
 * scaling by τ): the symv as `symvRows`, t = (Wᵀx, Vᵀx) as `panelDots`, then
 * `panelAxpys`. Split: rows r…len−1 of the symv, all of t, and the axpys on
 * entries r…len−1 (into yb) by the worker, r chosen so that the worker's
 * share of the work is `share`; the rest here into y, then y[r:] += yb[r:].
 * Short vectors (len < minSplit) all here.
 */
function symvSplit(
  s: usize, ld: i32, len: i32, x: usize, y: usize, yb: usize,
  wc: usize, ldw: i32, vc: usize, count: i32, t: usize,
  ctrl: usize, share: f64, minSplit: i32,
): void {
  if (len < minSplit) {
    symvRows(s, ld, len, 0, len, x, y);
    panelDots(wc, ldw, vc, ld, count, x, len, t);
    panelAxpys(wc, ldw, vc, ld, count, t, y, 0, len);
    return;
  }
  // Work in entries read: len²/2 in the triangle, 2·count·len for t, 2·count·len for the axpys. The worker's
  // u = len − r last rows and entries cost u²/2 + 2·count·len + 2·count·u: solve that for share·total.
  const lf = <f64>len;
  const k2 = 2 * <f64>count;
  const total = 0.5 * lf * lf + 2 * k2 * lf;
  const disc = k2 * k2 + 2 * (share * total - k2 * lf);
  const u = disc > 0 ? min(lf, max(0, Math.sqrt(disc) - k2)) : 0;
  const r = len - <i32>u;
  store<u32>(ctrl, <u32>s, 16);
  store<i32>(ctrl, ld, 20);
  store<i32>(ctrl, len, 24);
  store<i32>(ctrl, r, 28);
  store<i32>(ctrl, len, 32);
  store<u32>(ctrl, <u32>x, 36);
  store<u32>(ctrl, <u32>yb, 40);
  store<u32>(ctrl, <u32>wc, 44);
  store<i32>(ctrl, ldw, 48);
  store<u32>(ctrl, <u32>vc, 52);
  store<i32>(ctrl, count, 56);
  store<u32>(ctrl, <u32>t, 60);
  const job = post(ctrl, 1);
  symvRows(s, ld, len, 0, r, x, y);
  join(ctrl, job);
  panelAxpys(wc, ldw, vc, ld, count, t, y, 0, r);
  axpy(1, yb + (<usize>r << 3), y + (<usize>r << 3), len - r);
}

/**
 * One panel (columns i0…i0+kb−1) of the reduction T = Qᵀ·A·Q, exactly as
 * `panel` of assembly/eig.ts (same arguments, same outputs), with each
 * column's symv split with the worker (scratch yb: n float64s; `share` of
 * the triangle to the worker, vectors shorter than minSplit here alone), and
 * then — when columns remain — the trailing update C ← C − X·Yᵀ on the upper
 * triangle, its rows split the same way.
 */
export function reduce(
  a: usize, lda: i32, n: i32, i0: i32, kb: i32, d: usize, e: usize, tau: usize, w: usize, ldw: i32,
  x: usize, y: usize, t: usize, yb: usize, ctrl: usize, share: f64, minSplit: i32,
): void {
  ctrlAt = ctrl;
  const rowA = <usize>lda << 3;
  const rowW = <usize>ldw << 3;
  const n4 = (n + 3) & ~3;
  for (let i = 0; i < kb; i++) {
    const j = i0 + i;
    const aj = a + <usize>j * rowA;
    const jb = <usize>j << 3;
    // Form: A(j:n, j) −= A(j:n, i0:j)·W(j, 0:i)ᵀ + W(j:n, 0:i)·A(j, i0:j)ᵀ, the last entries by the worker when the
    // machine looked idle (hand-offs are cheap); on a busy one an extra hand-off per column costs more than the half
    // of this small update it saves.
    const vi0 = a + <usize>i0 * rowA;
    const len0 = n - j;
    if (i > 0 && len0 >= minSplit && atomic.load<i32>(ctrl, 252) != 0) {
      const r = j + len0 - <i32>(<f64>len0 * share);
      store<u32>(ctrl, <u32>aj, 16);
      store<u32>(ctrl, <u32>vi0, 20);
      store<i32>(ctrl, lda, 24);
      store<u32>(ctrl, <u32>w, 28);
      store<i32>(ctrl, ldw, 32);
      store<i32>(ctrl, i, 36);
      store<i32>(ctrl, j, 40);
      store<i32>(ctrl, r, 44);
      store<i32>(ctrl, n, 48);
      const job = post(ctrl, 3);
      columnUpdate(aj, vi0, lda, w, ldw, i, j, j, r);
      join(ctrl, job);
    } else {
      columnUpdate(aj, vi0, lda, w, ldw, i, j, j, n);
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
    symvSplit(vp + rowA, lda, len, vp, wi, yb, w + jb + 8, ldw, a + <usize>i0 * rowA + jb + 8, i, t, ctrl, share, minSplit);
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
  if (k1 < n) {
    // Form: C ← C − X·Yᵀ on the upper triangle of C = A(k1:n4, k1:n4): rows r… by the worker, the rest here.
    const m = n4 - k1;
    const k2 = 2 * kb;
    const c = a + <usize>k1 * rowA + (<usize>k1 << 3);
    const r = m < minSplit ? 0 : split(m, share, 4);
    let job = 0;
    if (r > 0) {
      const rowX = <usize>k2 << 3;
      job = postGemm(ctrl, c + <usize>r * rowA + (<usize>r << 3), lda, x + <usize>r * rowX, k2, y + <usize>r * rowX, k2, m - r, m - r, k2, 1);
      gemmSub(c, lda, x, k2, y, k2, r, m, k2, 1);
      join(ctrl, job);
    } else {
      gemmSub(c, lda, x, k2, y, k2, m, m, k2, 1);
    }
  }
}
