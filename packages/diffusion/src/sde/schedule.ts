/**
 * The noise schedule g(t) of the forward SDE $dx = -\frac12 g(t) x \, dt + \sqrt{g(t)} \, dB$
 * (Eq. 3 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax",
 * 2024, Section 6.1) and its closed-form marginals
 * $x(t) \mid x(0) \sim \mathcal{N}(\alpha_t x(0), \sigma_t^2 I)$, $\alpha_t = \exp(-\frac12 \int_0^t g)$, $\sigma_t^2 = 1 - \alpha_t^2$.
 */
import { compileExpression, type SafeExpression } from '../internal/safeExpression';
import { integrate } from '../internal/quadrature';
import { show } from '../internal/validate';

/** A schedule as written in a model file or on the command line. */
export type ScheduleSpec =
  | { kind: 'linear'; betaMin?: number; betaMax?: number }
  | { kind: 'constant'; beta?: number }
  | { kind: 'cosine'; s?: number; gMax?: number }
  | { kind: 'expression'; expression: string };

/**
 * A bad schedule; `field` is `"schedule"`.
 *
 * @example
 * ```ts
 * import { ScheduleError, makeSchedule } from '@softmax-ntk/diffusion';
 *
 * // A schedule g(t) must be positive on [0, T]
 * try {
 *   makeSchedule({ spec: '1 - 2*t' });
 * } catch (e) {
 *   console.log(e instanceof ScheduleError, e.field, e.message);
 *   // → true schedule invalid schedule: "1 - 2*t" must be finite and positive on [0, T = 1], got g(0.5) = 0
 * }
 * ```
 */
export class ScheduleError extends Error {
  /** The class name that messages and `error.name` show. */
  override name = 'ScheduleError';
  /** Always `schedule`: the field that a message names. */
  readonly field = 'schedule';
}

/**
 * A VP-SDE noise schedule $g(t)$ with $\alpha_t = \exp(-\frac12 \int_0^t g)$ and $\sigma_t^2 = 1 - \alpha_t^2$ (Eq. 3, Assumption 6.3), as {@link
 * makeSchedule} returns it.
 */
export interface Schedule {
  /** The spec with every default filled in (what a model file stores). */
  readonly spec: ScheduleSpec;
  /** The time horizon T the schedule was validated on. */
  readonly T: number;
  /**
   * g(t).
   *
   * @param t - The time $t \ge 0$.
   */
  g(t: number): number;
  /**
   * $\int_0^t g(s)\, ds$.
   *
   * @param t - The time $t \ge 0$.
   */
  integral(t: number): number;
  /**
   * $\alpha_t = \exp(-\frac12 \int_0^t g)$.
   *
   * @param t - The time $t \ge 0$.
   */
  alpha(t: number): number;
  /**
   * $\sigma_t^2 = 1 - \alpha_t^2$ (computed as $-\operatorname{expm1}(-\int_0^t g)$, accurate for small $t$).
   *
   * @param t - The time $t \ge 0$.
   */
  sigma2(t: number): number;
  /** How $\int_0^t g$ is computed: `"closed form"`, `"symbolic (polynomial)"` or `"adaptive quadrature"`. */
  readonly integration: string;
  /** A one-line description, e.g. `linear β(t) = 0.1 + t·(20 − 0.1)`. */
  readonly description: string;
}

/** Options of {@link makeSchedule}. */
export interface MakeScheduleOptions {
  /** The schedule: a spec object, or a name or expression (`linear`, `cosine`, `0.1 + 19.9*t`). */
  spec: ScheduleSpec | string;
  /** Horizon T (default 1): expressions are checked positive on [0, T]. */
  T?: number;
}

/** Points of [0, T] at which an expression's positivity and finiteness are checked. */
const CHECK_POINTS = 2001;

/**
 * A schedule from its spec; a string is `linear`, `constant`, `cosine`, or
 * an expression in `t` (e.g. `"0.1 + 19.9*t"`, `"10*exp(t)"`).
 *
 * - linear: $g(t) = \beta_{\min} + (t/T)(\beta_{\max} - \beta_{\min})$, defaults $\beta_{\min} = 0.1$, $\beta_{\max} = 20$ (the usual VP SDE);
 *   $\int_0^t g = \beta_{\min} t + (\beta_{\max} - \beta_{\min}) t^2/(2T)$.
 * - constant: $g = \beta$ (default 10).
 * - cosine: $\bar\alpha(t) = \cos^2(\frac\pi2 \cdot \frac{t/T + s}{1 + s}) / \cos^2(\frac\pi2 \cdot \frac{s}{1 + s})$ (Nichol & Dhariwal, s = 0.008),
 *   i.e. $g(t) = \pi/(T(1 + s)) \cdot \tan(\pi/2 \cdot (t/T + s)/(1$ + s)), capped at gMax (default 20) near T,
 *   where it diverges; $\int_0^t g$ is exact piecewise.
 * - expression: a restricted grammar (internal/safeExpression: numbers, `t`, `pi`, `e`, + − × ÷ ^,
 *   exp, log, sqrt, sin, cos, tan, … of one argument; at most 500 characters, 200 nodes), parsed
 *   by an isolated mathjs parser and evaluated without mathjs; must be finite and > 0 at 2001
 *   evenly spaced points of [0, T]. $\int_0^t g$ is exact when g is a polynomial of degree $\le 64$ in t,
 *   else adaptive Gauss–Kronrod (7, 15) quadrature to 1e-12 (absolute, or relative above 1)
 *   within 4000 subintervals — a g that needs more is refused, so no schedule can hang.
 *
 * @param options - The spec and the horizon T.
 *
 * @see Eq. 3 and its explicit solution (Section 6.1); Assumption 6.3 (g bounded, a.e. continuous).
 *
 * @example
 * ```ts
 * import { makeSchedule } from '@softmax-ntk/diffusion';
 *
 * // The linear VP schedule β(t) = 0.1 + 19.9t: α_t = exp(−½∫₀ᵗβ), σ_t² = 1 − α_t²
 * const s = makeSchedule({ spec: 'linear' });
 * const alpha = Math.exp(-0.5 * (0.1 * 0.5 + 19.9 * 0.5 ** 2 / 2));
 * console.log(s.T, s.alpha(0.5).toFixed(8), alpha.toFixed(8), s.sigma2(0.5).toFixed(8));
 * // → 1 0.28118288 0.28118288 0.92093619
 * ```
 */
export function makeSchedule(options: MakeScheduleOptions): Schedule {
  const T = options.T ?? 1;
  if (typeof T !== 'number' || !Number.isFinite(T) || T <= 0)
    throw new ScheduleError(`invalid schedule: \`T\` must be a finite number > 0, got ${show(T)}`);
  let spec = options.spec;
  if (typeof spec === 'string') {
    const s = spec.trim();
    spec = s === 'linear' || s === 'constant' || s === 'cosine' ? { kind: s } : { kind: 'expression', expression: s };
  }
  if (!spec || typeof spec !== 'object')
    throw new ScheduleError(`invalid schedule: expected a schedule spec, got ${show(spec)}`);
  switch (spec.kind) {
    case 'linear': {
      const betaMin = num('betaMin', spec.betaMin ?? 0.1, 0);
      const betaMax = num('betaMax', spec.betaMax ?? 20, 0);
      if (betaMin <= 0 && betaMax <= 0)
        throw new ScheduleError('invalid schedule: linear β must be positive on [0, T], got β_min = β_max = 0');
      if (betaMin <= 0)
        throw new ScheduleError(`invalid schedule: linear β_min must be > 0 (g(0) > 0), got ${betaMin}`);
      const slope = (betaMax - betaMin) / T;
      return finish(
        { kind: 'linear', betaMin, betaMax },
        T,
        (t) => betaMin + slope * t,
        (t) => betaMin * t + 0.5 * slope * t * t,
        'closed form',
        `linear β(t) = ${betaMin} + (t/${T})·(${betaMax} − ${betaMin})`,
      );
    }
    case 'constant': {
      const beta = num('beta', spec.beta ?? 10, 0);
      if (beta <= 0) throw new ScheduleError(`invalid schedule: constant β must be > 0, got ${beta}`);
      return finish(
        { kind: 'constant', beta },
        T,
        () => beta,
        (t) => beta * t,
        'closed form',
        `constant g = ${beta}`,
      );
    }
    case 'cosine': {
      const s = num('s', spec.s ?? 0.008, 0);
      const gMax = num('gMax', spec.gMax ?? 20, 0);
      if (gMax <= 0) throw new ScheduleError(`invalid schedule: cosine gMax must be > 0, got ${gMax}`);
      const c = Math.PI / (2 * (1 + s));
      const theta = (t: number) => c * (t / T + s);
      const logCos0 = Math.log(Math.cos(theta(0)));
      // ∫₀ᵗ g = −log ᾱ(t) = −2 log cos θ(t) + 2 log cos θ(0)
      const raw = (t: number) => -2 * Math.log(Math.cos(theta(t))) + 2 * logCos0;
      const gRaw = (t: number) => ((2 * c) / T) * Math.tan(theta(t));
      // t* where the uncapped g reaches gMax: tan θ* = gMax·T/(2c)
      const tStar = Math.min(T, (Math.atan((gMax * T) / (2 * c)) / c - s) * T);
      if (gRaw(0) >= gMax)
        throw new ScheduleError(`invalid schedule: cosine gMax = ${gMax} is below g(0) = ${gRaw(0)}`);
      const atStar = raw(tStar);
      return finish(
        { kind: 'cosine', s, gMax },
        T,
        (t) => (t <= tStar ? gRaw(t) : gMax),
        (t) => (t <= tStar ? raw(t) : atStar + gMax * (t - tStar)),
        'closed form',
        `cosine (s = ${s}), g capped at ${gMax}`,
      );
    }
    case 'expression':
      return expressionSchedule(spec.expression, T);
    default:
      throw new ScheduleError(
        `invalid schedule: \`kind\` must be linear, constant, cosine or expression, got ${show((spec as { kind: unknown }).kind)}`,
      );
  }
}

function num(name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
    throw new ScheduleError(`invalid schedule: \`${name}\` must be a finite number ≥ ${min}, got ${show(v)}`);
  return v;
}

function finish(
  spec: ScheduleSpec,
  T: number,
  g: (t: number) => number,
  integral: (t: number) => number,
  integration: string,
  description: string,
): Schedule {
  return {
    spec,
    T,
    g,
    integral,
    alpha: (t) => Math.exp(-0.5 * integral(t)),
    sigma2: (t) => -Math.expm1(-integral(t)),
    integration,
    description,
  };
}

/** Largest number of GK15 subintervals one $\int_0^t g$ may use: a schedule needing more is refused (no schedule can hang). */
const MAX_QUADRATURE_INTERVALS = 4000;
/** Accuracy asked of the quadrature of $\int_0^t g$ (absolute, or relative to the integral when it exceeds 1). */
const QUADRATURE_TOLERANCE = 1e-12;

/** $\int_0^t g$ by adaptive Gauss–Kronrod, refused (throws) past MAX_QUADRATURE_INTERVALS subintervals. */
function boundedIntegral(g: (t: number) => number, t: number): number {
  let evaluations = 0;
  const limit = 15 * (2 * MAX_QUADRATURE_INTERVALS + 1); // 15 points per GK15 rule, two rules per bisection
  const counted = (s: number): number => {
    if (++evaluations > limit)
      throw new ScheduleError(
        `invalid schedule: ∫₀^${t} g does not reach accuracy ${QUADRATURE_TOLERANCE} within ${MAX_QUADRATURE_INTERVALS} quadrature subintervals`,
      );
    return g(s);
  };
  try {
    return integrate(counted, 0, t, QUADRATURE_TOLERANCE);
  } catch (e) {
    if (e instanceof ScheduleError) throw e;
    throw new ScheduleError(`invalid schedule: ∫₀^${t} g: ${(e as Error).message}`);
  }
}

function expressionSchedule(expression: unknown, T: number): Schedule {
  if (typeof expression !== 'string' || expression.trim() === '')
    throw new ScheduleError(`invalid schedule: the expression must be a non-empty string, got ${show(expression)}`);
  let compiled: SafeExpression;
  try {
    compiled = compileExpression(expression);
  } catch (e) {
    throw new ScheduleError(`invalid schedule: ${(e as Error).message}`);
  }
  const g = compiled.evaluate;
  for (let i = 0; i < CHECK_POINTS; i++) {
    const t = (T * i) / (CHECK_POINTS - 1);
    const v = g(t);
    if (!Number.isFinite(v) || v <= 0) {
      throw new ScheduleError(
        `invalid schedule: ${JSON.stringify(expression)} must be finite and positive on [0, T = ${T}], got g(${t}) = ${v}`,
      );
    }
  }
  // Symbolic ∫₀ᵗ g when g is a polynomial in t (found by a bounded walk of the tree, degree ≤ 64).
  const cs = compiled.polynomial;
  if (cs) {
    const integral = (t: number) => {
      // ∫₀ᵗ Σ_k c_k s^k ds = Σ_k c_k t^{k+1}/(k+1), by Horner
      let acc = 0;
      for (let k = cs.length - 1; k >= 0; k--) acc = acc * t + (cs[k] as number) / (k + 1);
      return acc * t;
    };
    return finish({ kind: 'expression', expression }, T, g, integral, 'symbolic (polynomial)', `g(t) = ${expression}`);
  }
  // The whole horizon once, up front: a g the quadrature cannot integrate within budget is refused here,
  // not in the middle of sampling.
  boundedIntegral(g, T);
  return finish(
    { kind: 'expression', expression },
    T,
    g,
    (t) => boundedIntegral(g, t),
    'adaptive quadrature',
    `g(t) = ${expression}`,
  );
}
