/** `softmax-ntk diffusion eval`: score error (Theorem 6.5's left side) and sample quality against p₀, beside their noise floors. */
import type { Command } from 'commander';
import { Rng } from '@softmax-ntk/linalg';
import {
  couplingGap,
  fromScaled,
  mixtureMarginal,
  modeCoverage,
  sampleQuality,
  scoreError,
  toScaled,
} from '@softmax-ntk/diffusion';
import type { Context } from '../internal/context';
import { checkEvalMemory } from '../internal/diffusionLimits';
import { capOf } from '../internal/limits';
import { CliError, parseInteger } from '../internal/errors';
import { checkFinite, checkFiniteTree } from '../internal/finite';
import {
  addLikelihoodOptions,
  checkLikelihoodSettingsMemory,
  parseLikelihoodOptions,
  runLikelihood,
  SCORE_SDE_EPS,
  type LikelihoodSettings,
} from './diffusionLikelihood';
import {
  addSamplerOptions,
  loadSource,
  parseSamplerOptions,
  runSampler,
  type SamplerOpts,
  type Source,
} from './diffusionSource';

interface EvalOpts extends SamplerOpts {
  model?: string;
  compare?: string;
  exactScore?: boolean;
  target?: string;
  count: string;
  scoreTimes: string;
  scorePoints: string;
  schedule: string;
  t0?: string;
  T: string;
  nllPoints: string;
  method?: string;
  probes: string;
  probeKind: string;
  rtol: string;
  atol: string;
  eps?: string;
}

const fmt = (v: number) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(5) : v.toExponential(3));

export function registerDiffusionEval(parent: Command, getCtx: () => Context): void {
  addHeldOutNllOptions(
    addSamplerOptions(
      parent
        .command('eval')
        .description(
          'metrics of a model: weighted score error (exact mixtures) and MMD², energy distance, sliced W₂ against fresh p₀ samples',
        )
        .option('--model <file>', 'a model file from `diffusion train`')
        .option(
          '--compare <file>',
          'a second model file (same target, seed and parameterisation, e.g. --model ntk vs nn): report the coupling gap Z₁ of Claim G.1 between their outputs',
        )
        .option('--exact-score', 'evaluate the exact score of the --target mixture (a check of the sampler)', false)
        .option('--target <file>', 'target file (with --exact-score)')
        .option('--count <int>', 'samples N (and N + N fresh p₀ draws)', '2000')
        .option('--score-times <int>', 'score error: stratified times', '64')
        .option('--score-points <int>', 'score error: points per time', '256'),
    ),
  ).action(async (o: EvalOpts) => {
    const ctx = getCtx();
    const count = parseInteger('--count', o.count, 2);
    const settings = parseSamplerOptions(o);
    const { sampler, steps, correctorSteps } = settings;
    const times = parseInteger('--score-times', o.scoreTimes, 1);
    const perTime = parseInteger('--score-points', o.scorePoints, 1);
    const src = await loadSource(ctx, o);
    const nllSettings = parseHeldOutNllOptions(o, src);
    checkEvalMemory(count, times, perTime, src.score.dim, capOf(ctx.globals));
    if (nllSettings.points > 0)
      checkLikelihoodSettingsMemory(src, nllSettings.points, '--nll-points', nllSettings, capOf(ctx.globals));
    if (!src.target)
      throw new CliError(
        "cannot evaluate: the model's target cannot be loaded, so there is nothing to compare against",
      );
    const target = src.target;
    const rng = new Rng(ctx.globals.seed ?? 0);
    let se: { uniform: number; weighted: number } | null = null;
    if (src.exact) {
      const r = scoreError({
        model: src.score,
        exact: src.exact,
        schedule: src.schedule,
        t0: src.t0,
        T: src.T,
        times,
        perTime,
        rng,
        sampleData: (n, g) => toScaled(target.sample(n, g), src.normalization),
      });
      se = { uniform: r.uniform, weighted: r.weighted };
    }
    let coupling: { gap: number; scale: number; other: string } | null = null;
    if (o.compare) {
      if (!src.predict) throw new CliError('invalid option: --compare needs --model M');
      // The same --clip-radius on both sides (the coupling gap compares the raw predictions F, which the clip
      // does not change, but every score drawn from `other` must be the one the user asked for).
      const other = await loadSource(ctx, {
        model: o.compare,
        schedule: o.schedule,
        T: o.T,
        ...(o.clipRadius !== undefined ? { clipRadius: o.clipRadius } : {}),
      });
      if (
        other.parameterization !== src.parameterization ||
        JSON.stringify(other.normalization) !== JSON.stringify(src.normalization) ||
        other.t0 !== src.t0 ||
        other.T !== src.T
      ) {
        throw new CliError(
          `invalid option: --compare ${o.compare} must share the parameterisation, normalisation, T₀ and T of --model ${o.model}`,
        );
      }
      const r = couplingGap({
        a: src.predict,
        b: other.predict!,
        schedule: src.schedule,
        t0: src.t0,
        T: src.T,
        times,
        perTime,
        rng,
        sampleData: (n, g) => toScaled(target.sample(n, g), src.normalization),
      });
      coupling = { gap: r.gap, scale: r.scaleA, other: other.label };
    }
    const res = runSampler(ctx, src, count, settings, rng);
    const samples = fromScaled(res.samples, src.normalization);
    checkFinite(
      'samples',
      samples,
      "the samples overflow float64 in data units: the model's normalisation scale is too large",
    );
    const reference = (n: number, g: Rng) => target.sample(n, g);
    const q = sampleQuality({ samples, reference, rng });
    // Reference point: N(0, I) in the model's units (the prior y(0), mapped back), same size.
    const prior = {
      rows: count,
      cols: target.dim,
      data: rng.fillNormal(new Float64Array(count * target.dim)) as Float64Array,
    };
    const qPrior = sampleQuality({ samples: fromScaled(prior, src.normalization), reference, rng });
    const nll = heldOutNll(src, nllSettings, rng, ctx.globals.seed ?? 0);
    const cov = target.mixture ? modeCoverage({ samples, mixture: target.mixture }) : null;
    const out = {
      source: src.label,
      target: target.name,
      sampler,
      steps: sampler === 'rk45' ? res.steps : steps,
      correctorSteps,
      finalCorrectorSteps: settings.finalCorrectorSteps,
      count,
      t0: src.t0,
      T: src.T,
      denoise: settings.denoise,
      scoreError: se,
      couplingGap: coupling,
      nll,
      mmd2: { value: q.mmd2, noiseFloor: q.mmd2Floor, bandwidth: q.bandwidth },
      energy: { value: q.energy, noiseFloor: q.energyFloor },
      sw2: { value: q.sw2, noiseFloor: q.sw2Floor },
      prior: { mmd2: qPrior.mmd2, energy: qPrior.energy, sw2: qPrior.sw2 },
      modes: cov
        ? {
            nearFraction: cov.nearFraction,
            nearFractionExpected: cov.nearFractionExpected,
            covered: cov.covered,
            components: cov.components,
            counts: cov.counts,
            shares: cov.shares,
          }
        : null,
    };
    // Every metric is checked where it is computed; this is the last guard before anything is printed.
    checkFiniteTree('', out, 'a metric overflows float64');
    const lines = [
      `${src.label} — ${target.name}; ${count} samples (${sampler}, ${out.steps} steps${out.finalCorrectorSteps ? `, ${out.finalCorrectorSteps} final Langevin steps` : ''}, T₀ = ${src.t0})`,
      '',
      se
        ? `score error (1/(T−T₀))∫λ(t)E‖s − ∇log p_t‖²dt   λ = σ_t⁴/α_t²: ${fmt(se.weighted)}   unweighted: ${fmt(se.uniform)}   (scaled units, ${times} × ${perTime} points)`
        : 'score error: not available (the target has no exact score)',
      ...(coupling
        ? [
            `coupling gap Z₁ (Claim G.1) (1/(T−T₀))∫E‖F − F_other‖²dt vs ${coupling.other}: ${fmt(coupling.gap)}   (E‖F‖² = ${fmt(coupling.scale)})`,
          ]
        : []),
      ...heldOutNllLines(nll),
      '',
      'metric                     samples      noise floor   N(0,I) prior',
      `MMD² (RBF, h = ${q.bandwidth.toPrecision(3)})`.padEnd(26) +
        `  ${fmt(q.mmd2).padStart(11)}  ${fmt(q.mmd2Floor).padStart(11)}  ${fmt(qPrior.mmd2).padStart(11)}`,
      'energy distance'.padEnd(26) +
        `  ${fmt(q.energy).padStart(11)}  ${fmt(q.energyFloor).padStart(11)}  ${fmt(qPrior.energy).padStart(11)}`,
      'sliced W₂'.padEnd(26) +
        `  ${fmt(q.sw2).padStart(11)}  ${fmt(q.sw2Floor).padStart(11)}  ${fmt(qPrior.sw2).padStart(11)}`,
      ...(cov
        ? [
            '',
            `modes     ${cov.covered} of ${cov.components} covered (≥ ¼ of the expected share); ${(100 * cov.nearFraction).toFixed(1)} % of samples within 3 std of a component (p₀: ${(100 * cov.nearFractionExpected).toFixed(1)} %)`,
            `          per component, samples / expected: ${cov.shares.map((v) => v.toFixed(2)).join(' ')}`,
          ]
        : []),
      '',
      'noise floor: the same metric between two independent sets of fresh p₀ samples of the same size; prior: N(0, I) draws mapped to data units.',
    ];
    ctx.result(out, lines.join('\n'));
  });
}

// Held-out NLL (issue 19): −log p₀ of fresh p₀ draws through the probability-flow ODE, beside −log p₀ itself.

function addHeldOutNllOptions(cmd: Command): Command {
  return addLikelihoodOptions(
    cmd.option(
      '--nll-points <int>',
      'held-out NLL: fresh p₀ draws whose −log p is computed through the probability-flow ODE (0: skip)',
      '200',
    ),
  );
}

interface HeldOutNllSettings extends LikelihoodSettings {
  points: number;
}

function parseHeldOutNllOptions(o: EvalOpts, src: Source): HeldOutNllSettings {
  return {
    ...parseLikelihoodOptions(o, o.model ? src.t0 : SCORE_SDE_EPS),
    points: parseInteger('--nll-points', o.nllPoints, 0),
  };
}

interface HeldOutNll {
  points: number;
  value: number;
  bitsPerDim: number;
  stdError: number | null;
  method: string;
  eps: number;
  /** Mixture targets: the mean of −log p₀ of the same points (the value an exact score reaches). */
  trueValue: number | null;
  /** `data` targets: the points are resampled training rows, not held out. */
  heldOut: boolean;
}

function heldOutNll(src: Source, s: HeldOutNllSettings, rng: Rng, seed: number): HeldOutNll | null {
  const target = src.target;
  if (!target || s.points === 0) return null;
  const points = target.sample(s.points, rng);
  const r = runLikelihood(src, points, s, seed);
  let trueValue: number | null = null;
  if (target.mixture) {
    const lp = mixtureMarginal(target.mixture, 1, 0, points, false).logDensity;
    trueValue = -lp.reduce((a, v) => a + v, 0) / lp.length;
  }
  return {
    points: s.points,
    value: r.nll,
    bitsPerDim: r.bitsPerDim,
    stdError: r.stdError,
    method: r.method,
    eps: s.eps,
    trueValue,
    heldOut: !target.data,
  };
}

function heldOutNllLines(nll: HeldOutNll | null): string[] {
  if (!nll) return [];
  return [
    `NLL (probability-flow ODE, ${nll.method}, ε = ${nll.eps}) on ${nll.points} ${nll.heldOut ? 'fresh p₀ draws' : 'resampled data rows (not held out)'}: ${fmt(nll.value)} nats per sample${nll.stdError ? ` ± ${fmt(nll.stdError)}` : ''} (${fmt(nll.bitsPerDim)} bits/dim)${nll.trueValue !== null ? `; −log p₀ of the same points: ${fmt(nll.trueValue)}` : ''}`,
  ];
}
