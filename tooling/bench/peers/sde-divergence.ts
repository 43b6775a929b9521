/**
 * Why the reverse-SDE workload once disagreed (agreement 2.0 against 1e-3 in the
 * run of 2026-11-29 03:52): per-step divergence of the Euler–Maruyama
 * trajectories of `sample` with float32 and with float64 score evaluations —
 * same network, same draws, same 20-step grid as `pnpm bench:peers
 * --sde-steps 20` — for the denoiser the harness used then (a = ±1/16) and the
 * one it uses since (a = ±4/m, run.ts `scoreProblem`).
 *
 * Both runs are our own code, so any growth of the difference is amplification
 * of float32 rounding by the dynamics, not a harness mismatch.
 *
 * `tsx --tsconfig tooling/bench/peers/tsconfig.json tooling/bench/peers/sde-divergence.ts`
 */
import { Rng, initBackend, type Matrix } from '@softmax-ntk/linalg';
import { forward, makeProblem } from '@softmax-ntk/network';
import { denoiserScore, makeSchedule, sample, type ScoreModel } from '@softmax-ntk/diffusion';

await initBackend();
// the reverse-SDE workload of run.ts, 2,000 of its 10,000 samples
const SDE = {
  count: 2000,
  steps: 20,
  m: 4096,
  betaMin: 0.1,
  betaMax: 20,
  T: 1,
  t0: 1e-3,
  inputScale: Math.sqrt(2),
  seed: 11,
};
const schedule = makeSchedule({ spec: { kind: 'linear', betaMin: SDE.betaMin, betaMax: SDE.betaMax }, T: SDE.T });

for (const [label, scale] of [
  ['a = ±1/16 (the harness before cd8eef9)', 1 / 16],
  ['a = ±4/m (the harness now)', 4 / SDE.m],
] as const) {
  const { problem } = makeProblem({ n: 2, dIn: 3, dOut: 2, numNeurons: SDE.m, sigma: 1, seed: 7, init: 'gaussian' });
  const a: Matrix = { ...problem.a, data: problem.a.data.map((v) => v * scale) };
  const model = (precision: 'float32' | 'float64'): ScoreModel =>
    denoiserScore({
      dim: 2,
      predict: (x) => forward({ w: problem.w, a, x, precision }),
      schedule,
      T: SDE.T,
      inputScale: SDE.inputScale,
      parameterization: 'x0',
    });
  const m32 = model('float32');
  const m64 = model('float64');
  // One generator per side: y(0), then one N·d block per step — the draw order of `sample`.
  const r32 = new Rng(SDE.seed);
  const r64 = new Rng(SDE.seed);
  let x32 = r32.fillNormal(new Float64Array(SDE.count * 2)) as Float64Array;
  let x64 = r64.fillNormal(new Float64Array(SDE.count * 2)) as Float64Array;
  const h = (SDE.T - SDE.t0) / SDE.steps;
  console.log(
    `\n${label}\n| step | t → t' | h·g(t)/σ_t² | max abs(x) | max abs(x32 − x64) / max abs(x64) |\n|---|---|---|---|---|`,
  );
  for (let k = 0; k < SDE.steps; k++) {
    const t = SDE.T - k * h;
    const tn = k === SDE.steps - 1 ? SDE.t0 : SDE.T - (k + 1) * h;
    // one step of the same grid from the current state (with `start`, `sample` draws only the step's noise)
    const step = (m: ScoreModel, x: Float64Array, rng: Rng) =>
      sample({
        model: m,
        schedule,
        count: SDE.count,
        steps: 1,
        T: t,
        t0: tn,
        rng,
        start: { rows: SDE.count, cols: 2, data: x },
        sampler: 'sde',
      }).samples.data;
    x32 = step(m32, x32, r32);
    x64 = step(m64, x64, r64);
    let diff = 0;
    let size = 0;
    for (let i = 0; i < x64.length; i++) {
      diff = Math.max(diff, Math.abs((x32[i] as number) - (x64[i] as number)));
      size = Math.max(size, Math.abs(x64[i] as number));
    }
    const ratio = ((t - tn) * schedule.g(t)) / schedule.sigma2(t);
    console.log(
      `| ${k + 1} | ${t.toFixed(3)} → ${tn.toFixed(3)} | ${ratio.toFixed(2)} | ${size.toExponential(2)} | ${(diff / size).toExponential(1)} |`,
    );
  }
}
