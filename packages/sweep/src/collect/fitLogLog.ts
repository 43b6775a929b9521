/**
 * Scaling exponents: the least-squares line through (log x, log y), its
 * slope (the exponent k in $y \propto x^k$, e.g. the paper's $m = \Omega(n^{2+o(1)})$) and
 * a confidence interval from the residuals and Student's t.
 */
import { studentTQuantile } from '../internal/studentT';
import { argumentError } from '@softmax-ntk/linalg';

/**
 * A least-squares line through (log x, log y), $y \approx e^b \cdot x^k$: slope k, intercept b, the fit's $R^2$ and a confidence
 * interval for k.
 */
export interface LogLogFit {
  /** k in $y \approx e^b \cdot x^k$. */
  slope: number;
  /** b (natural log). */
  intercept: number;
  /** Confidence interval of the slope (null with fewer than 3 points: no residual degrees of freedom). */
  slopeCi: [number, number] | null;
  /** Its level (default 0.95). */
  level: number;
  /** Standard error of the slope (null with fewer than 3 points). */
  slopeSe: number | null;
  /** Coefficient of determination of the log–log fit. */
  r2: number;
  /** Points used (those with x > 0 and y > 0, finite). */
  points: number;
}

/** Options of {@link fitLogLog}. */
export interface FitLogLogOptions {
  /** The abscissae (the fit is of log y against log x). */
  x: ArrayLike<number>;
  /** The ordinates, one per abscissa. */
  y: ArrayLike<number>;
  /** Confidence level of the interval, in (0, 1) (default 0.95). */
  level?: number;
}

/**
 * Least-squares line through (log x, log y): the scaling exponent k in $y \propto x^k$ with a confidence interval.
 *
 * @param options - The points (x, y) and the confidence level of the slope's interval.
 *
 * @returns undefined when fewer than two usable points or all x equal.
 *
 * @example
 * ```ts
 * import { fitLogLog } from '@softmax-ntk/sweep';
 *
 * // y ≈ 3x²: the slope of log y against log x is 2, within its 95% interval
 * const fit = fitLogLog({ x: [1, 2, 4, 8], y: [3, 12.5, 47, 195] });
 * console.log(fit.slope.toFixed(3), fit.r2.toFixed(4), fit.slopeCi.map((v) => v.toFixed(2)).join(' '));
 * // → 1.998 0.9998 1.91 2.09
 * ```
 */
export function fitLogLog(options: FitLogLogOptions): LogLogFit | undefined {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw argumentError('level', `must be in (0, 1), got ${level}`);
  if (options.x.length !== options.y.length)
    throw argumentError('x', `has ${options.x.length} values and \`y\` ${options.y.length}`);
  const lx: number[] = [],
    ly: number[] = [];
  for (let i = 0; i < options.x.length; i++) {
    const x = options.x[i] as number,
      y = options.y[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y) && x > 0 && y > 0) {
      lx.push(Math.log(x));
      ly.push(Math.log(y));
    }
  }
  const n = lx.length;
  if (n < 2) return undefined;
  const mx = lx.reduce((s, v) => s + v, 0) / n;
  const my = ly.reduce((s, v) => s + v, 0) / n;
  let sxx = 0,
    sxy = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (lx[i] as number) - mx,
      dy = (ly[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) return undefined;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const r2 = syy > 0 ? 1 - sse / syy : 1;
  if (n < 3) return { slope, intercept, slopeCi: null, level, slopeSe: null, r2, points: n };
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const t = studentTQuantile(0.5 + level / 2, n - 2);
  return { slope, intercept, slopeCi: [slope - t * se, slope + t * se], level, slopeSe: se, r2, points: n };
}
