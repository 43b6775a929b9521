/**
 * Eigenvalues of a symmetric tridiagonal matrix by the Pal–Walker–Kahan
 * root-free variant of implicit-shift QL/QR (LAPACK dsterf, translated with
 * 0-based indices): the sweeps work on the squares of the off-diagonal, so a
 * rotation costs two divisions and no square root (`tql2` takes a √ per
 * rotation), which halves the O(n²) tail of `eigvalsh` at large n. Per
 * unreduced block: scaled into a safe range when its largest entry is huge
 * or tiny; QL when its bottom end is the larger, else QR (the chase starts at
 * the end that converges first); 2 × 2 blocks closed by dlae2.
 */
import { EigenConvergenceError } from './tridiagonal';

/** Sweeps allowed per eigenvalue on average (LAPACK's MAXIT). */
const MAXIT = 30;
const EPS = 2 ** -53;
const EPS2 = EPS * EPS;
const SAFMIN = 2 ** -1022;
const SSFMAX = Math.sqrt(1 / SAFMIN) / 3;
const SSFMIN = Math.sqrt(SAFMIN) / EPS2;

/** The eigenvalues (rt1 of larger magnitude, rt2) of [[a, b], [b, c]] (LAPACK dlae2). */
function dlae2(a: number, b: number, c: number): [number, number] {
  const sm = a + c;
  const adf = Math.abs(a - c);
  const ab = Math.abs(b + b);
  const [acmx, acmn] = Math.abs(a) > Math.abs(c) ? [a, c] : [c, a];
  let rt: number;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) ** 2);
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) ** 2);
  else rt = ab * Math.SQRT2;
  if (sm < 0) {
    const rt1 = 0.5 * (sm - rt);
    return [rt1, (acmx / rt1) * acmn - (b / rt1) * b];
  }
  if (sm > 0) {
    const rt1 = 0.5 * (sm + rt);
    return [rt1, (acmx / rt1) * acmn - (b / rt1) * b];
  }
  return [0.5 * rt, -0.5 * rt];
}

/** The shift σ from the leading 2 × 2 (p = d_l, q the next diagonal entry, e2 the square of their coupling). */
function shift(p: number, q: number, e2: number): number {
  const rte = Math.sqrt(e2);
  const sigma = (q - p) / (2 * rte);
  const r = Math.hypot(sigma, 1);
  return p - rte / (sigma + (sigma >= 0 ? r : -r));
}

/**
 * Eigenvalues, ascending, into `d` (n entries) of the symmetric tridiagonal matrix with diagonal `d` and
 * off-diagonal `e[0..n−2]` (e[i] couples d[i] and d[i+1]; destroyed).
 *
 * @throws EigenConvergenceError when the iteration has not converged after 30·n sweeps (not seen in practice).
 */
export function sterf(n: number, d: Float64Array, e: Float64Array): void {
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) e[l1 - 1] = 0;
    // Split off an unreduced block l1…m.
    let m = l1;
    for (; m < n - 1; m++) {
      const em = Math.abs(e[m] as number);
      if (em <= Math.sqrt(Math.abs(d[m] as number)) * Math.sqrt(Math.abs(d[m + 1] as number)) * EPS) {
        e[m] = 0;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend === l) continue;
    // Scale the block into a safe range.
    let anorm = 0;
    for (let i = l; i <= lend; i++) anorm = Math.max(anorm, Math.abs(d[i] as number));
    for (let i = l; i < lend; i++) anorm = Math.max(anorm, Math.abs(e[i] as number));
    if (anorm === 0) continue;
    let scale = 1;
    if (anorm > SSFMAX) scale = SSFMAX / anorm;
    else if (anorm < SSFMIN) scale = SSFMIN / anorm;
    if (scale !== 1) {
      for (let i = l; i <= lend; i++) d[i] = (d[i] as number) * scale;
      for (let i = l; i < lend; i++) e[i] = (e[i] as number) * scale;
    }
    for (let i = l; i < lend; i++) e[i] = (e[i] as number) ** 2;
    // QL when the bottom end is the larger, else QR.
    if (Math.abs(d[lend] as number) < Math.abs(d[l] as number)) {
      lend = lsv;
      l = lendsv;
    }
    if (lend >= l) {
      // QL iteration.
      while (l <= lend) {
        let mm = l;
        for (; mm < lend; mm++)
          if (Math.abs(e[mm] as number) <= EPS2 * Math.abs((d[mm] as number) * (d[mm + 1] as number))) break;
        if (mm < lend) e[mm] = 0;
        let p = d[l] as number;
        if (mm === l) {
          // Eigenvalue found.
          d[l] = p;
          l++;
          continue;
        }
        if (mm === l + 1) {
          const [rt1, rt2] = dlae2(d[l] as number, Math.sqrt(e[l] as number), d[l + 1] as number);
          d[l] = rt1;
          d[l + 1] = rt2;
          e[l] = 0;
          l += 2;
          continue;
        }
        if (jtot === nmaxit) break;
        jtot++;
        const sigma = shift(p, d[l + 1] as number, e[l] as number);
        let c = 1;
        let s = 0;
        let gamma = (d[mm] as number) - sigma;
        p = gamma * gamma;
        for (let i = mm - 1; i >= l; i--) {
          const bb = e[i] as number;
          const r = p + bb;
          if (i !== mm - 1) e[i + 1] = s * r;
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = d[i] as number;
          gamma = c * (alpha - sigma) - s * oldgam;
          d[i + 1] = oldgam + (alpha - gamma);
          p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l] = s * p;
        d[l] = sigma + gamma;
      }
    } else {
      // QR iteration.
      while (l >= lend) {
        let mm = l;
        for (; mm > lend; mm--)
          if (Math.abs(e[mm - 1] as number) <= EPS2 * Math.abs((d[mm] as number) * (d[mm - 1] as number))) break;
        if (mm > lend) e[mm - 1] = 0;
        let p = d[l] as number;
        if (mm === l) {
          d[l] = p;
          l--;
          continue;
        }
        if (mm === l - 1) {
          const [rt1, rt2] = dlae2(d[l] as number, Math.sqrt(e[l - 1] as number), d[l - 1] as number);
          d[l] = rt1;
          d[l - 1] = rt2;
          e[l - 1] = 0;
          l -= 2;
          continue;
        }
        if (jtot === nmaxit) break;
        jtot++;
        const sigma = shift(p, d[l - 1] as number, e[l - 1] as number);
        let c = 1;
        let s = 0;
        let gamma = (d[mm] as number) - sigma;
        p = gamma * gamma;
        for (let i = mm; i <= l - 1; i++) {
          const bb = e[i] as number;
          const r = p + bb;
          if (i !== mm) e[i - 1] = s * r;
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = d[i + 1] as number;
          gamma = c * (alpha - sigma) - s * oldgam;
          d[i] = oldgam + (alpha - gamma);
          p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l - 1] = s * p;
        d[l] = sigma + gamma;
      }
    }
    if (scale !== 1)
      for (let i = Math.min(lsv, lendsv); i <= Math.max(lsv, lendsv); i++) d[i] = (d[i] as number) / scale;
    if (jtot === nmaxit && e.subarray(0, n - 1).some((v) => v !== 0)) {
      throw new EigenConvergenceError(`tridiagonal QL/QR (dsterf) did not converge within ${nmaxit} sweeps`);
    }
  }
  d.sort();
}
