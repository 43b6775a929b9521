/**
 * The Monte Carlo scheme the time-integrated metrics share:
 * (1/(T − T₀)) ∫_{T₀}^{T} E f(t, x(t)) dt with x(t) = α_t x(0) + σ_t ε, t stratified
 * (one uniform draw in each of `times` equal strata of [T₀, T]), `perTime` draws per t.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { DEFAULT_SAMPLING_T0 } from '../sde/defaultTimes';
import type { Schedule } from '../sde/schedule';
import { checkPositiveInt, checkTimes } from './validate';

export interface StratifiedTimesOptions {
  /** The VP-SDE schedule that noises the data: $x(t) = \alpha_t x(0) + \sigma_t \varepsilon$. */
  schedule: Schedule;
  /** Draws of p₀ in scaled units. */
  sampleData: (n: number, rng: Rng) => Matrix;
  /** Integration range [T₀, T] (default {@link DEFAULT_SAMPLING_T0} = 1e-3, schedule.T). */
  t0?: number;
  /** T, the end of the integration range (default schedule.T). */
  T?: number;
  /** Stratified times (default 64) and points per time (default 256). */
  times?: number;
  /** Points per stratified time (default 256). */
  perTime?: number;
  /** A generator for the times and points (advanced by the call), instead of `seed`. */
  rng?: Rng;
  /** Seed of the times and points (used when `rng` is not given). */
  seed?: number | string;
}

/** Calls `visit(t, X, σ_t², times)` for each stratum, X = perTime × d draws of x(t). */
export function forEachStratifiedTime(
  options: StratifiedTimesOptions,
  visit: (t: number, X: Matrix, sigma2: number, times: number) => void,
): void {
  const { t0, T } = checkTimes(options.t0 ?? DEFAULT_SAMPLING_T0, options.T ?? options.schedule.T);
  const K = checkPositiveInt('times', options.times ?? 64);
  const P = checkPositiveInt('perTime', options.perTime ?? 256);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const { schedule } = options;
  for (let k = 0; k < K; k++) {
    const t = t0 + ((k + rng.uniform()) / K) * (T - t0);
    const x0 = options.sampleData(P, rng);
    const a = schedule.alpha(t);
    const sigma2 = schedule.sigma2(t);
    const s = Math.sqrt(sigma2);
    const xt = new Float64Array(x0.data.length);
    for (let i = 0; i < xt.length; i++) xt[i] = a * (x0.data[i] as number) + s * rng.normal();
    visit(t, { rows: P, cols: x0.cols, data: xt }, sigma2, K);
  }
}
