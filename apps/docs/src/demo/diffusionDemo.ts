/**
 * Demo 2: a 2-D diffusion model whose score comes from the two-layer softmax
 * network, after Section 6 of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024): denoising data from the VP forward SDE, a
 * score model fitted by `trainScoreModel` — its default, the closed-form NTK
 * regression at W(0) (Definition F.1), or GD on W of the network
 * (Definition 3.5) — then reverse-SDE sampling (Eq. 4, Euler–Maruyama,
 * `sample`) from N(0, I) at t = T down to T₀, in segments so that the
 * particles can be drawn as they move, and the mode coverage of the samples
 * (`modeCoverage`) for mixture targets.
 */
import './tfjsBackends';
import { Rng, loadValidation, type Matrix } from '@softmax-ntk/linalg';
import { initBackend } from '@softmax-ntk/network';
import {
  createScoreModel,
  fromScaled,
  mixtureMarginal,
  modeCoverage,
  parseTarget,
  sample,
  ScoreTrainingError,
  trainScoreModel,
  type ModelKind,
  type NamedTarget,
  type Target,
  type TrainScoreModelOptions,
} from '@softmax-ntk/diffusion';

export interface DiffusionDemoOptions {
  target: NamedTarget;
  /** `"ntk"`: the NTK regression (trainScoreModel's default); `"nn"`: GD on W. */
  kind: ModelKind;
  /** Denoising pairs n. */
  n: number;
  /** Hidden neurons m. */
  numNeurons: number;
  /** GD steps (nn only). */
  steps: number;
  /** Heavy-ball momentum of the GD trainer (nn only) — beyond the paper; 0 is the paper's plain GD (Definition 3.5). */
  momentum: number;
  /**
   * The GD step's scale c (nn only): η = c/λ_max(J Jᵀ), trainScoreModel's `etaScale`. Plain GD is stable for c < 2
   * (heavy-ball with momentum β for c < 2(1 + β)); above that the run diverges and the demo says so.
   */
  etaScale: number;
  /** σ of the symmetric initialisation; null: trainScoreModel's default. */
  sigma: number | null;
  /** Smallest diffusion time T₀ (training and sampling); null: trainScoreModel's default. */
  t0: number | null;
  seed: number;
  /** Particles drawn. */
  count: number;
  /** Euler–Maruyama steps in all. */
  sampleSteps: number;
  /** Animation frames (segments of the reverse SDE). */
  frames: number;
}

/**
 * Browser-friendly sizes per model kind. NTK: the float64 Gram matrix H* is nd × nd = 2000 × 2000 at n = 1000,
 * built and Cholesky-factored in a few seconds; GD: 300 float32 steps of a 256-neuron network.
 */
export const KIND_SIZES: Record<ModelKind, Pick<DiffusionDemoOptions, 'n' | 'numNeurons'>> = {
  ntk: { n: 1000, numNeurons: 1024 },
  nn: { n: 1000, numNeurons: 256 },
};

export const DIFFUSION_DEFAULTS: DiffusionDemoOptions = {
  target: '8-gaussians',
  kind: 'ntk',
  ...KIND_SIZES.ntk,
  steps: 300,
  momentum: 0.9,
  etaScale: 1,
  sigma: null,
  t0: null,
  seed: 0,
  count: 600,
  sampleSteps: 400,
  frames: 40,
};

export interface DensityGrid {
  /** Grid over [x0, x1] × [y0, y1], `size` × `size` cells, row-major from the bottom row. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  size: number;
  /** Density values (relative), row-major. */
  values: Float64Array;
}

/** Fraction of samples near a mode (`modeCoverage`, within `radius` standard deviations) and modes covered. */
export interface CoverageSummary {
  radius: number;
  nearFraction: number;
  /** What p₀ itself gives. */
  nearFractionExpected: number;
  covered: number;
  components: number;
}

export type DiffusionEvent =
  | { type: 'backend'; backend: string }
  | { type: 'density'; grid: DensityGrid; target: string }
  | { type: 'loss'; step: number; steps: number; loss: number }
  | {
      type: 'trained';
      kind: 'nn';
      steps: number;
      initialLoss: number;
      finalLoss: number;
      lossFloor: number | null;
      sigma: number;
      t0: number;
      ms: number;
    }
  | {
      type: 'trained';
      kind: 'ntk';
      n: number;
      d: number;
      finalLoss: number;
      lossFloor: number | null;
      sigma: number;
      t0: number;
      ms: number;
    }
  | {
      /** GD on W diverged (trainScoreModel's divergence rule fired): the run ends here, before any sampling. */
      type: 'diverged';
      /** The last step whose loss reached the page, and its loss (non-finite or far above the first). */
      step: number;
      steps: number;
      initialLoss: number;
      lastLoss: number;
      etaScale: number;
      momentum: number;
      /** trainScoreModel's message. */
      reason: string;
    }
  | { type: 'frame'; t: number; frame: number; frames: number; points: Float64Array }
  | { type: 'done'; ms: number; sampleMs: number; coverage: CoverageSummary | null };

/** The target's density p₀ on a grid (exact for mixtures; a histogram of 20 000 draws otherwise). */
export function densityGrid(target: Target, size = 64, seed = 0): DensityGrid {
  const draws = target.sample(4000, new Rng(seed));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of draws.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const pad = 0.15 * (hi - lo);
  const x0 = lo - pad,
    x1 = hi + pad,
    y0 = lo - pad,
    y1 = hi + pad;
  const values = new Float64Array(size * size);
  const cx = (j: number) => x0 + ((j + 0.5) / size) * (x1 - x0);
  const cy = (i: number) => y0 + ((i + 0.5) / size) * (y1 - y0);
  if (target.mixture) {
    const pts: Matrix = { rows: size * size, cols: 2, data: new Float64Array(size * size * 2) };
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        pts.data[2 * (i * size + j)] = cx(j);
        pts.data[2 * (i * size + j) + 1] = cy(i);
      }
    const { logDensity } = mixtureMarginal(target.mixture, 1, 0, pts, false);
    for (let k = 0; k < values.length; k++) values[k] = Math.exp(logDensity[k] as number);
  } else {
    const many = target.sample(20000, new Rng(seed + 1));
    for (let k = 0; k < many.rows; k++) {
      const j = Math.floor((((many.data[2 * k] as number) - x0) / (x1 - x0)) * size);
      const i = Math.floor((((many.data[2 * k + 1] as number) - y0) / (y1 - y0)) * size);
      if (i >= 0 && i < size && j >= 0 && j < size) values[i * size + j] = (values[i * size + j] as number) + 1;
    }
  }
  return { x0, x1, y0, y1, size, values };
}

/** Fit the score model, then sample, reporting every stage through `emit`. */
export async function runDiffusion(o: DiffusionDemoOptions, emit: (e: DiffusionEvent) => void): Promise<void> {
  const t0ms = performance.now();
  // wasm first unless a backend is forced (`?backend=`): sampling is a long chain of small products, each read
  // back for the next Euler–Maruyama step, where WebGL's per-operation cost dominates (headless Chromium,
  // software WebGL: 41 s against 3.4 s on wasm for the default 600 particles × 400 steps).
  const forced = (globalThis as { SOFTMAX_NTK_BACKEND?: string }).SOFTMAX_NTK_BACKEND;
  const info = forced ? await initBackend() : await initBackend({ backend: 'wasm' }).catch(() => initBackend());
  emit({ type: 'backend', backend: info.backend });
  // The file formats' validator (zod) loads in the background in a browser: wait for it before parseTarget, which
  // refuses to run without it (a slow chunk load on a busy machine ended the demo in 'error').
  await loadValidation();
  const target = parseTarget({ type: 'named', name: o.target });
  emit({ type: 'density', grid: densityGrid(target), target: target.name });
  // Everything not set here (time sampling, input features, ridge, schedule, and σ and T₀ unless the user
  // changed them) is trainScoreModel's default.
  const common: TrainScoreModelOptions = {
    target,
    kind: o.kind,
    n: o.n,
    numNeurons: o.numNeurons,
    seed: o.seed,
    ...(o.sigma !== null ? { sigma: o.sigma } : {}),
    ...(o.t0 !== null ? { t0: o.t0 } : {}),
  };
  const trainStart = performance.now();
  let model;
  if (o.kind === 'nn') {
    const every = Math.max(1, Math.floor(o.steps / 100));
    let firstLoss = NaN;
    let last = { step: 0, loss: NaN };
    try {
      model = await trainScoreModel({
        ...common,
        steps: o.steps,
        momentum: o.momentum,
        etaScale: o.etaScale,
        precision: 'float32',
        onProgress: (p) => {
          if (p.step === 0) firstLoss = p.loss;
          last = { step: p.step, loss: p.loss };
          if (p.step % every === 0 || p.step === p.steps)
            emit({ type: 'loss', step: p.step, steps: p.steps, loss: p.loss });
        },
      });
    } catch (err) {
      // trainScoreModel throws a ScoreTrainingError naming the step size (`etaScale`, or `eta`) when `train`'s
      // divergence rule fires: report a divergence, not an error.
      if (!(err instanceof ScoreTrainingError && (err.field === 'etaScale' || err.field === 'eta'))) throw err;
      const reason = err.message;
      emit({ type: 'loss', step: last.step, steps: o.steps, loss: last.loss });
      emit({
        type: 'diverged',
        step: last.step,
        steps: o.steps,
        initialLoss: firstLoss,
        lastLoss: last.loss,
        etaScale: o.etaScale,
        momentum: o.momentum,
        reason,
      });
      return;
    }
    const { training } = model;
    emit({
      type: 'trained',
      kind: 'nn',
      steps: training.steps ?? o.steps,
      initialLoss: firstLoss,
      finalLoss: training.finalLoss,
      lossFloor: training.lossFloor ?? null,
      sigma: training.sigma,
      t0: model.t0,
      ms: performance.now() - trainStart,
    });
  } else {
    // The closed-form NTK regression (float64 Gram matrix and Cholesky solve): no GD, no loss curve.
    model = await trainScoreModel(common);
    const { training } = model;
    emit({
      type: 'trained',
      kind: 'ntk',
      n: training.n,
      d: target.dim,
      finalLoss: training.finalLoss,
      lossFloor: training.lossFloor ?? null,
      sigma: training.sigma,
      t0: model.t0,
      ms: performance.now() - trainStart,
    });
  }
  const sampleStart = performance.now();
  const { score, schedule } = await createScoreModel(model, { precision: 'float32' });
  const rng = new Rng(o.seed + 1);
  const T = model.T;
  const tEnd = model.t0;
  let x: Matrix = { rows: o.count, cols: 2, data: rng.fillNormal(new Float64Array(o.count * 2)) };
  const perFrame = Math.max(1, Math.round(o.sampleSteps / o.frames));
  emit({ type: 'frame', t: T, frame: 0, frames: o.frames, points: fromScaled(x, model.normalization).data });
  for (let f = 0; f < o.frames; f++) {
    const ta = T - ((T - tEnd) * f) / o.frames;
    const tb = T - ((T - tEnd) * (f + 1)) / o.frames;
    // No final Tweedie step: at the default T₀ = 0.01 it hurts a learned model (the package's default too).
    x = sample({
      model: score,
      schedule,
      count: o.count,
      sampler: 'sde',
      steps: perFrame,
      T: ta,
      t0: tb,
      start: x,
      rng,
      denoiseFinal: false,
    }).samples;
    emit({ type: 'frame', t: tb, frame: f + 1, frames: o.frames, points: fromScaled(x, model.normalization).data });
    await new Promise((r) => setTimeout(r, 0));
  }
  const sampleMs = performance.now() - sampleStart;
  let coverage: CoverageSummary | null = null;
  if (target.mixture) {
    const radius = 3;
    const c = modeCoverage({ samples: fromScaled(x, model.normalization), mixture: target.mixture, radius });
    coverage = {
      radius,
      nearFraction: c.nearFraction,
      nearFractionExpected: c.nearFractionExpected,
      covered: c.covered,
      components: c.components,
    };
  }
  emit({ type: 'done', ms: performance.now() - t0ms, sampleMs, coverage });
}
