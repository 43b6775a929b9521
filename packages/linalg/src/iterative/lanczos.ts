/**
 * Extreme eigenvalues of a symmetric operator given only as a matrix-vector
 * product: Lanczos with full reorthogonalisation and thick restarts (Wu &
 * Simon, "Thick-restart Lanczos method for large symmetric eigenvalue
 * problems", SIAM J. Matrix Anal. Appl. 22(2), 2000).
 *
 * With an orthonormal basis $V_j$ of the Krylov space $K_j(A, v_1)$ and residual
 * $r_j \perp V_j$,
 *
 * $$A V_j = V_j H_j + r_j e_j^\top, \quad H_j = V_j^\top A V_j,$$
 *
 * each Ritz pair $(\theta, y = V_j \cdot s)$ of $H_j$ has $\lVert A \cdot y - \theta \cdot y \rVert = \lVert r_j \rVert \cdot \lvert s_j \rvert$ — the
 * residual estimate below, exact up to rounding because every new vector is
 * orthogonalised twice against the whole basis (classical Gram–Schmidt with
 * one reorthogonalisation). $H_j$ is kept dense, so after a thick restart (keep
 * the p Ritz vectors nearest the wanted end, continue from $r_j$) the same code
 * serves the arrowhead-plus-tridiagonal form.
 *
 * Accuracy (for symmetric A): an eigenvalue $\lambda$ lies within the residual r of
 * each Ritz value, and within $r^2/\delta$ when $\delta$ is the gap to the rest of the
 * spectrum; `errorEstimates` reports $\min(r, r^2/\hat\delta)$ with $\hat\delta$ the gap to the
 * neighbouring Ritz value (an estimate: $\hat\delta \ge \delta$ until the neighbour has
 * converged). Rate: convergence to $\lambda_{\min}$ is governed by the relative gap
 * $(\lambda_2 - \lambda_1)/(\lambda_n - \lambda_1)$; for ill-conditioned Gram matrices ($\kappa \sim 10^6$) with
 * clustered small eigenvalues this is tiny, and hundreds to thousands of
 * matrix-vector products are needed — there is no shift-invert here,
 * because A is only available as a product. The residual cannot fall below
 * the rounding error of the product itself, about $u \lVert A \rVert$ ($u = 2^{-53}$) times a
 * modest factor; `tol·|λ|` below that floor is replaced by the floor
 * (`NOISE_FACTOR·u·‖H‖`) and the result says so in `residualFloor`.
 */
import type { Matrix } from '../matrix/matrix';
import { Rng } from '../random/rng';
import { gemm } from '../blas/gemm';
import type { Matvec } from '../blas/symmetricMatvec';
import { eigh } from '../lapack/eigh';
import { tql2, tred2 } from '../lapack/internal/tridiagonal';
import { argumentError } from '../validate/arguments';

/** Which end of the spectrum {@link lanczos} computes: the smallest eigenvalue, the largest, or both. */
export type LanczosWhich = 'smallest' | 'largest' | 'both';

/** Options of {@link lanczos}. */
export interface LanczosOptions {
  /** Dimension of the operator. */
  n: number;
  /** `out ← A·v` for a symmetric A; must not keep or modify `v`. */
  matvec: Matvec;
  /** Which end of the spectrum: the k smallest, the k largest, or k at each end. */
  which: LanczosWhich;
  /** Eigenvalues wanted at each requested end (default 1). */
  k?: number;
  /** Relative residual tolerance: stop when $\lVert A \cdot y - \theta \cdot y \rVert \le \mathrm{tol} \cdot \lvert \theta \rvert$ for every wanted pair (default 1e-10). */
  tol?: number;
  /** Maximum number of matrix-vector products (default $\min(\max(1000, 20 n), 20000)$). */
  maxIter?: number;
  /**
   * Basis size at which to thick-restart (default $\min(n, \max(4 k \cdot \mathrm{ends} + 40, \min(512, \lfloor 2^{22}/n \rfloor)))$),
   * so the basis takes at most ~32 MB). Larger converges in fewer products for clustered spectra.
   */
  maxBasis?: number;
  /** Seed of the random start vector (default 0). */
  seed?: number | string;
  /** Also return the Ritz vectors (default false). */
  vectors?: boolean;
}

/** What {@link lanczos} returns. */
export interface LanczosResult {
  /** Ritz values, ascending: the k smallest, the k largest, or the k smallest then the k largest. */
  values: Float64Array;
  /** n × `values.length`, column j the unit Ritz vector of values[j] (when `vectors`). */
  vectors?: Matrix;
  /** $\lVert A \cdot y - \theta \cdot y \rVert$ for each Ritz pair, from the Lanczos relation. */
  residuals: Float64Array;
  /** Estimated bound on $\lvert \theta - \lambda \rvert$: $\min(\mathrm{residual}, \mathrm{residual}^2/\mathrm{gap})$. */
  errorEstimates: Float64Array;
  /** Matrix-vector products performed. */
  iterations: number;
  /** Thick restarts performed. */
  restarts: number;
  /** Whether every wanted residual is below $\max(\mathrm{tol} \cdot \lvert \theta \rvert, \mathrm{residualFloor})$. */
  converged: boolean;
  /** The rounding floor $\mathrm{NOISE\_FACTOR} \cdot u \lVert H \rVert$ used in place of $\mathrm{tol} \cdot \lvert \theta \rvert$ when that is smaller. */
  residualFloor: number;
}

/** Multiple of $u \lVert A \rVert$ below which a residual is rounding noise ($\sqrt n$-type growth in the product and the basis). */
const NOISE_FACTOR = 64;
const U = 2 ** -53;

/**
 * Extreme eigenvalues of a symmetric operator given only as a matrix-vector product: Lanczos with full
 * reorthogonalisation and thick restarts.
 *
 * @param options - The size n, the product $v \mapsto A v$, which end of the spectrum, how many eigenvalues, the tolerance,
 *   the caps, the seed and whether eigenvectors are wanted.
 *
 * @example
 * ```ts
 * import { Rng, eigvalsh, gramian, lanczos, symmetricMatvec } from '@softmax-ntk/linalg';
 *
 * // The smallest eigenvalue of a 100 × 100 Gram matrix by Lanczos, against the dense solver.
 * const rng = new Rng(1);
 * const g = { rows: 100, cols: 300, data: rng.fillNormal(new Float64Array(100 * 300)) };
 * const h = gramian({ a: g, alpha: 1 / 300 });
 * const small = lanczos({ n: 100, matvec: symmetricMatvec({ a: h }), which: 'smallest' });
 * console.log(small.values[0].toFixed(6), eigvalsh({ a: h })[0].toFixed(6), small.converged);
 * // → 0.196361 0.196361 true
 * ```
 */
export function lanczos(options: LanczosOptions): LanczosResult {
  const { n, matvec, which } = options;
  if (!Number.isInteger(n) || n < 0) throw argumentError('n', `must be a non-negative integer, got ${n}`);
  if (typeof matvec !== 'function') throw argumentError('matvec', `must be a function, got ${typeof matvec}`);
  if (which !== 'smallest' && which !== 'largest' && which !== 'both') {
    throw argumentError('which', `must be 'smallest', 'largest' or 'both', got ${JSON.stringify(which)}`);
  }
  const ends = which === 'both' ? 2 : 1;
  const k = options.k ?? 1;
  if (!Number.isInteger(k) || k < 1 || k * ends > n) {
    throw argumentError(
      'k',
      `must be an integer in [1, ${Math.floor(n / ends)}] for n = ${n} and which = '${which}', got ${k}`,
    );
  }
  const tol = options.tol ?? 1e-10;
  if (!(tol >= 0)) throw argumentError('tol', `must be ≥ 0, got ${tol}`);
  const maxIter = options.maxIter ?? Math.min(Math.max(1000, 20 * n), 20000);
  if (!Number.isInteger(maxIter) || maxIter < 1)
    throw argumentError('maxIter', `must be a positive integer, got ${maxIter}`);
  const want = k * ends;
  const maxBasis = Math.min(
    n,
    options.maxBasis ?? Math.max(4 * want + 40, Math.min(512, Math.floor(2 ** 22 / Math.max(n, 1)))),
  );
  if (!Number.isInteger(maxBasis) || maxBasis < Math.min(n, want + 2)) {
    throw argumentError('maxBasis', `must be an integer ≥ k·ends + 2 = ${want + 2} (or n), got ${options.maxBasis}`);
  }
  return lanczosUnchecked(n, matvec, which, k, tol, maxIter, maxBasis, options.seed ?? 0, options.vectors ?? false);
}

function lanczosUnchecked(
  n: number,
  matvec: Matvec,
  which: LanczosWhich,
  k: number,
  tol: number,
  maxIter: number,
  maxBasis: number,
  seed: number | string,
  wantVectors: boolean,
): LanczosResult {
  const rng = new Rng(seed);
  const m = maxBasis;
  const ld = m + 1;
  const V = new Float64Array((m + 1) * n); // rows: basis vectors v_0..v_m (v_c is the residual direction)
  const H = new Float64Array(ld * ld); // projected matrix, leading dimension ld
  const u = new Float64Array(n);
  const h = new Float64Array(m + 1);
  let c = 0; // columns of H computed = vectors whose products are known
  let beta: number; // ‖r‖, coupling of v_c to the basis
  let iterations = 0;
  let restarts = 0;
  let normH = 0;

  randomUnit(rng, n, V, 0, 0);
  let lastCheck = 0;
  let result: RitzState | undefined;
  for (;;) {
    // Form: u = A·v_c, orthogonalised twice against v_0..v_c; H[:, c] = coefficients.
    const vc = V.subarray(c * n, (c + 1) * n);
    matvec(vc, u);
    iterations++;
    h.fill(0, 0, c + 1);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i <= c; i++) {
        let s = 0;
        const vi = i * n;
        for (let t = 0; t < n; t++) s += (V[vi + t] as number) * (u[t] as number);
        h[i] = (h[i] as number) + s;
        for (let t = 0; t < n; t++) u[t] = (u[t] as number) - s * (V[vi + t] as number);
      }
    }
    for (let i = 0; i <= c; i++) {
      H[i * ld + c] = h[i] as number;
      H[c * ld + i] = h[i] as number;
    }
    beta = norm(u, n);
    c++;
    let colNorm = 0;
    for (let i = 0; i < c; i++) colNorm += (h[i] as number) ** 2;
    normH = Math.max(normH, Math.sqrt(colNorm + beta * beta));
    const exhausted = c === n;
    // Breakdown: r is rounding noise, so span(V) is invariant. Continue with a fresh random direction.
    const breakdown = !exhausted && beta <= NOISE_FACTOR * U * normH;
    if (exhausted) beta = 0;
    if (!exhausted) {
      if (breakdown) {
        beta = 0;
        randomUnit(rng, n, V, c, c);
      } else {
        const inv = 1 / beta;
        const vo = c * n;
        for (let t = 0; t < n; t++) V[vo + t] = (u[t] as number) * inv;
      }
      H[c * ld + c - 1] = beta;
      H[(c - 1) * ld + c] = beta;
    }
    // Convergence check: when the basis is full or exhausted, the budget is spent, or every ~c/8 steps.
    const full = c === m;
    const outOfBudget = iterations >= maxIter;
    if (!(full || exhausted || outOfBudget || c - lastCheck >= Math.max(4, c >> 3))) continue;
    lastCheck = c;
    result = ritz(H, ld, c, beta, which, k, tol, normH, restarts === 0, false);
    if (result.converged || exhausted || outOfBudget) break;
    if (full) {
      result = ritz(H, ld, c, beta, which, k, tol, normH, restarts === 0, true);
      const sFull = result.s as Float64Array;
      // Thick restart: keep the p Ritz vectors nearest the wanted end(s), then the residual direction.
      restarts++;
      const keep = keepIndices(c, which, k);
      const p = keep.length;
      const S = new Float64Array(p * c); // p × c: row i = Ritz coefficient vector of kept pair i
      for (let i = 0; i < p; i++)
        for (let j = 0; j < c; j++) S[i * c + j] = sFull[j * c + (keep[i] as number)] as number;
      const Y = new Float64Array(p * n);
      gemm('no-transpose', 'no-transpose', p, n, c, 1, S, c, 1, 0, V, n, 1, 0, 0, Y, n, 1, 0);
      V.set(Y, 0);
      V.copyWithin(p * n, c * n, (c + 1) * n);
      H.fill(0);
      for (let i = 0; i < p; i++) {
        const ki = keep[i] as number;
        H[i * ld + i] = result.theta[ki] as number;
        const coupling = beta * (sFull[(c - 1) * c + ki] as number);
        H[i * ld + p] = coupling;
        H[p * ld + i] = coupling;
      }
      c = p;
      lastCheck = c;
    }
  }
  let r = result;
  if (wantVectors && r.s === undefined) r = ritz(H, ld, c, beta, which, k, tol, normH, restarts === 0, true);
  const out: LanczosResult = {
    values: r.values,
    residuals: r.residuals,
    errorEstimates: r.errorEstimates,
    iterations,
    restarts,
    converged: r.converged,
    residualFloor: r.floor,
  };
  if (wantVectors) {
    const cnt = r.index.length;
    const S = new Float64Array(cnt * c);
    for (let i = 0; i < cnt; i++)
      for (let j = 0; j < c; j++) S[i * c + j] = (r.s as Float64Array)[j * c + (r.index[i] as number)] as number;
    // Y (n × cnt) = V_cᵀ (n × c) · Sᵀ (c × cnt).
    const Y = new Float64Array(n * cnt);
    gemm('transpose', 'transpose', n, cnt, c, 1, V, n, 1, 0, S, c, 1, 0, 0, Y, cnt, 1, 0);
    out.vectors = { rows: n, cols: cnt, data: Y };
  }
  return out;
}

interface RitzState {
  theta: Float64Array;
  /** $c \times c$ eigenvectors of H, row-major, column j for theta[j] (when computed). */
  s: Float64Array | undefined;
  index: number[];
  values: Float64Array;
  residuals: Float64Array;
  errorEstimates: Float64Array;
  converged: boolean;
  floor: number;
}

/**
 * Ritz values of the leading $c \times c$ block of H and the state of the wanted
 * pairs. Without `needVectors` only the last component of each eigenvector
 * of H is computed (all the residual estimate needs): $O(c^2)$ when H is
 * tridiagonal (no restart yet: QL tracking one component), $(4/3) \cdot c^3$ otherwise
 * (Householder reduction first, which fixes the last coordinate). With
 * `needVectors`, the full eigendecomposition ($\sim 9 c^3$).
 */
function ritz(
  H: Float64Array,
  ld: number,
  c: number,
  beta: number,
  which: LanczosWhich,
  k: number,
  tol: number,
  normH: number,
  tridiagonal: boolean,
  needVectors: boolean,
): RitzState {
  let theta: Float64Array;
  let s: Float64Array | undefined;
  let last: Float64Array;
  if (needVectors) {
    const hc = new Float64Array(c * c);
    for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) hc[i * c + j] = H[i * ld + j] as number;
    const r = eigh({ a: { rows: c, cols: c, data: hc } });
    theta = r.values;
    s = (r.vectors as Matrix).data;
    last = s.slice((c - 1) * c, c * c);
  } else {
    theta = new Float64Array(c);
    const e = new Float64Array(c);
    if (tridiagonal) {
      for (let i = 0; i < c; i++) theta[i] = H[i * ld + i] as number;
      for (let i = 1; i < c; i++) e[i] = H[i * ld + i - 1] as number;
    } else {
      const hc = new Float64Array(c * c);
      for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) hc[i * c + j] = H[i * ld + j] as number;
      tred2(c, hc, theta, e, false);
    }
    last = new Float64Array(c);
    last[c - 1] = 1;
    tql2(c, theta, e, last, 1);
  }
  const index: number[] = [];
  const kk = Math.min(k, c);
  if (which !== 'largest') for (let i = 0; i < kk; i++) index.push(i);
  if (which !== 'smallest') for (let i = Math.max(c - kk, which === 'both' ? kk : 0); i < c; i++) index.push(i);
  const floor = NOISE_FACTOR * U * normH;
  const cnt = index.length;
  const values = new Float64Array(cnt);
  const residuals = new Float64Array(cnt);
  const errorEstimates = new Float64Array(cnt);
  let converged = cnt === k * (which === 'both' ? 2 : 1);
  for (let q = 0; q < cnt; q++) {
    const j = index[q] as number;
    const th = theta[j] as number;
    const res = Math.abs(beta * (last[j] as number));
    let gap = Infinity;
    if (j > 0) gap = Math.min(gap, th - (theta[j - 1] as number));
    if (j < c - 1) gap = Math.min(gap, (theta[j + 1] as number) - th);
    values[q] = th;
    residuals[q] = res;
    errorEstimates[q] = gap > 0 ? Math.min(res, (res * res) / gap) : res;
    if (!(res <= Math.max(tol * Math.abs(th), floor))) converged = false;
  }
  return { theta, s, index, values, residuals, errorEstimates, converged, floor };
}

/** Indices (into ascending Ritz values) of the vectors kept at a thick restart: about half the basis, at the wanted end(s). */
function keepIndices(c: number, which: LanczosWhich, k: number): number[] {
  const ends = which === 'both' ? 2 : 1;
  const perEnd = Math.max(k + 1, Math.floor(c / (2 * ends)));
  const out: number[] = [];
  if (which !== 'largest') for (let i = 0; i < perEnd; i++) out.push(i);
  if (which !== 'smallest') for (let i = c - perEnd; i < c; i++) out.push(i);
  return out;
}

function norm(x: Float64Array, n: number): number {
  let scale = 0;
  for (let t = 0; t < n; t++) scale = Math.max(scale, Math.abs(x[t] as number));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let t = 0; t < n; t++) s += ((x[t] as number) / scale) ** 2;
  return scale * Math.sqrt(s);
}

/** A random unit vector into row `row` of V, orthogonalised (twice) against rows 0..count−1. */
function randomUnit(rng: Rng, n: number, V: Float64Array, row: number, count: number): void {
  const o = row * n;
  for (let attempt = 0; attempt < 5; attempt++) {
    for (let t = 0; t < n; t++) V[o + t] = rng.normal();
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < count; i++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += (V[i * n + t] as number) * (V[o + t] as number);
        for (let t = 0; t < n; t++) V[o + t] = (V[o + t] as number) - s * (V[i * n + t] as number);
      }
    }
    const nv = norm(V.subarray(o, o + n), n);
    if (nv > 1e-8) {
      for (let t = 0; t < n; t++) V[o + t] = (V[o + t] as number) / nv;
      return;
    }
  }
}
