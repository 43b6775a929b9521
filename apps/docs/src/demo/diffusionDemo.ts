/**
 * Demo 2: a 2-D diffusion model whose score is the two-layer softmax network,
 * after Section 6 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024): denoising data from the VP forward SDE, GD on W of the
 * softmax score network (`trainScoreModel`), then reverse-SDE sampling
 * (Eq. 4, Euler–Maruyama, `sample`) from N(0, I) at t = T down to T₀, in
 * segments so that the particles can be drawn as they move.
 */
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { initBackend } from '@softmax-ntk/network';
import { createScoreModel, fromScaled, mixtureMarginal, parseTarget, sample, trainScoreModel, type NamedTarget, type Target } from '@softmax-ntk/diffusion';

export interface DiffusionDemoOptions {
  target: NamedTarget;
  /** Denoising pairs n. */
  n: number;
  /** Hidden neurons m. */
  numNeurons: number;
  /** GD steps. */
  steps: number;
  /** σ of the symmetric initialisation. */
  sigma: number;
  /** Heavy-ball momentum of the GD trainer — beyond the paper; 0 is the paper's plain GD (Definition 3.5). */
  momentum: number;
  /** Smallest diffusion time T₀ (training and sampling). */
  t0: number;
  seed: number;
  /** Particles drawn. */
  count: number;
  /** Euler–Maruyama steps in all. */
  sampleSteps: number;
  /** Animation frames (segments of the reverse SDE). */
  frames: number;
}

export const DIFFUSION_DEFAULTS: DiffusionDemoOptions = {
  target: '8-gaussians', n: 1000, numNeurons: 512, steps: 300, sigma: 4, momentum: 0.9, t0: 0.05, seed: 0, count: 600, sampleSteps: 200, frames: 40,
};

export interface DensityGrid {
  /** Grid over [x0, x1] × [y0, y1], `size` × `size` cells, row-major from the bottom row. */
  x0: number; x1: number; y0: number; y1: number; size: number;
  /** Density values (relative), row-major. */
  values: Float64Array;
}

export type DiffusionEvent =
  | { type: 'backend'; backend: string }
  | { type: 'density'; grid: DensityGrid; target: string }
  | { type: 'loss'; step: number; steps: number; loss: number }
  | { type: 'trained'; kind: 'nn'; steps: number; initialLoss: number; finalLoss: number; lossFloor: number | null; ms: number }
  | { type: 'frame'; t: number; frame: number; frames: number; points: Float64Array }
  | { type: 'done'; ms: number };

/** The target's density p₀ on a grid (exact for mixtures; a histogram of 20 000 draws otherwise). */
export function densityGrid(target: Target, size = 64, seed = 0): DensityGrid {
  const draws = target.sample(4000, new Rng(seed));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of draws.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const pad = 0.15 * (hi - lo);
  const x0 = lo - pad, x1 = hi + pad, y0 = lo - pad, y1 = hi + pad;
  const values = new Float64Array(size * size);
  const cx = (j: number) => x0 + ((j + 0.5) / size) * (x1 - x0);
  const cy = (i: number) => y0 + ((i + 0.5) / size) * (y1 - y0);
  if (target.mixture) {
    const pts: Matrix = { rows: size * size, cols: 2, data: new Float64Array(size * size * 2) };
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) {
      pts.data[2 * (i * size + j)] = cx(j);
      pts.data[2 * (i * size + j) + 1] = cy(i);
    }
    const { logDensity } = mixtureMarginal(target.mixture, 1, 0, pts, false);
    for (let k = 0; k < values.length; k++) values[k] = Math.exp(logDensity[k] as number);
  } else {
    const many = target.sample(20000, new Rng(seed + 1));
    for (let k = 0; k < many.rows; k++) {
      const j = Math.floor(((many.data[2 * k] as number) - x0) / (x1 - x0) * size);
      const i = Math.floor(((many.data[2 * k + 1] as number) - y0) / (y1 - y0) * size);
      if (i >= 0 && i < size && j >= 0 && j < size) values[i * size + j] = (values[i * size + j] as number) + 1;
    }
  }
  return { x0, x1, y0, y1, size, values };
}

/** Train the score network, then sample, reporting every stage through `emit`. */
export async function runDiffusion(o: DiffusionDemoOptions, emit: (e: DiffusionEvent) => void): Promise<void> {
  const t0ms = performance.now();
  const info = await initBackend();
  emit({ type: 'backend', backend: info.backend });
  const target = parseTarget({ type: 'named', name: o.target });
  emit({ type: 'density', grid: densityGrid(target), target: target.name });
  const every = Math.max(1, Math.floor(o.steps / 100));
  let firstLoss = NaN;
  // kind "nn": GD on W (Definition 3.5). trainScoreModel's default is "ntk", the
  // closed-form NTK regression, which has no GD loss curve (onProgress is never
  // called) — the demo trains the network itself so that its loss can be shown.
  const model = await trainScoreModel({
    kind: 'nn', target, n: o.n, numNeurons: o.numNeurons, steps: o.steps, sigma: o.sigma, momentum: o.momentum, t0: o.t0, seed: o.seed, precision: 'float32',
    onProgress: (p) => {
      if (p.step === 0) firstLoss = p.loss;
      if (p.step % every === 0 || p.step === p.steps) emit({ type: 'loss', step: p.step, steps: p.steps, loss: p.loss });
    },
  });
  const { training } = model;
  emit({ type: 'trained', kind: 'nn', steps: training.steps ?? o.steps, initialLoss: firstLoss, finalLoss: training.finalLoss, lossFloor: training.lossFloor ?? null, ms: performance.now() - t0ms });
  const { score, schedule } = await createScoreModel(model, { precision: 'float32' });
  const rng = new Rng(o.seed + 1);
  const T = model.T;
  const tEnd = model.t0;
  let x: Matrix = { rows: o.count, cols: 2, data: rng.fillNormal(new Float64Array(o.count * 2)) as Float64Array };
  const perFrame = Math.max(1, Math.round(o.sampleSteps / o.frames));
  emit({ type: 'frame', t: T, frame: 0, frames: o.frames, points: fromScaled(x, model.normalization).data });
  for (let f = 0; f < o.frames; f++) {
    const ta = T - ((T - tEnd) * f) / o.frames;
    const tb = T - ((T - tEnd) * (f + 1)) / o.frames;
    const last = f === o.frames - 1;
    x = sample({ model: score, schedule, count: o.count, sampler: 'sde', steps: perFrame, T: ta, t0: tb, start: x, rng, denoiseFinal: last }).samples;
    emit({ type: 'frame', t: tb, frame: f + 1, frames: o.frames, points: fromScaled(x, model.normalization).data });
    await new Promise((r) => setTimeout(r, 0));
  }
  emit({ type: 'done', ms: performance.now() - t0ms });
}
