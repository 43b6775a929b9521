/**
 * The coupling term Z₁ of Claim G.1 (Gu, Li, Liang, Shi, Song — "Exploring
 * the Frontiers of Softmax", 2024): the mean squared gap between two
 * denoisers, typically the GD-trained network F_nn and its NTK regression
 * F_ntk fitted on the same data from the same W(0) (Theorem F.2 bounds it).
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import type { Schedule } from '../sde/schedule';
import { checkPositiveInt, checkTimes } from '../internal/validate';

export interface CouplingGapOptions {
  /** F_a(t, x) and F_b(t, x): n × d outputs for n × d inputs x at one time t. */
  a: (t: number, x: Matrix) => Matrix;
  b: (t: number, x: Matrix) => Matrix;
  schedule: Schedule;
  /** Draws of p₀ in scaled units. */
  sampleData: (n: number, rng: Rng) => Matrix;
  t0?: number;
  T?: number;
  times?: number;
  perTime?: number;
  rng?: Rng;
  seed?: number | string;
}

/**
 * Z₁ = (1/(T − T₀)) ∫_{T₀}^{T} E‖F_a(t, x(t)) − F_b(t, x(t))‖² dt, x(t) = α_t x(0) + σ_t ε, by stratified
 * Monte Carlo (as `scoreError`), and the same for ‖F_a‖² (a scale to compare it with).
 *
 * @see Claim G.1 (coupling term) and Theorem F.2.
 */
export function couplingGap(options: CouplingGapOptions): { gap: number; scaleA: number } {
  const { t0, T } = checkTimes(options.t0 ?? 1e-3, options.T ?? options.schedule.T);
  const K = checkPositiveInt('times', options.times ?? 64);
  const P = checkPositiveInt('perTime', options.perTime ?? 256);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  let gap = 0;
  let scaleA = 0;
  for (let k = 0; k < K; k++) {
    const t = t0 + ((k + rng.uniform()) / K) * (T - t0);
    const x0 = options.sampleData(P, rng);
    const al = options.schedule.alpha(t);
    const s = Math.sqrt(options.schedule.sigma2(t));
    const xt = new Float64Array(x0.data.length);
    for (let i = 0; i < xt.length; i++) xt[i] = al * (x0.data[i] as number) + s * rng.normal();
    const X: Matrix = { rows: P, cols: x0.cols, data: xt };
    const fa = options.a(t, X).data;
    const fb = options.b(t, X).data;
    let g = 0;
    let sa = 0;
    for (let i = 0; i < fa.length; i++) {
      g += ((fa[i] as number) - (fb[i] as number)) ** 2;
      sa += (fa[i] as number) ** 2;
    }
    gap += g / P / K;
    scaleA += sa / P / K;
  }
  return { gap, scaleA };
}
