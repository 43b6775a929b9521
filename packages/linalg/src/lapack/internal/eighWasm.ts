/**
 * The dense symmetric eigensolver on the SIMD WebAssembly kernels of
 * assembly/eig.ts (LAPACK's dsyev route, blocked):
 *
 * 1. `panel` + `gemmSub`: blocked Householder tridiagonalisation T = Qᵀ·A·Q ((4/3)·n³
 *    flops, half of them in the rank-2nb trailing updates on 4 × 4 SIMD tiles);
 * 2. the eigenvectors of T: for n > LEAF (32) divide and conquer (./stedc.ts, LAPACK dstedc), its merge products
 *    Q·U on `gemmSub`, Q formed in 'z' and transposed in place; else implicit-shift QL on T (`tql2`), the
 *    rotations of the eigenvectors of T applied by the kernel's `rotSweeps` to Z in WebAssembly memory, held in
 *    strips of 8 columns: up to SWEEPS sweeps at a time, strip by strip, so that a strip (n·64 bytes) stays in
 *    cache across them (LAPACK dlasr). QL also where D&C's workspace does not fit (n > 10,312);
 * 3. back-transformation V = Q·Z in blocks of KB reflectors (compact WY,
 *    Schreiber & Van Loan 1989: H_{j0}⋯H_{j1−1} = I − Y·T·Yᵀ), four `gemmSub`
 *    products per block (Yᵀ·Y for T, then three for Z), 2·n³ flops.
 *
 * With vectors from n = 512 under Node, the same steps run on two threads (./tridiagonalThreads: the reduction's
 * symv and trailing updates shared with a worker, and every product of steps 2 and 3 large enough split by rows,
 * which leaves each entry's arithmetic as on one thread); D&C's secular equations, ẑ, U and column gathers and the
 * transpositions run in WebAssembly too (./stedc's `MergeKernels`, the same arithmetic as its TypeScript), split by
 * roots or rows; deflation and the small merges stay on the main thread.
 *
 * Memory (float64s, n4 = n rounded up to 4, n8 to 8; ./eigLayout): A n4², and with vectors Z n4², the block
 * buffers ~5·n4·KB, and for D&C its merge buffers (~3·n4²) or for QL the strips n·n8 and the sweep list
 * SWEEPS·(2n + 2): ~5·32 MiB at n = 2048.
 */
import {
  acquireKernels,
  f64View,
  kernelsFit,
  releaseKernels,
  type GemmKernels,
  type KernelsEig,
} from '../../wasm/kernels';
import { eigLayout, KB, NB, SWEEPS, up4, up8, type Route } from './eigLayout';
import { LEAF, stedcIn, type MergeKernels } from './stedc';
import { tql2 } from './tridiagonal';
import { EIG_THREADS_BASE, EIG_THREADS_MIN_N, threadPanel, withEigThreads } from './tridiagonalThreads';

/**
 * The route for the eigenvectors of T: divide and conquer from n > LEAF while its workspace (about 5·n² float64s)
 * fits in the kernels' 4 GiB, else the QL rotations (3·n²); undefined when neither fits.
 */
function route(n: number, vectors: boolean): Route | undefined {
  if (!vectors) return kernelsFit(eigLayout(n, 'values').bytes) ? 'values' : undefined;
  if (n > LEAF && kernelsFit(eigLayout(n, 'dc').bytes)) return 'dc';
  return kernelsFit(eigLayout(n, 'ql').bytes) ? 'ql' : undefined;
}

/** Whether the n × n problem fits in the kernels' 4 GiB (else `eigh` runs the JavaScript tred2/tql2). */
export function eighFitsWasm(n: number, vectors: boolean): boolean {
  return route(n, vectors) !== undefined;
}

/**
 * Eigenvalues (ascending) of the symmetric n × n row-major `a` (upper triangle read; n ≥ 1, entries finite),
 * and with `vectors` the n × n row-major V: column j is a unit eigenvector of values[j]. With vectors and n ≥
 * `minThreads` (EIG_THREADS_MIN_N = 512; tests lower it) on two threads where ./tridiagonalThreads can run (its
 * reduction, and every large product of D&C and of the back-transformation split by rows), else on one.
 */
export function eighWasm(
  a: Float64Array,
  n: number,
  vectors: boolean,
  minThreads = EIG_THREADS_MIN_N,
): { values: Float64Array; v?: Float64Array } {
  const n4 = up4(n);
  // Too large for every route: the QL layout, whose acquisition below then throws naming its size.
  const how = route(n, vectors) ?? 'ql';
  if (how === 'dc' && n >= minThreads) {
    const { at: o, bytes } = eigLayout(n, how, EIG_THREADS_BASE);
    const at = (name: string): number => o[name] as number;
    const two = withEigThreads(bytes, (k) =>
      solve(k, at, a, n, threadPanel(k, at, n), (d, e) => divideAndConquer(k, n, n4, d, e, at)),
    );
    if (two !== undefined) return two;
  }
  const { at: o, bytes } = eigLayout(n, how);
  const at = (name: string): number => o[name] as number;
  const k = acquireKernels('eig', bytes, `eigh of a ${n} × ${n} matrix`);
  try {
    // Form: one panel of T = Qᵀ·A·Q, then A(k1:, k1:) ← A − X·Y on the upper triangle.
    const panel = (i0: number, kb: number): void => {
      k.panel(at('a'), n4, n, i0, kb, at('d'), at('e'), at('tau'), at('w'), n4, at('x'), at('y'), at('t'));
      const k1 = i0 + kb;
      if (k1 < n) {
        const m = n4 - k1;
        k.gemmSub(at('a') + 8 * (k1 * n4 + k1), n4, at('x'), 2 * kb, at('y'), 2 * kb, m, m, 2 * kb, 1);
      }
    };
    const vectorsOfT =
      how === 'values'
        ? undefined
        : how === 'dc'
          ? (d: Float64Array, e: Float64Array) => divideAndConquer(k, n, n4, d, e, at)
          : (d: Float64Array, e: Float64Array) => {
              ql(k, n, n4, d, e, at);
              return at('z');
            };
    return solve(k, at, a, n, panel, vectorsOfT);
  } finally {
    releaseKernels('eig', k);
  }
}

/**
 * The solver on kernels `k` laid out by `at`: `a` copied in, T = Qᵀ·A·Q by `panel` (each call one panel and its
 * trailing update), then values only by QL when `vectorsOfT` is undefined, else the eigenvalues and Z's rows (the
 * eigenvectors of T) by `vectorsOfT` (d, and the off-diagonal in e[1..n−1]; it returns where Z is, n4 × n4 with
 * zero padding), the back-transformation and V = Zᵀ (by the kernels' `transposeRows` into A's buffer, free by then,
 * where they have it).
 */
function solve(
  k: GemmKernels & Partial<MergeKernels>,
  at: (name: string) => number,
  a: Float64Array,
  n: number,
  panel: (i0: number, kb: number) => void,
  vectorsOfT: ((d: Float64Array, e: Float64Array) => number) | undefined,
): { values: Float64Array; v?: Float64Array } {
  const n4 = up4(n);
  const A = f64View(k, at('a'), n4 * n4);
  for (let i = 0; i < n; i++) A.set(a.subarray(i * n + i, i * n + n), i * n4 + i);
  for (let i0 = 0; i0 < n; i0 += NB) panel(i0, Math.min(NB, n - i0));
  const d = f64View(k, at('d'), n).slice();
  // tql2 wants the off-diagonal in e[1..n−1].
  const e = new Float64Array(n);
  e.set(f64View(k, at('e'), n - 1), 1);
  if (vectorsOfT === undefined) {
    tql2(n, d, e, null);
    return { values: d };
  }
  const z = vectorsOfT(d, e);
  backTransform(k, n, n4, at, z);
  const v = new Float64Array(n * n);
  if (k.transposeRows !== undefined) {
    // Form: V = Zᵀ in A's buffer, then row by row out of the kernels' memory.
    k.transposeRows(at('a'), n4, z, n4, n, n);
    for (let i = 0; i < n; i++) v.set(A.subarray(i * n4, i * n4 + n), i * n);
    return { values: d, v };
  }
  const Z = f64View(k, z, n4 * n4);
  // Form: V = Zᵀ (n × n row-major, column j the eigenvector of values[j]), in 32 × 32 blocks.
  for (let j0 = 0; j0 < n; j0 += 32) {
    const j1 = Math.min(n, j0 + 32);
    for (let i0 = 0; i0 < n; i0 += 32) {
      const i1 = Math.min(n, i0 + 32);
      for (let j = j0; j < j1; j++) for (let i = i0; i < i1; i++) v[i * n + j] = Z[j * n4 + i] as number;
    }
  }
  return { values: d, v };
}

/**
 * Eigenvalues (sorted into `d`) and eigenvectors of T (diagonal d, off-diagonal e[1..n−1]) by divide and conquer
 * (./stedc), its merge products on `k`; then Z = Q_Tᵀ (row j the eigenvector of d[j]) from D&C's columns: transposed
 * in place, or by the kernels' `transposeRows` into the merge buffer 'qc' (free by then) where they have it. Returns
 * where Z is.
 */
function divideAndConquer(
  k: GemmKernels & Partial<MergeKernels>,
  n: number,
  n4: number,
  d: Float64Array,
  e: Float64Array,
  at: (name: string) => number,
): number {
  const Z = f64View(k, at('z'), n4 * n4);
  Z.fill(0);
  stedcIn(k, n, d, e.subarray(1), { q: at('z'), ldq: n4, qc: at('qc'), qo: at('qo'), ub: at('ub'), sec: at('sec') });
  if (k.transposeRows !== undefined) {
    k.transposeRows(at('qc'), n4, at('z'), n4, n4, n4);
    return at('qc');
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = Z[i * n4 + j] as number;
      Z[i * n4 + j] = Z[j * n4 + i] as number;
      Z[j * n4 + i] = t;
    }
  }
  return at('z');
}

/**
 * Eigenvalues (sorted into `d`) and eigenvectors of T (diagonal d, off-diagonal e[1..n−1]) by `tql2`, the rotations
 * applied to Z = I held in strips of 8 columns (element (r, c) at ⌊c/8⌋·n·8 + r·8 + c mod 8 of 'zs'), up to SWEEPS
 * sweeps per `rotSweeps` call; then row j of the row-major Z at 'z' (n4 × n4, zero padded) ← row order[j] of the
 * strips.
 */
function ql(
  k: KernelsEig,
  n: number,
  n4: number,
  d: Float64Array,
  e: Float64Array,
  at: (name: string) => number,
): void {
  const strips = up8(n) / 8;
  const stripLen = 8 * n;
  const ZS = f64View(k, at('zs'), strips * stripLen);
  ZS.fill(0);
  for (let i = 0; i < n; i++) ZS[(i >> 3) * stripLen + 8 * i + (i & 7)] = 1;
  const capacity = SWEEPS * (2 * n + 2);
  const list = f64View(k, at('list'), capacity);
  const cs = new Float64Array(2 * n);
  let fill = 0;
  let count = 0;
  const flush = (): void => {
    if (count > 0) k.rotSweeps(at('zs'), n, strips, at('list'), count);
    fill = 0;
    count = 0;
  };
  tql2(n, d, e, null, n, {
    cs,
    apply(l, m) {
      const need = 2 + 2 * (m - l);
      if (fill + need > capacity) flush();
      list[fill] = l;
      list[fill + 1] = m;
      list.set(cs.subarray(2 * l, 2 * m), fill + 2);
      fill += need;
      if (++count === SWEEPS) flush();
    },
    finish(order) {
      flush();
      const Z = f64View(k, at('z'), n4 * n4);
      Z.fill(0);
      for (let j = 0; j < n; j++) {
        const r = order[j] as number;
        const zj = j * n4;
        for (let c = 0; c < n; c++) Z[zj + c] = ZS[(c >> 3) * stripLen + 8 * r + (c & 7)] as number;
      }
    },
  });
}

/**
 * Form: Zᵀ ← Zᵀ·Qᵀ = Zᵀ·H_{n−2}⋯H_0 in blocks from the last: per block of reflectors j0…j1−1,
 * Zᵀ ← Zᵀ − (Zᵀ·Y)·Tᵀ·Yᵀ with Y's columns the reflector vectors and T upper triangular (LAPACK dlarft,
 * forward, columnwise: T_ii = τ_i, T(0:i, i) = −τ_i·T(0:i, 0:i)·Y(:, 0:i)ᵀ·y_i). Zᵀ is at `z` (n4 × n4); Y is formed
 * from Yᵀ by the kernels' `transposeRows` where they have it.
 */
function backTransform(
  k: GemmKernels & Partial<MergeKernels>,
  n: number,
  n4: number,
  at: (name: string) => number,
  z: number,
): void {
  const A = f64View(k, at('a'), n4 * n4);
  const tau = f64View(k, at('tau'), n);
  const Vb = f64View(k, at('vb'), n4 * KB);
  const Vbt = f64View(k, at('vbt'), KB * n4);
  const TT = f64View(k, at('tt'), KB * KB);
  const P = f64View(k, at('p'), n4 * KB);
  const R = f64View(k, at('r'), n4 * KB);
  const G = f64View(k, at('g'), KB * KB);
  const T = new Float64Array(KB * KB);
  const reflectors = n - 1;
  for (let j0 = Math.floor((reflectors - 1) / KB) * KB; j0 >= 0; j0 -= KB) {
    const kb = Math.min(KB, reflectors - j0);
    const kbp = up4(kb);
    // Form: Yᵀ (kbp × n4): row c = reflector j0 + c, zero up to its index, 1 at index + 1, then A's row.
    Vbt.fill(0, 0, kbp * n4);
    for (let c = 0; c < kb; c++) {
      const j = j0 + c;
      Vbt[c * n4 + j + 1] = 1;
      Vbt.set(A.subarray(j * n4 + j + 2, j * n4 + n), c * n4 + j + 2);
    }
    // Form: Y (n4 × kbp) = (Yᵀ)ᵀ
    if (k.transposeRows !== undefined) k.transposeRows(at('vb'), kbp, at('vbt'), n4, kbp, n4);
    else for (let r = 0; r < n4; r++) for (let c = 0; c < kbp; c++) Vb[r * kbp + c] = Vbt[c * n4 + r] as number;
    // Columns of Zᵀ (and rows of Y) below c0 meet only zeros of Y.
    const c0 = (j0 + 1) & ~3;
    // Form: G = −Yᵀ·Y (kbp × kbp)
    G.fill(0, 0, kbp * kbp);
    k.gemmSub(at('g'), kbp, at('vbt') + 8 * c0, n4, at('vbt') + 8 * c0, n4, kbp, kbp, n4 - c0, 0);
    // Form: T (dlarft, with Yᵀ·y_i = −G(:, i))
    T.fill(0);
    for (let i = 0; i < kb; i++) {
      const ti = tau[j0 + i] as number;
      for (let r = 0; r < i; r++) {
        let s = 0;
        for (let c = r; c < i; c++) s -= (T[r * KB + c] as number) * (G[c * kbp + i] as number);
        T[r * KB + i] = -ti * s;
      }
      T[i * KB + i] = ti;
    }
    TT.fill(0, 0, kbp * kbp);
    for (let r = 0; r < kb; r++) for (let c = 0; c < kb; c++) TT[r * kbp + c] = T[r * KB + c] as number;
    // Form: P = −Zᵀ·Y
    P.fill(0, 0, n4 * kbp);
    k.gemmSub(at('p'), kbp, z + 8 * c0, n4, at('vbt') + 8 * c0, n4, n4, kbp, n4 - c0, 0);
    // Form: R = −P·Tᵀ = Zᵀ·Y·Tᵀ
    R.fill(0, 0, n4 * kbp);
    k.gemmSub(at('r'), kbp, at('p'), kbp, at('tt'), kbp, n4, kbp, kbp, 0);
    // Form: Zᵀ ← Zᵀ − R·Yᵀ
    k.gemmSub(z + 8 * c0, n4, at('r'), kbp, at('vb') + 8 * c0 * kbp, kbp, n4, n4 - c0, kbp, 0);
  }
}
