/**
 * What stopping the reverse process at T₀ costs by itself (README "Sample quality on every named target"): the
 * energy distance of exact samples of p_{T₀} (x(0) ~ p₀ pushed through the forward process to T₀) against fresh p₀
 * draws, over its noise floor, for each named target and T₀ ∈ {0.01, 0.003, 0.001}. `tsx bench/stopTime.ts`.
 */
import { Rng } from '@softmax-ntk/linalg';
import { fitNormalization, fromScaled, makeSchedule, parseTarget, sampleQuality, toScaled } from '../src/index';
const schedule = makeSchedule({ spec: 'linear' });
const N = 2000;
for (const name of ['8-gaussians', '25-gaussians', 'two-moons', 'swiss-roll', 'checkerboard', 'rings']) {
  const target = parseTarget({ type: 'named', name });
  const norm = fitNormalization(target);
  const row: Record<string, unknown> = { name, scale: norm.scale };
  for (const t0 of [0.01, 0.003, 0.001]) {
    const rng = new Rng(7);
    const y = toScaled(target.sample(N, rng), norm);
    const a = schedule.alpha(t0);
    const s = Math.sqrt(schedule.sigma2(t0));
    for (let i = 0; i < y.data.length; i++) y.data[i] = a * (y.data[i] as number) + s * rng.normal();
    const q = sampleQuality({ samples: fromScaled(y, norm), reference: (n, g) => target.sample(n, g), seed: 2 });
    row[String(t0)] = (q.energy / q.energyFloor).toFixed(2) + ` (σ_data ${(s * norm.scale).toFixed(3)})`;
  }
  console.log(JSON.stringify(row));
}
