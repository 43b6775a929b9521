/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer (Cuppen 1981; LAPACK
 * dstedc/dlaed0–dlaed4, Gu & Eisenstat 1995), the merge products on the SIMD kernel `gemmSub` of assembly/eig.ts.
 *
 * T (diagonal d, off-diagonal e) is split at m = ⌊(lo + hi)/2⌋ as T = diag(T₁, T₂) + ρ·v·vᵀ with
 * v = e_{m−1} + sign(e_{m−1})·e_m, ρ = |e_{m−1}| (so T₁'s last and T₂'s first diagonal entry lose ρ), the halves are
 * solved recursively (blocks of at most LEAF rows by the QL iteration `tql2`), and T = Q·(D + ρ·z·zᵀ)·Qᵀ with
 * Q = diag(Q₁, Q₂), D their eigenvalues and z = Qᵀ·v is merged (dlaed2/dlaed3):
 *
 * 1. deflation: a pole whose weight ρ·|z_j| ≤ tol = 8·u·max(max|D|, max|z|) keeps (d_j, Q·e_j); two poles
 *    closer than tol after the plane rotation that zeroes one of their z's (|t·c·s| ≤ tol, t their gap) are
 *    rotated together (the columns of Q too) and one is kept;
 * 2. the k remaining roots of the secular equation f(λ) = 1/ρ + Σ z_j²/(d_j − λ) = 0, one per interval, each by a
 *    safeguarded iteration (dlaed4's two-pole rational model, bisection when a step leaves the bracket) on
 *    τ = λ − d_o with the origin d_o the nearer pole, so that the differences δ_j = (d_j − d_o) − τ are accurate;
 * 3. z recomputed from the roots (Löwner / Gu–Eisenstat: ẑ_j² = −Π_i (d_j − λ_i) / Π_{i≠j} (d_j − d_i)) so that the
 *    eigenvectors u_i = (ẑ_j/δ_{ij})_j of D + ρ·ẑ·ẑᵀ are orthogonal to working precision;
 * 4. the new eigenvectors Q·U as two products on the kernel, the rows of Q₁ with the columns that touch them and
 *    the rows of Q₂ likewise (columns ordered: only Q₁, both after a rotation, only Q₂), as dlaed3 does.
 *
 * The matrix is scaled by a power of two to max|entry| ≈ 1 first (exact), as dstedc scales.
 */
import { acquireKernels, f64View, KERNELS_BASE, releaseKernels, type GemmKernels } from '../../wasm/kernels';
import { tql2 } from './tridiagonal';

/** Blocks of at most this many rows are solved by `tql2` (LAPACK's SMLSIZ is 25). */
export const LEAF = 32;

const EPS = 2 ** -53;
/** Iterations of the secular-equation solver per root before the bracket is accepted (never reached in tests). */
const MAX_ITER = 200;

const up2 = (v: number): number => (v + 1) & ~1;
const up4 = (v: number): number => (v + 3) & ~3;

/** Leading dimension of the merge buffers of an n × n problem (room for the zero pad column and the deflated ones). */
export const mergeLd = (n: number): number => up4(n) + 4;
/** Rows of the merge buffers `qc` and `qo` (the products run over rows rounded up to 4, twice). */
export const mergeRows = (n: number): number => up4(n) + 8;

/** Byte offsets (in the kernel memory) of the divide-and-conquer workspace. */
export interface StedcBuffers {
  /** Q: n × n, leading dimension `ldq`, column j the eigenvector of d[j] on return; zero on entry. */
  q: number;
  ldq: number;
  /** Gathered columns of Q (mergeRows(n) × mergeLd(n)). */
  qc: number;
  /** Products Q·U and the deflated columns (mergeRows(n) × mergeLd(n)). */
  qo: number;
  /** −Uᵀ, then the differences δ (mergeLd(n) × mergeLd(n)). */
  ub: number;
  /**
   * Where the kernels are {@link MergeKernels}: their workspace (`stedcScratch(n).sec` float64s). Steps 2 and 3 and
   * the gathers of Q's columns then run in WebAssembly (on two threads) instead of in TypeScript.
   */
  sec?: number;
}

/**
 * A merge's O(n²) steps in WebAssembly (assembly/eigThreads.ts, on two threads), with this file's arithmetic in the
 * same order, so the same bits. The workspace at `sec` holds, ld = mergeLd(n) float64s apart, dl, zz, roots, w, two
 * buffers, pos (int32s), the two threads' iteration counts, and an index list (int32s).
 */
export interface MergeKernels {
  /** Steps 2 and 3: the k roots of dl, zz (ρ) into roots, their differences into ub's rows, ẑ, then ub's row i ← −u_i in the column order pos. */
  mergeSecular(k: number, rho: number, sec: number, ub: number, ld: number): void;
  /** dst[r·ldd + f] = src[r·lds + idx[f]] for r < rows, f < count (byte offsets; float64 strides; idx int32s). */
  gatherRows(dst: number, ldd: number, src: number, lds: number, idx: number, count: number, rows: number): void;
  /** dst[c·ldd + r] = src[r·lds + c] for r < rows, c < cols (byte offsets, float64 strides). */
  transposeRows(dst: number, ldd: number, src: number, lds: number, rows: number, cols: number): void;
}

/**
 * The slots of {@link MergeKernels}' workspace at `sec`, each ld = mergeLd(n) float64s (`pos` and `idx` hold int32s):
 * the one table of this layout on the TypeScript side; assembly/eigThreads.ts reads the same offsets.
 */
export const SEC_SLOT = Object.freeze({
  dl: 0,
  zz: 1,
  roots: 2,
  w: 3,
  tmp0: 4,
  tmp1: 5,
  pos: 6,
  stats: 7,
  idx: 8,
} as const);

/** Float64s of the workspace besides Q (`qc`, `qo`, `ub`, and `sec` for {@link MergeKernels}). */
export function stedcScratch(n: number): { qc: number; qo: number; ub: number; sec: number } {
  const ld = mergeLd(n);
  return { qc: mergeRows(n) * ld, qo: mergeRows(n) * ld, ub: ld * ld, sec: (SEC_SLOT.idx + 1) * ld };
}

/**
 * Eigenvalues (ascending, into `d`, length n) and eigenvectors (columns of Q in the kernel memory) of the symmetric
 * tridiagonal T with diagonal `d` and off-diagonal `e` (e[i] couples i and i + 1, length ≥ n − 1; destroyed).
 * Q must be zero on entry (its blocks off the diagonal are read as zeros). Entries finite. Returns how many poles
 * the merges kept and how many iterations their secular equations took.
 */
export function stedcIn(
  k: GemmKernels & Partial<MergeKernels>,
  n: number,
  d: Float64Array,
  e: Float64Array,
  b: StedcBuffers,
): StedcStats {
  if (n === 0) return { kept: 0, iterations: 0 };
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i] as number), i < n - 1 ? Math.abs(e[i] as number) : 0);
  const scale = norm > 0 ? 2 ** Math.round(Math.log2(norm)) : 1;
  for (let i = 0; i < n; i++) {
    d[i] = (d[i] as number) / scale;
    if (i < n - 1) e[i] = (e[i] as number) / scale;
  }
  const ld = mergeLd(n);
  const rows = mergeRows(n);
  f64View(k, b.qc, rows * ld).fill(0);
  f64View(k, b.qo, rows * ld).fill(0);
  f64View(k, b.ub, ld * ld).fill(0);
  const ctx: Ctx = {
    k,
    b,
    ld,
    d,
    e,
    Q: f64View(k, b.q, (n - 1) * b.ldq + n),
    QC: f64View(k, b.qc, rows * ld),
    QO: f64View(k, b.qo, rows * ld),
    UB: f64View(k, b.ub, ld * ld),
    stats: { kept: 0, iterations: 0 },
    mk: b.sec !== undefined && isMergeKernels(k) ? { kernels: k, sec: b.sec } : undefined,
  };
  solve(ctx, 0, n);
  if (scale !== 1) for (let i = 0; i < n; i++) d[i] = (d[i] as number) * scale;
  return ctx.stats;
}

interface Ctx {
  k: GemmKernels & Partial<MergeKernels>;
  b: StedcBuffers;
  ld: number;
  d: Float64Array;
  e: Float64Array;
  Q: Float64Array;
  QC: Float64Array;
  QO: Float64Array;
  UB: Float64Array;
  /** Poles kept (roots solved) over all merges, and the secular solver's iterations. */
  stats: StedcStats;
  /** The kernels and their workspace's byte offset, when they are {@link MergeKernels} and the workspace is given. */
  mk: { kernels: MergeKernels; sec: number } | undefined;
}

function isMergeKernels(k: GemmKernels & Partial<MergeKernels>): k is GemmKernels & MergeKernels {
  return k.mergeSecular !== undefined && k.gatherRows !== undefined && k.transposeRows !== undefined;
}

/** The int32 index list of the {@link MergeKernels} workspace at `sec`, set to `values`; returns its byte offset. */
function indexList(c: Ctx, sec: number, values: ArrayLike<number>): number {
  const at = sec + 8 * SEC_SLOT.idx * c.ld;
  new Int32Array(c.k.memory.buffer, at, values.length).set(values);
  return at;
}

/**
 * The two row ranges of Q's block at lo (n × n) as byte offsets: Q₁'s n1 rows and Q₂'s n − n1 rows, beside their
 * rows in qo (Q₁'s from row 0, Q₂'s from row up4(n1); from column col0), for the kernels' `gatherRows`.
 */
function blockRanges(
  c: Ctx,
  lo: number,
  n1: number,
  n: number,
  col0: number,
): { q: number; o: number; rows: number }[] {
  const ldq = c.b.ldq;
  return [
    { q: c.b.q + 8 * (lo * ldq + lo), o: c.b.qo + 8 * col0, rows: n1 },
    { q: c.b.q + 8 * ((lo + n1) * ldq + lo), o: c.b.qo + 8 * (up4(n1) * c.ld + col0), rows: n - n1 },
  ];
}

/** What a divide and conquer did: poles kept over all merges (the rest deflated) and secular-solver iterations. */
export interface StedcStats {
  kept: number;
  iterations: number;
}

function solve(c: Ctx, lo: number, hi: number): void {
  const n = hi - lo;
  if (n <= LEAF) {
    leaf(c, lo, hi);
    return;
  }
  const mid = lo + (n >> 1);
  const beta = c.e[mid - 1] as number;
  const ab = Math.abs(beta);
  c.d[mid - 1] = (c.d[mid - 1] as number) - ab;
  c.d[mid] = (c.d[mid] as number) - ab;
  solve(c, lo, mid);
  solve(c, mid, hi);
  merge(c, lo, mid, hi, beta);
}

/** The block [lo, hi) by `tql2` on the identity; Q's block gets its eigenvectors as columns. */
function leaf(c: Ctx, lo: number, hi: number): void {
  const m = hi - lo;
  const dd = c.d.slice(lo, hi);
  const ee = new Float64Array(m);
  for (let i = 1; i < m; i++) ee[i] = c.e[lo + i - 1] as number;
  const w = new Float64Array(m * m);
  for (let i = 0; i < m; i++) w[i * m + i] = 1;
  tql2(m, dd, ee, w);
  c.d.set(dd, lo);
  const ldq = c.b.ldq;
  for (let r = 0; r < m; r++) {
    const qr = (lo + r) * ldq + lo;
    for (let j = 0; j < m; j++) c.Q[qr + j] = w[j * m + r] as number;
  }
}

/** Merge the solved blocks [lo, mid) and [mid, hi) of T, coupled by the off-diagonal `beta` (dlaed1–dlaed3). */
function merge(c: Ctx, lo: number, mid: number, hi: number, beta: number): void {
  const { Q, d } = c;
  const ldq = c.b.ldq;
  const n = hi - lo;
  const n1 = mid - lo;
  // Form: z = Qᵀ·v/√2 (v = e_{mid−1} + sign(β)·e_mid, so that ‖z‖ = 1) and ρ = 2·|β|.
  const sgn = beta < 0 ? -1 : 1;
  const rho = 2 * Math.abs(beta);
  const z = new Float64Array(n);
  const dv = d.slice(lo, hi);
  for (let j = 0; j < n; j++) {
    z[j] =
      j < n1
        ? (Q[(mid - 1) * ldq + lo + j] as number) * Math.SQRT1_2
        : sgn * (Q[mid * ldq + lo + j] as number) * Math.SQRT1_2;
  }
  // Both halves are ascending: merge them into one ascending order.
  const perm = new Int32Array(n);
  for (let s = 0, i = 0, j = n1; s < n; s++) {
    perm[s] = j >= n || (i < n1 && (dv[i] as number) <= (dv[j] as number)) ? i++ : j++;
  }
  let dmax = 0;
  let zmax = 0;
  for (let j = 0; j < n; j++) {
    dmax = Math.max(dmax, Math.abs(dv[j] as number));
    zmax = Math.max(zmax, Math.abs(z[j] as number));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  // Deflation (dlaed2): `kept` the surviving poles in ascending order, `gone` the deflated columns.
  const top = new Uint8Array(n);
  const bot = new Uint8Array(n);
  for (let j = 0; j < n; j++) (j < n1 ? top : bot)[j] = 1;
  const kept: number[] = [];
  const gone: number[] = [];
  let prev = -1;
  for (let s = 0; s < n; s++) {
    const j = perm[s] as number;
    if (rho * Math.abs(z[j] as number) <= tol) {
      gone.push(j);
      continue;
    }
    if (prev < 0) {
      prev = j;
      continue;
    }
    const sv = z[prev] as number;
    const cv = z[j] as number;
    const tau = Math.hypot(cv, sv);
    const t = (dv[j] as number) - (dv[prev] as number);
    const cs = cv / tau;
    const sn = -sv / tau;
    if (Math.abs(t * cs * sn) <= tol) {
      // Rotate columns prev and j so that z[prev] = 0; prev is then an eigenpair to working precision.
      z[j] = tau;
      z[prev] = 0;
      for (let r = 0; r < n; r++) {
        const at = (lo + r) * ldq + lo;
        const x = Q[at + prev] as number;
        const y = Q[at + j] as number;
        Q[at + prev] = cs * x + sn * y;
        Q[at + j] = cs * y - sn * x;
      }
      const dp = dv[prev] as number;
      const dj = dv[j] as number;
      dv[prev] = dp * cs * cs + dj * sn * sn;
      dv[j] = dp * sn * sn + dj * cs * cs;
      top[j] = (top[j] as number) | (top[prev] as number);
      bot[j] = (bot[j] as number) | (bot[prev] as number);
      gone.push(prev);
    } else {
      kept.push(prev);
    }
    prev = j;
  }
  if (prev >= 0) kept.push(prev);
  const k = kept.length;
  const ld = c.ld;
  const roots = new Float64Array(k);
  if (k > 0) secular(c, lo, kept, dv, z, rho, top, bot, n1, n, roots);
  // Copy the deflated columns beside the products (qo rows: Q₁'s rows from 0, Q₂'s from up4(n1)), then write the
  // block of Q back in ascending order of the eigenvalues.
  const QO = c.QO;
  const r2 = up4(n1);
  const kc = up2(k);
  if (c.mk !== undefined) {
    // qo's rows, from column kc ← Q's deflated columns
    if (gone.length > 0) {
      const idx = indexList(c, c.mk.sec, gone);
      for (const h of blockRanges(c, lo, n1, n, kc))
        c.mk.kernels.gatherRows(h.o, ld, h.q, ldq, idx, gone.length, h.rows);
    }
  } else {
    for (let r = 0; r < n; r++) {
      const src = (lo + r) * ldq + lo;
      const dst = (r < n1 ? r : r2 + r - n1) * ld + kc;
      for (let g = 0; g < gone.length; g++) QO[dst + g] = Q[src + (gone[g] as number)] as number;
    }
  }
  const total = k + gone.length;
  const order = Int32Array.from({ length: total }, (_, i) => i);
  const valueOf = (i: number): number => (i < k ? (roots[i] as number) : (dv[gone[i - k] as number] as number));
  order.sort((a, b2) => valueOf(a) - valueOf(b2));
  const col = new Int32Array(total);
  for (let f = 0; f < total; f++) {
    const i = order[f] as number;
    col[f] = i < k ? i : kc + i - k;
    d[lo + f] = valueOf(i);
  }
  if (c.mk !== undefined) {
    // Q's block ← qo's columns in ascending order of the eigenvalues
    const idx = indexList(c, c.mk.sec, col);
    for (const h of blockRanges(c, lo, n1, n, 0)) c.mk.kernels.gatherRows(h.q, ldq, h.o, ld, idx, total, h.rows);
    return;
  }
  for (let r = 0; r < n; r++) {
    const src = (r < n1 ? r : r2 + r - n1) * ld;
    const dst = (lo + r) * ldq + lo;
    for (let f = 0; f < total; f++) Q[dst + f] = QO[src + (col[f] as number)] as number;
  }
}

/**
 * The k = kept.length roots of the secular equation into `roots`, and their eigenvectors Q·U into qo's columns
 * 0…k − 1 (rows of Q₁ from 0, of Q₂ from up4(n1)).
 */
function secular(
  c: Ctx,
  lo: number,
  kept: number[],
  dv: Float64Array,
  z: Float64Array,
  rho: number,
  top: Uint8Array,
  bot: Uint8Array,
  n1: number,
  n: number,
  roots: Float64Array,
): void {
  const { Q, QC, QO, UB, ld } = c;
  const ldq = c.b.ldq;
  const k = kept.length;
  const dl = new Float64Array(k);
  const zz = new Float64Array(k);
  for (let p = 0; p < k; p++) {
    dl[p] = dv[kept[p] as number] as number;
    zz[p] = z[kept[p] as number] as number;
  }
  // Columns in the order: Q₁ only, both, Q₂ only (dlaed3's types 1, 2, 3).
  const pos = new Int32Array(k);
  let k1 = 0;
  let k2 = 0;
  for (let p = 0; p < k; p++) {
    const j = kept[p] as number;
    if (top[j] && !bot[j]) k1++;
    else if (top[j]) k2++;
  }
  for (let p = 0, a = 0, b = k1, g = k1 + k2; p < k; p++) {
    const j = kept[p] as number;
    pos[p] = top[j] && !bot[j] ? a++ : top[j] ? b++ : g++;
  }
  // Form: the gathered columns (n rows; zero pad column k and rows n…n + 3).
  if (c.mk !== undefined) {
    const from = new Int32Array(k);
    for (let p = 0; p < k; p++) from[pos[p] as number] = kept[p] as number;
    c.mk.kernels.gatherRows(c.b.qc, ld, c.b.q + 8 * (lo * ldq + lo), ldq, indexList(c, c.mk.sec, from), k, n);
    for (let r = 0; r < n; r++) QC[r * ld + k] = 0;
  } else {
    for (let r = 0; r < n; r++) {
      const src = (lo + r) * ldq + lo;
      const dst = r * ld;
      for (let p = 0; p < k; p++) QC[dst + (pos[p] as number)] = Q[src + (kept[p] as number)] as number;
      QC[dst + k] = 0;
    }
  }
  for (let r = n; r < n + 4; r++) QC.fill(0, r * ld, r * ld + k + 1);
  c.stats.kept += k;
  if (c.mk !== undefined) {
    // Form: the roots, ẑ and −U in WebAssembly (below, the same steps in TypeScript).
    const { kernels, sec } = c.mk;
    const S = f64View(c.k, sec, SEC_SLOT.idx * ld);
    S.set(dl, SEC_SLOT.dl * ld);
    S.set(zz, SEC_SLOT.zz * ld);
    new Int32Array(S.buffer, S.byteOffset + 8 * SEC_SLOT.pos * ld, k).set(pos);
    kernels.mergeSecular(k, rho, sec, c.b.ub, ld);
    roots.set(S.subarray(SEC_SLOT.roots * ld, SEC_SLOT.roots * ld + k));
    const stats = SEC_SLOT.stats * ld;
    c.stats.iterations += (S[stats] as number) + (S[stats + 1] as number);
  } else {
    secularSteps(c, k, dl, zz, rho, pos, roots);
  }
  if (k & 1) UB.fill(0, k * ld, k * ld + k + 1);
  // Form: qo = Q·U, by blocks of rows (dlaed3).
  const r2 = up4(n1);
  const kc = up2(k);
  QO.fill(0, 0, (r2 + up4(n - n1)) * ld);
  if (k1 + k2 > 0) c.k.gemmSub(c.b.qo, ld, c.b.qc, ld, c.b.ub, ld, r2, kc, up2(k1 + k2), 0);
  if (k - k1 > 0) {
    c.k.gemmSub(
      c.b.qo + 8 * r2 * ld,
      ld,
      c.b.qc + 8 * (n1 * ld + k1),
      ld,
      c.b.ub + 8 * k1,
      ld,
      up4(n - n1),
      kc,
      up2(k - k1),
      0,
    );
  }
}

/**
 * Steps 2 and 3 of a merge of k poles dl with weights zz (ρ): the roots into `roots` and the differences
 * δ_{ij} = dl_j − λ_i into row i of ub; ẑ (Gu–Eisenstat); then row i of ub = −u_i in the column order `pos`, zero in
 * column k.
 */
function secularSteps(
  c: Ctx,
  k: number,
  dl: Float64Array,
  zz: Float64Array,
  rho: number,
  pos: Int32Array,
  roots: Float64Array,
): void {
  const { UB, ld } = c;
  for (let i = 0; i < k; i++) roots[i] = secularRoot(k, dl, zz, rho, i, UB.subarray(i * ld, i * ld + k), c.stats);
  // Form: ẑ (Gu–Eisenstat).
  const w = new Float64Array(k);
  for (let p = 0; p < k; p++) w[p] = UB[p * ld + p] as number;
  for (let j = 0; j < k; j++) {
    const row = j * ld;
    const dj = dl[j] as number;
    for (let p = 0; p < j; p++) w[p] = (w[p] as number) * ((UB[row + p] as number) / ((dl[p] as number) - dj));
    for (let p = j + 1; p < k; p++) w[p] = (w[p] as number) * ((UB[row + p] as number) / ((dl[p] as number) - dj));
  }
  for (let p = 0; p < k; p++) {
    const s = Math.sqrt(Math.max(0, -(w[p] as number)));
    w[p] = (zz[p] as number) < 0 ? -s : s;
  }
  // Form: row i of ub = −u_i in the column order `pos`, zero pad column k.
  const tmp = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const row = i * ld;
    let s = 0;
    for (let p = 0; p < k; p++) {
      const v = (w[p] as number) / (UB[row + p] as number);
      tmp[p] = v;
      s += v * v;
    }
    const scale = -1 / Math.sqrt(s);
    for (let p = 0; p < k; p++) UB[row + (pos[p] as number)] = (tmp[p] as number) * scale;
    UB[row + k] = 0;
  }
}

/**
 * Root i (0-based, ascending) of the secular equation f(λ) = 1/ρ + Σ_j z_j²/(d_j − λ) = 0 (d ascending and
 * distinct, every z_j ≠ 0, ρ > 0), which lies in (d_i, d_{i+1}) (for i = k − 1 in (d_{k−1}, d_{k−1} + ρ·‖z‖²]).
 * The unknown is τ = λ − d_o with d_o the nearer pole (dlaed4: the sign of f at the midpoint tells which), so that
 * on return delta[j] = (d_j − d_o) − τ holds the differences d_j − λ to high relative accuracy. Steps: the root of
 * the model that keeps the two nearest poles and fits value and slope of the sums on either side (dlaed4's
 * rational interpolation); bisection of the bracket when a step leaves it. Stops when |f| is below the bound
 * u·(8·Σ|z_j²/δ_j| + 2/ρ + |τ|·f') on its rounding error (dlaed4's test). Returns λ.
 */
export function secularRoot(
  k: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  i: number,
  delta: Float64Array,
  stats?: { iterations: number },
): number {
  const rhoinv = 1 / rho;
  const last = i === k - 1;
  let o = i;
  let lo = 0;
  let hi: number;
  if (last) {
    let zs = 0;
    for (let j = 0; j < k; j++) zs += (z[j] as number) * (z[j] as number);
    hi = rho * zs;
  } else {
    const di = d[i] as number;
    const half = ((d[i + 1] as number) - di) / 2;
    let f = rhoinv;
    for (let j = 0; j < k; j++) f += ((z[j] as number) * (z[j] as number)) / ((d[j] as number) - di - half);
    if (f >= 0) {
      hi = half;
    } else {
      o = i + 1;
      lo = -half;
      hi = 0;
    }
  }
  const dorg = d[o] as number;
  for (let j = 0; j < k; j++) delta[j] = (d[j] as number) - dorg;
  const gi = delta[i] as number;
  const gi1 = last ? 0 : (delta[i + 1] as number);
  let tau = (lo + hi) / 2;
  let iter = 0;
  for (; iter < MAX_ITER; iter++) {
    let psi = 0;
    let dpsi = 0;
    let phi = 0;
    let dphi = 0;
    for (let j = 0; j <= i; j++) {
      const t = (z[j] as number) / ((delta[j] as number) - tau);
      psi += (z[j] as number) * t;
      dpsi += t * t;
    }
    for (let j = i + 1; j < k; j++) {
      const t = (z[j] as number) / ((delta[j] as number) - tau);
      phi += (z[j] as number) * t;
      dphi += t * t;
    }
    const w = rhoinv + psi + phi;
    if (Math.abs(w) <= EPS * (8 * (phi - psi) + 2 * rhoinv + Math.abs(tau) * (dpsi + dphi))) break;
    if (w < 0) lo = tau;
    else hi = tau;
    const di = gi - tau;
    const b1 = dpsi * di * di;
    let next: number;
    if (last) {
      // Solve: 1/ρ + (ψ − b₁/δ_i) + b₁/(δ_i − η) = 0.
      const cc = rhoinv + psi - b1 / di;
      next = tau + di + b1 / cc;
    } else {
      // Solve: C + b₁/(δ_i − η) + b₂/(δ_{i+1} − η) = 0, i.e. C·η² − b·η + w·δ_i·δ_{i+1} = 0, for the root between the poles.
      const di1 = gi1 - tau;
      const b2 = dphi * di1 * di1;
      const cc = rhoinv + psi - b1 / di + phi - b2 / di1;
      const b = cc * (di + di1) + b1 + b2;
      const c0 = w * di * di1;
      let eta: number;
      if (cc === 0) {
        eta = c0 / b;
      } else {
        const disc = Math.sqrt(Math.max(0, b * b - 4 * cc * c0));
        const q = b >= 0 ? (b + disc) / 2 : (b - disc) / 2;
        const r1 = q / cc;
        eta = r1 > di && r1 < di1 ? r1 : c0 / q;
      }
      next = tau + eta;
    }
    // Bisect when the step leaves the bracket (or is NaN), and every other step after 30 (slow convergence).
    if (!(next > lo && next < hi) || (iter >= 30 && iter % 2 === 1)) next = (lo + hi) / 2;
    if (next === tau) break;
    tau = next;
  }
  for (let j = 0; j < k; j++) delta[j] = (delta[j] as number) - tau;
  if (stats !== undefined) stats.iterations += iter + 1;
  return dorg + tau;
}

/**
 * Eigenvalues (ascending) and eigenvectors of the symmetric tridiagonal matrix with diagonal `d` and off-diagonal
 * `e` (e[i] couples i and i + 1) by divide and conquer ({@link stedcIn}) in a kernel instance of its own;
 * `vectors` is n × n row-major with column j the eigenvector of values[j]. Inputs are not modified.
 */
export function stedc(
  d: Float64Array,
  e: Float64Array,
): { values: Float64Array; vectors: Float64Array; stats: StedcStats } {
  const n = d.length;
  const ldq = Math.max(4, up4(n));
  const s = stedcScratch(n);
  const q = KERNELS_BASE;
  const qc = q + 8 * Math.max(1, n) * ldq;
  const qo = qc + 8 * s.qc;
  const ub = qo + 8 * s.qo;
  const bytes = ub + 8 * s.ub - KERNELS_BASE;
  const k = acquireKernels('eig', bytes, `divide and conquer on a ${n} × ${n} tridiagonal matrix`);
  try {
    f64View(k, q, Math.max(1, n) * ldq).fill(0);
    const values = d.slice();
    const stats = stedcIn(k, n, values, e.slice(), { q, ldq, qc, qo, ub });
    const Q = f64View(k, q, Math.max(1, n) * ldq);
    const vectors = new Float64Array(n * n);
    for (let r = 0; r < n; r++) vectors.set(Q.subarray(r * ldq, r * ldq + n), r * n);
    return { values, vectors, stats };
  } finally {
    releaseKernels('eig', k);
  }
}
