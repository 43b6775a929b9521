/**
 * Adaptive Dormand–Prince RK5(4) (Dormand & Prince 1980) on one flat state vector, integrating from `ta` to
 * `tb` in either direction: the integrator behind the probability-flow ODE of [SSDK+21] (sampling from T down
 * to T₀, and the likelihood from ε up to T).
 */

// Dormand–Prince 5(4) tableau.
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A: number[][] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const B5 = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const B4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

export const DOPRI5_MAX_STEPS = 100000;

export interface Dopri5Result {
  x: Float64Array;
  accepted: number;
  rejected: number;
}

/**
 * dx/dt = f(t, x) from t = ta to t = tb (tb < ta integrates backwards). The error norm is the RMS over all
 * components of (x5 − x4)/(atol + rtol·max(|x|, |x5|)); a step is accepted when it is ≤ 1 (or |h| < 1e-12), and
 * h ← h·min(5, max(0.2, 0.9·err^(−1/5))). First step |tb − ta|/100. `onAccept(t, x)` may change x in place and
 * then returns true, so that the first stage is re-evaluated (FSAL otherwise reuses the 7th stage).
 */
export function dopri5(
  x0: Float64Array,
  ta: number,
  tb: number,
  f: (t: number, x: Float64Array) => Float64Array,
  rtol: number,
  atol: number,
  onAccept?: (t: number, x: Float64Array, accepted: number) => boolean,
): Dopri5Result {
  let x = x0;
  const n = x.length;
  const dir = tb >= ta ? 1 : -1;
  let t = ta;
  let h = Math.abs(tb - ta) / 100; // step magnitude
  let accepted = 0;
  let rejected = 0;
  let k1 = f(t, x);
  const remaining = () => (tb - t) * dir;
  while (remaining() > 0 && accepted + rejected < DOPRI5_MAX_STEPS) {
    if (h > remaining()) h = remaining();
    const hs = dir * h;
    const ks: Float64Array[] = [k1];
    const tmp = new Float64Array(n);
    for (let s = 1; s < 7; s++) {
      const row = A[s] as number[];
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < s; j++) acc += (row[j] as number) * ((ks[j] as Float64Array)[i] as number);
        tmp[i] = (x[i] as number) + hs * acc;
      }
      ks.push(f(t + hs * (C[s] as number), tmp.slice()));
    }
    const x5 = new Float64Array(n);
    let err = 0;
    for (let i = 0; i < n; i++) {
      let a5 = 0;
      let a4 = 0;
      for (let j = 0; j < 7; j++) {
        const kj = (ks[j] as Float64Array)[i] as number;
        a5 += (B5[j] as number) * kj;
        a4 += (B4[j] as number) * kj;
      }
      x5[i] = (x[i] as number) + hs * a5;
      const sc = atol + rtol * Math.max(Math.abs(x[i] as number), Math.abs(x5[i] as number));
      err += ((h * (a5 - a4)) / sc) ** 2;
    }
    err = Math.sqrt(err / n);
    // A non-finite error (a stage overflowed or the derivative is NaN) is a step too large until h is
    // negligible; then the non-finite state is returned as it is, for the caller's check to name.
    if (!(err < Infinity) && h < 1e-12) return { x: x5, accepted, rejected };
    if (err <= 1 || h < 1e-12) {
      // The last step lands exactly on tb (no rounding drift past it).
      t = h === remaining() ? tb : t + hs;
      x = x5;
      accepted++;
      k1 = onAccept?.(t, x, accepted) ? f(t, x) : (ks[6] as Float64Array);
    } else {
      rejected++;
    }
    const factor = err === 0 ? 5 : err < Infinity ? Math.min(5, Math.max(0.2, 0.9 * err ** -0.2)) : 0.2;
    h *= factor;
  }
  if (remaining() > 0) throw new Error(`rk45: step limit ${DOPRI5_MAX_STEPS} reached at t = ${t}`);
  return { x, accepted, rejected };
}
