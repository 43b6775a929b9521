/**
 * Adaptive Gauss–Kronrod (7, 15) quadrature: ∫ₐᵇ f to an absolute/relative
 * tolerance, by recursive bisection of the interval whose |K15 − G7| is too
 * large. Used for ∫₀ᵗ g when a schedule expression has no polynomial form.
 */

// Nodes and weights of the 15-point Kronrod rule and its embedded 7-point Gauss rule on [−1, 1]
// (QUADPACK's qk15 values, written as the nearest float64, which is what the 18-digit constants become).
const XK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.20778495500789848, 0,
];
const WK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679,
  0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

function gk15(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = fc * (WK[7] as number);
  let g = fc * (WG[3] as number);
  for (let j = 0; j < 7; j++) {
    const dx = h * (XK[j] as number);
    const s = f(c - dx) + f(c + dx);
    k += (WK[j] as number) * s;
    if (j % 2 === 1) g += (WG[(j - 1) / 2] as number) * s;
  }
  return { value: k * h, error: Math.abs((k - g) * h) };
}

/** ∫ₐᵇ f(x) dx with |error| ≲ max(tol, tol·|result|); throws if `maxDepth` bisections do not reach it. */
export function integrate(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxDepth = 40): number {
  if (a === b) return 0;
  const whole = gk15(f, a, b);
  const scale = Math.max(1, Math.abs(whole.value));
  const recurse = (
    lo: number,
    hi: number,
    est: { value: number; error: number },
    depth: number,
    budget: number,
  ): number => {
    if (est.error <= budget * scale || est.error <= 1e-15 * Math.abs(est.value)) return est.value;
    if (depth >= maxDepth)
      throw new Error(`quadrature did not reach tolerance ${tol} on [${lo}, ${hi}] (error estimate ${est.error})`);
    const mid = 0.5 * (lo + hi);
    const l = gk15(f, lo, mid);
    const r = gk15(f, mid, hi);
    return recurse(lo, mid, l, depth + 1, budget / 2) + recurse(mid, hi, r, depth + 1, budget / 2);
  };
  return recurse(a, b, whole, 0, tol);
}
