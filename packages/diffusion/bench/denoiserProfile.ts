/**
 * The learned denoiser against the exact posterior mean along a line through a mixture's modes: for a model file of
 * a mixture target, E[x(0) | x(t)] (Tweedie's formula on the exact score) beside the model's F, first coordinate, in
 * the data's units, at x(t) = α_t·(u, Y) for u from −2.5 to 2.5 and t = 0.01, 0.02, 0.05, 0.1. Shows whether the
 * model pulls points between modes towards them (a staircase) or passes them through (F ≈ x/α). Never run by tests:
 * `Y=0 tsx bench/denoiserProfile.ts model.json` (float64, unclipped F).
 */
import { initBackend } from '@softmax-ntk/linalg';
import { affineMixture, createScoreModel, exactScore, parseTarget, toScaled } from '../src/index';
import { readModelFile } from '../src/node';

await initBackend();
const model = readModelFile(process.argv[2] as string);
const target = parseTarget(model.target);
if (!target.mixture) throw new Error('the target has no mixture (no exact score)');
const { predict, schedule } = await createScoreModel(model, { precision: 'float64' });
const norm = model.normalization;
const exact = exactScore({
  mixture: affineMixture(target.mixture, Float64Array.from(norm.shift), norm.scale),
  schedule,
});
const y = Number(process.env['Y'] ?? 0);
const u = Array.from({ length: 21 }, (_, k) => -2.5 + k / 4);
for (const t of [0.01, 0.02, 0.05, 0.1]) {
  const a = schedule.alpha(t);
  const s2 = schedule.sigma2(t);
  const x0 = toScaled({ rows: u.length, cols: 2, data: Float64Array.from(u.flatMap((v) => [v, y])) }, norm);
  const xt = { rows: u.length, cols: 2, data: x0.data.map((v) => a * v) };
  const F = predict(t, xt).data;
  const sc = exact.score(t, xt).data;
  const orig = (v: number) => (v * norm.scale + (norm.shift[0] as number)).toFixed(2);
  const cells = u.map((v, k) => {
    const mean = ((xt.data[2 * k] as number) + s2 * (sc[2 * k] as number)) / a;
    return `${v.toFixed(2)}: ${orig(mean)} / ${orig(F[2 * k] as number)}`;
  });
  console.log(`t = ${t} (σ_t = ${Math.sqrt(s2).toFixed(3)} scaled): u: exact / learned\n  ${cells.join(', ')}`);
}
