/**
 * Test matrices with known answers, for the tests of this package only (not
 * exported): Gaussian matrices, Haar-random orthogonal matrices (QR of a
 * Gaussian by Householder reflections, sign-fixed), symmetric matrices
 * Q·diag(λ)·Qᵀ with a prescribed spectrum, the eigensolver tests' matrix
 * families, and eigenvalues by cyclic Jacobi (their independent reference).
 */
import type { Matrix } from '../../matrix/matrix';
import { Rng } from '../../random/rng';
import { gemm } from '../../blas/gemm';
import { matmul } from '../../blas/matmul';
import { matrix } from '../../matrix/matrix';
import { tql2 } from './tridiagonal';

/** A rows × cols matrix of independent N(0, sd²) entries (sd = 1: the draws as they are). */
export function gaussian(rng: Rng, rows: number, cols: number, sd = 1): Matrix {
  const data = new Float64Array(rows * cols);
  rng.fillNormal(data);
  if (sd !== 1) for (let k = 0; k < data.length; k++) data[k] = sd * (data[k] as number);
  return { rows, cols, data };
}

/**
 * A Haar-distributed n × n orthogonal matrix: Q = H₁·H₂·…·H_{n−1}·D with
 * Householder reflections Hₖ = I − 2·vₖvₖᵀ/‖vₖ‖² from the QR of a Gaussian
 * matrix and D the diagonal of signs that makes R's diagonal positive.
 * Built by applying the reflections to the identity.
 */
export function randomOrthogonal(rng: Rng, n: number): Matrix {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const v = new Float64Array(n);
  // Apply H_{n−1}, …, H_1 from the left in reverse, i.e. Q = H_1 ⋯ H_{n−1}.
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n).fill(1);
  for (let k = 0; k < n; k++) {
    // A fresh Gaussian column restricted to rows k..n−1 has the law of the
    // k-th column of the partially reduced Gaussian matrix.
    let norm2 = 0;
    for (let i = k; i < n; i++) {
      v[i] = rng.normal();
      norm2 += (v[i] as number) ** 2;
    }
    const x0 = v[k] as number;
    const alpha = -Math.sign(x0 || 1) * Math.sqrt(norm2);
    signs[k] = -Math.sign(alpha); // sign of R_kk = alpha; flip so R_kk > 0
    v[k] = x0 - alpha;
    vs.push(v.slice());
  }
  for (let k = n - 1; k >= 0; k--) {
    const vk = vs[k] as Float64Array;
    let vv = 0;
    for (let i = k; i < n; i++) vv += (vk[i] as number) ** 2;
    if (vv === 0) continue;
    // Q ← H_k·Q on rows k..n−1.
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < n; i++) s += (vk[i] as number) * (q[i * n + j] as number);
      const f = (2 * s) / vv;
      for (let i = k; i < n; i++) q[i * n + j] = (q[i * n + j] as number) - f * (vk[i] as number);
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) q[i * n + j] = (q[i * n + j] as number) * (signs[j] as number);
  return { rows: n, cols: n, data: q };
}

/** The symmetric matrix Q·diag(λ)·Qᵀ (exactly symmetrised) and its Q. */
export function withSpectrum(rng: Rng, lambda: ArrayLike<number>): { a: Matrix; q: Matrix } {
  const n = lambda.length;
  const q = randomOrthogonal(rng, n);
  const qd = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) qd[i * n + j] = (q.data[i * n + j] as number) * (lambda[j] as number);
  const a = new Float64Array(n * n);
  gemm('no-transpose', 'transpose', n, n, n, 1, qd, n, 1, 0, q.data, n, 1, 0, 0, a, n, 1, 0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * ((a[i * n + j] as number) + (a[j * n + i] as number));
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return { a: { rows: n, cols: n, data: a }, q };
}

/** λ geometrically spaced from `lo` to `hi` (ascending), n ≥ 2. */
export function geometricSpectrum(n: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo * Math.pow(hi / lo, n === 1 ? 0 : i / (n - 1));
  return out;
}

export { Rng };

/**
 * Q·diag(λ)·Qᵀ with Q a product of `reflections` Householder reflections
 * I − 2·vvᵀ/‖v‖² of Gaussian vectors: O(reflections·n²), for the large
 * benchmark matrices (the spectrum is exact; Q is far from Haar but Krylov
 * methods see only the spectrum and the start vector's weights).
 */
export function reflectedSpectrum(rng: Rng, lambda: ArrayLike<number>, reflections = 4): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i] as number;
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let r = 0; r < reflections; r++) {
    let vv = 0;
    for (let i = 0; i < n; i++) {
      v[i] = rng.normal();
      vv += (v[i] as number) ** 2;
    }
    // H·A·H = A − v·wᵀ − w·vᵀ with p = 2·A·v/vv, w = p − (vᵀp/vv)·v.
    let vp = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (a[i * n + j] as number) * (v[j] as number);
      w[i] = (2 * s) / vv;
      vp += (v[i] as number) * (w[i] as number);
    }
    const f = vp / vv;
    for (let i = 0; i < n; i++) w[i] = (w[i] as number) - f * (v[i] as number);
    for (let i = 0; i < n; i++) {
      const vi = v[i] as number;
      const wi = w[i] as number;
      for (let j = 0; j < n; j++)
        a[i * n + j] = (a[i * n + j] as number) - vi * (w[j] as number) - wi * (v[j] as number);
    }
  }
  // Exactly symmetric (rounding leaves a_ij and a_ji a few ulps apart; ml-matrix's Cholesky insists).
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * ((a[i * n + j] as number) + (a[j * n + i] as number));
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/**
 * Eigenvalues by the cyclic Jacobi method (Golub & Van Loan §8.5.3): plane rotations until every off-diagonal
 * entry is below u·‖A‖_F — an independent reference sharing no code with the Householder/QL route.
 */
export function jacobiEigenvalues(a: Matrix): number[] {
  const n = a.rows;
  const w = Float64Array.from(a.data);
  let frob = 0;
  for (const x of w) frob += x * x;
  const tiny = 2 ** -53 * Math.sqrt(frob);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off = Math.max(off, Math.abs(w[p * n + q] as number));
    if (off <= tiny) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = w[p * n + q] as number;
        if (apq === 0) continue;
        const theta = ((w[q * n + q] as number) - (w[p * n + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // columns p, q
          const akp = w[k * n + p] as number;
          const akq = w[k * n + q] as number;
          w[k * n + p] = c * akp - s * akq;
          w[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // rows p, q
          const apk = w[p * n + k] as number;
          const aqk = w[q * n + k] as number;
          w[p * n + k] = c * apk - s * aqk;
          w[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => w[i * n + i] as number).sort((x, y) => x - y);
}

/** A + Aᵀ for a Gaussian A: a random symmetric matrix, ‖A‖₂ ≈ 2·√(2n). */
export function symmetricGaussian(rng: Rng, n: number): Matrix {
  const g = gaussian(rng, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = (g.data[i * n + j] as number) + (g.data[j * n + i] as number);
  return { rows: n, cols: n, data: a };
}

/** Matrix families of the eigensolver tests (random, graded, clustered, rank-deficient, diagonal), by seed and n. */
export const EIG_FAMILIES: Record<string, (rng: Rng, n: number) => Matrix> = {
  random: symmetricGaussian,
  // D·S·D with D = diag(10^(−6·i/(n−1))): entries graded over 12 orders of magnitude.
  graded: (rng, n) => {
    const s = symmetricGaussian(rng, n);
    const d = Array.from({ length: n }, (_, i) => 10 ** ((-6 * i) / Math.max(1, n - 1)));
    return {
      rows: n,
      cols: n,
      data: s.data.map((x, k) => x * (d[Math.floor(k / n)] as number) * (d[k % n] as number)),
    };
  },
  // Three clusters of eigenvalues 1e-10 apart around −1, 0.25 and 2.
  clustered: (rng, n) =>
    withSpectrum(
      rng,
      Array.from({ length: n }, (_, i) => [-1, 0.25, 2][i % 3]! + 1e-10 * Math.floor(i / 3)).sort((x, y) => x - y),
    ).a,
  // B·Bᵀ with B n × ⌈n/3⌉: rank ⌈n/3⌉, the other eigenvalues zero.
  rankDeficient: (rng, n) => {
    const b = gaussian(rng, n, Math.ceil(n / 3));
    return matmul({ a: b, b, transB: true });
  },
  diagonal: (rng, n) => {
    const a = matrix(n, n);
    for (let i = 0; i < n; i++) a.data[i * n + i] = rng.normal();
    return a;
  },
};

/** max |(VᵀV − I)ᵢⱼ| and max |(A·V − V·Λ)ᵢⱼ| for column-eigenvectors V. */
export function decompositionErrors(a: Matrix, values: Float64Array, v: Matrix): { orth: number; residual: number } {
  const n = a.rows;
  const av = matmul({ a, b: v });
  const vtv = matmul({ a: v, b: v, transA: true });
  let orth = 0;
  let residual = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      orth = Math.max(orth, Math.abs((vtv.data[i * n + j] as number) - (i === j ? 1 : 0)));
      const vl = (v.data[i * n + j] as number) * (values[j] as number);
      residual = Math.max(residual, Math.abs((av.data[i * n + j] as number) - vl));
    }
  }
  return { orth, residual };
}

/**
 * The QL reference for a symmetric tridiagonal T (diagonal d, off-diagonal e with e[i] coupling i and i + 1): tql2
 * with vectors (rows of w the eigenvectors), values ascending.
 */
export function tridiagonalQl(d: Float64Array, e: Float64Array): { values: Float64Array; w: Float64Array } {
  const n = d.length;
  const values = d.slice();
  const ee = new Float64Array(n);
  for (let i = 1; i < n; i++) ee[i] = e[i - 1] as number;
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = 1;
  tql2(n, values, ee, w);
  return { values, w };
}

/** ‖T‖_∞ of the symmetric tridiagonal T (≥ ‖T‖₂). */
export function tridiagonalNormInf(d: Float64Array, e: Float64Array): number {
  const n = d.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const r =
      Math.abs(d[i] as number) +
      (i > 0 ? Math.abs(e[i - 1] as number) : 0) +
      (i < n - 1 ? Math.abs(e[i] as number) : 0);
    m = Math.max(m, r);
  }
  return m;
}

/** max_j ‖T·v_j − λ_j·v_j‖₂ and max |VᵀV − I| for V n × n row-major, column j = v_j, T tridiagonal (d, e). */
export function tridiagonalErrors(
  d: Float64Array,
  e: Float64Array,
  values: Float64Array,
  v: Float64Array,
): { res: number; orth: number } {
  const n = d.length;
  let res = 0;
  for (let j = 0; j < n; j++) {
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      let t = (d[i] as number) * (v[i * n + j] as number);
      if (i > 0) t += (e[i - 1] as number) * (v[(i - 1) * n + j] as number);
      if (i < n - 1) t += (e[i] as number) * (v[(i + 1) * n + j] as number);
      t -= (values[j] as number) * (v[i * n + j] as number);
      s2 += t * t;
    }
    res = Math.max(res, Math.sqrt(s2));
  }
  let orth = 0;
  const col = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    for (let i = 0; i < n; i++) col[i] = v[i * n + a] as number;
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (col[i] as number) * (v[i * n + b] as number);
      orth = Math.max(orth, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return { res, orth };
}
