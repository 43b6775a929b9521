/**
 * Benchmarks of @softmax-ntk/diffusion (never run by tests; `pnpm --filter @softmax-ntk/diffusion bench`,
 * BENCH_FILTER=substring to select):
 * - score evaluations s(t, x) for a batch of 10,000 points, m = 4096, d = 2 and d = 16: the trained
 *   network (float32 forward pass on tfjs) and the NTK predictor (float32 Jacobian–vector product);
 *   the exact mixture score (8 components, float64) for comparison;
 * - a full 1,000-step reverse-SDE run for 10,000 samples (network score, m = 4096, d = 2).
 */
import { runBenchmarks, type Workload } from '@softmax-ntk/bench';
import { Rng, initBackend, toRows, type Matrix } from '@softmax-ntk/linalg';
import { initWeights } from '@softmax-ntk/network';
import {
  affineMixture,
  createScoreModel,
  exactScore,
  fitNormalization,
  makeSchedule,
  parseTarget,
  sample,
  type DiffusionModel,
  type ScoreModel,
} from '../src/index';

const info = await initBackend();
console.log(`tfjs backend: ${info.backend} (threads ${info.threads}, simd ${info.simd})`);

const POINTS = 10000;
const M = 4096;

/** A model file's content with random weights (σ = 8): the cost of s(t, x) does not depend on training. */
function randomModel(d: number, kind: 'nn' | 'ntk'): DiffusionModel {
  const rng = new Rng(1);
  const { w, a } = initWeights({ numNeurons: M, dIn: d + 1, dOut: d, sigma: 8, rng });
  const u = { rows: M, cols: d + 1, data: rng.fillNormal(new Float64Array(M * (d + 1))) as Float64Array };
  return {
    format: 'softmax-ntk/diffusion-model',
    version: 1,
    kind,
    parameterization: 'x0',
    schedule: { kind: 'linear', betaMin: 0.1, betaMax: 20 },
    t0: 0.05,
    T: 1,
    target: { type: 'named', name: '8-gaussians' },
    normalization: { shift: new Array(d).fill(0), scale: 1 },
    inputScale: 4,
    seed: 1,
    network: { activation: 'softmax', w: toRows(w), a: toRows(a), ...(kind === 'ntk' ? { u: toRows(u) } : {}) },
    training: { n: 0, numNeurons: M, sigma: 8, finalLoss: 0, precision: 'float32', seconds: 0 },
  };
}

function points(d: number): Matrix {
  return { rows: POINTS, cols: d, data: new Rng(2).fillNormal(new Float64Array(POINTS * d)) };
}

const workloads: Workload[] = [];
for (const d of [2, 16]) {
  for (const kind of ['nn', 'ntk'] as const) {
    workloads.push({
      name: `score ${kind} f32, 10k points, m = 4096, d = ${d}`,
      // logits (2·n·m·(d+1)), exp/normalise (~3·n·m), output (2·n·m·d); the JVP adds about as much again
      flops: (kind === 'nn' ? 1 : 2) * POINTS * M * (2 * (d + 1) + 3 + 2 * d),
      repeats: 5,
      setup: async () => ({ model: (await createScoreModel(randomModel(d, kind))).score, x: points(d) }),
      run: (c: { model: ScoreModel; x: Matrix }) => {
        c.model.score(0.3, c.x);
      },
    });
  }
}
workloads.push({
  name: 'score exact mixture f64, 10k points, K = 8, d = 2',
  repeats: 5,
  setup: () => {
    const t = parseTarget({ type: 'named', name: '8-gaussians' });
    const n = fitNormalization(t);
    return {
      model: exactScore({
        mixture: affineMixture(t.mixture!, Float64Array.from(n.shift), n.scale),
        schedule: makeSchedule({ spec: 'linear' }),
      }),
      x: points(2),
    };
  },
  run: (c: { model: ScoreModel; x: Matrix }) => {
    c.model.score(0.3, c.x);
  },
});
workloads.push({
  name: 'reverse SDE nn f32, 1000 steps, 10k samples, m = 4096, d = 2',
  repeats: 1,
  warmup: 0,
  setup: async () => createScoreModel(randomModel(2, 'nn')),
  run: (c: Awaited<ReturnType<typeof createScoreModel>>) => {
    sample({ model: c.score, schedule: c.schedule, count: POINTS, steps: 1000, t0: 0.05, seed: 3 });
  },
});

const results = await runBenchmarks(workloads, { title: '@softmax-ntk/diffusion', jsonOut: 'bench/results.json' });
console.log('\nscore evaluations per second (points/s):');
for (const r of results)
  if (r.name.startsWith('score')) console.log(`- ${r.name}: ${(POINTS / (r.medianMs / 1000)).toExponential(3)}`);
