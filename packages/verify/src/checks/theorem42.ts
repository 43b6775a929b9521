/**
 * Check `theorem-4.2`: gradient descent drives $\lVert F(\hat T) - Y \rVert^2_F \le \varepsilon$. Steps used
 * against $\hat T$ and the width used against the theorem's m. Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024), Theorem 4.2.
 */
import { theoryConstants } from '../constants/theoryConstants';
import { gdRun, seconds } from '../internal/experiment';
import { lineChart } from '../plot/lineChart';
import type { CheckOptions, CheckResult } from './types';

/**
 * Check `theorem-4.2`: gradient descent reaches $\lVert F - Y \rVert_F^2 \le \varepsilon$; steps used against
 * $\widehat T$, width used against the theorem's m.
 *
 * @param options - Quick sizes, the base seed and a progress hook.
 *
 * @see Theorem 4.2 / Theorem C.1
 *
 * @example
 * ```ts
 * import { checkTheorem42 } from '@softmax-ntk/verify';
 *
 * // Theorem 4.2: GD reaches ‖F − Y‖²_F ≤ ε (here ε = 1e-3) with λ = λ_min(H*) > 0
 * const r = await checkTheorem42({ quick: true });
 * console.log(r.id, r.status, r.measured['m used'], r.measured['steps used']); // theorem-4.2 held 1024 66
 * console.log(r.measured['‖F − Y‖²_F at the end'] <= r.bound['ε'], r.measured['λ = λ_min(H*)'].toFixed(4));
 * // → true 0.4186
 * ```
 */
export async function checkTheorem42(options: CheckOptions = {}): Promise<CheckResult> {
  const t0 = performance.now();
  const quick = options.quick ?? false;
  const n = quick ? 8 : 32,
    d = 8,
    m = quick ? 1024 : 4096,
    sigma = 1,
    epsilon = 1e-3;
  const budget = quick ? 1000 : 5000;
  options.onProgress?.(`theorem-4.2: GD run n=${n}, d=${d}, m=${m} to ‖F − Y‖²_F ≤ ${epsilon}`);
  const run = await gdRun({
    n,
    d,
    m,
    sigma,
    seed: options.seed ?? 0,
    steps: budget,
    epsilon,
    every: budget + 1,
    nTest: 1,
  });
  const lambda = run.H0.lambdaMin;
  const c = theoryConstants({ n, d, lambda, sigma, epsilon, initialResidual: Math.sqrt(run.sqLoss[0] as number) });
  const nd = n * d;
  const finalLoss = run.sqLoss[run.sqLoss.length - 1] as number;
  const rate = m * run.eta * lambda;
  // T̂ = (mηλ)⁻¹·log(nd/ε) with the η used and the measured λ (Theorem 4.2's first expression, constant 1).
  const tPractical = Math.log(nd / epsilon) / rate;
  const reached = finalLoss <= epsilon;
  const holds = reached && run.stepsUsed <= tPractical;
  const steps = run.sqLoss.map((_, t) => t);
  return {
    id: 'theorem-4.2',
    claim:
      'Theorem 4.2: with λ = λ_min(H*) > 0, m = Ω(λ⁻²n²d²exp(18B)log²(nd/δ)), η = 0.1λ/(mn²d²exp(16B)) and T̂ = Ω((mηλ)⁻¹log(nd/ε)), gradient descent reaches ‖F(T̂) − Y‖²_F ≤ ε with probability ≥ 1 − δ.',
    measured: {
      '‖F − Y‖²_F at the end': finalLoss,
      'steps used': run.stepsUsed,
      'm used': m,
      'λ = λ_min(H*)': lambda,
      'cond(H*)': run.H0.cond,
    },
    bound: {
      ε: epsilon,
      'T̂ = (mηλ)⁻¹·log(nd/ε) with the η used': tPractical,
      "T̂ of the theorem (paper's η)": c.T.text,
      'm of the theorem': c.m.text,
    },
    holds,
    status: holds ? 'held' : 'failed',
    details:
      `Premise not met at feasible sizes: the theorem's m is ${c.m.text} and its η ${c.eta.text} (B = ${c.B.toFixed(2)}, C = 11, δ = 0.05; Ω with constant 1). ` +
      `The run uses m = ${m} and the practical η = 1/λ_max(m·H(0)) = ${run.eta.toExponential(3)} (mηλ = ${rate.toExponential(3)}), inputs on the unit sphere, labels in the unit ball, symmetric initialisation with σ = ${sigma}. ` +
      "The measured property: the loss reaches ε within T̂ = (mηλ)⁻¹·log(nd/ε) steps, the theorem's step count evaluated with the η actually used and the measured λ. " +
      `Status of the run: ${run.status}.`,
    setup: {
      n,
      d,
      m,
      sigma,
      epsilon,
      'step budget': budget,
      eta: run.eta,
      'cond(H*)': run.H0.cond,
      seed: options.seed ?? 0,
    },
    figures: [
      {
        name: 'loss',
        title: 'Training loss to ε',
        caption: `‖F(τ) − Y‖²_F along GD (n = ${n}, d = ${d}, m = ${m}), the target ε, and the step count T̂ = (mηλ)⁻¹log(nd/ε) with the η used.`,
        svg: lineChart({
          title: 'Theorem 4.2: ‖F(τ) − Y‖²_F',
          xLabel: 'step τ',
          yLabel: '‖F(τ) − Y‖²_F',
          yScale: 'log',
          series: [
            { name: 'loss', x: steps, y: run.sqLoss },
            {
              name: 'ε',
              x: [0, Math.max(run.stepsUsed, tPractical)],
              y: [epsilon, epsilon],
              dash: '6 4',
              color: '#555',
            },
            {
              name: 'T̂ (η used)',
              x: [tPractical, tPractical],
              y: [epsilon / 10, run.sqLoss[0] as number],
              dash: '2 3',
              color: '#e15759',
            },
          ],
        }).svg,
      },
    ],
    seconds: seconds(t0),
  };
}
