/**
 * `softmax-ntk diffusion likelihood`: −log p₀(x) of data points through the probability-flow ODE ([SSDK+21]),
 * for a model file or the exact score of a mixture target (Section 6 of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax", 2024).
 */
import type { Command } from 'commander';
import type { Matrix } from '@softmax-ntk/linalg';
import {
  DEFAULT_LIKELIHOOD_EPS,
  LIKELIHOOD_METHODS,
  PROBE_KINDS,
  likelihood,
  type LikelihoodMethod,
  type LikelihoodResult,
  type ProbeKind,
} from '@softmax-ntk/diffusion';
import { readDataRows } from '@softmax-ntk/diffusion/node';
import type { Context } from '../internal/context';
import { CliError, parseChoice, parseInteger, parseNumber } from '../internal/errors';
import { addClipOption, loadSource, type Source } from './diffusionSource';
import { checkFiniteTree } from '../internal/finite';
import { checkLikelihoodMemory } from '../internal/diffusionLimits';
import { capOf } from '../internal/limits';

interface LikelihoodOpts {
  model?: string;
  exactScore?: boolean;
  target?: string;
  data?: string;
  method?: string;
  probes: string;
  probeKind: string;
  rtol: string;
  atol: string;
  eps?: string;
  schedule: string;
  T: string;
}

/** score_sde's default start time of the likelihood ODE (diffusion's `DEFAULT_LIKELIHOOD_EPS`). */
export const SCORE_SDE_EPS = DEFAULT_LIKELIHOOD_EPS;

/** The likelihood settings `diffusion likelihood` and `diffusion eval` share. */
export interface LikelihoodSettings {
  method: LikelihoodMethod | undefined;
  probes: number;
  probeKind: ProbeKind;
  rtol: number;
  atol: number;
  eps: number;
}

export function addLikelihoodOptions(cmd: Command): Command {
  return cmd
    .option('--method <m>', 'exact (trace of d Jacobian-vector products) | hutchinson; default exact for d ≤ 16')
    .option('--probes <int>', 'hutchinson: probes per point (≥ 2 gives a standard error)', '4')
    .option('--probe-kind <k>', 'hutchinson: rademacher | gaussian', 'rademacher')
    .option('--rtol <r>', 'RK45 relative tolerance (score_sde: 1e-5)', '1e-5')
    .option('--atol <a>', 'RK45 absolute tolerance (score_sde: 1e-5)', '1e-5')
    .option(
      '--eps <e>',
      "start time ε of the ODE, the density is p_ε ≈ p₀; default 1e-5 (score_sde's) with --exact-score, the model's training T₀ with --model (a learned score is not defined below T₀)",
    );
}

/** `defaultEps`: the start time when --eps is not given (the model's T₀, or score_sde's 1e-5 for an exact score). */
export function parseLikelihoodOptions(
  o: {
    method?: string;
    probes: string;
    probeKind: string;
    rtol: string;
    atol: string;
    eps?: string;
  },
  defaultEps: number,
): LikelihoodSettings {
  return {
    method: o.method === undefined ? undefined : parseChoice('--method', o.method, LIKELIHOOD_METHODS),
    probes: parseInteger('--probes', o.probes, 1),
    probeKind: parseChoice('--probe-kind', o.probeKind, PROBE_KINDS),
    rtol: parseNumber('--rtol', o.rtol, { exclusiveMin: 0 }),
    atol: parseNumber('--atol', o.atol, { min: 0 }),
    eps: o.eps === undefined ? defaultEps : parseNumber('--eps', o.eps, { exclusiveMin: 0 }),
  };
}

/** Data rows for `--data`: CSV (optional header) or a JSON array of rows; d columns, finite, at least one row. */
export function readLikelihoodData(path: string, d: number): Matrix {
  let data: Matrix;
  try {
    data = readDataRows(path);
  } catch (e) {
    throw new CliError(`invalid --data: ${(e as Error).message.replace(/^target: /, '')}`);
  }
  if (data.cols !== d)
    throw new CliError(
      `invalid --data: ${JSON.stringify(path)} has ${data.cols} column${data.cols === 1 ? '' : 's'}, the model's dimension d is ${d}`,
    );
  return data;
}

/**
 * Refuse a likelihood whose buffers exceed the memory cap, before the ODE allocates them: `option` names the
 * points (`--data rows`, `--nll-points`), with `--probes` beside it for Hutchinson.
 */
export function checkLikelihoodSettingsMemory(
  src: Source,
  points: number,
  option: string,
  s: LikelihoodSettings,
  cap: number,
): void {
  const d = src.score.dim;
  const exact = (s.method ?? (d <= 16 ? 'exact' : 'hutchinson')) === 'exact';
  checkLikelihoodMemory(
    { points, d, directions: exact ? d : s.probes, columns: exact ? 1 : s.probes, width: src.width },
    [{ option, value: points }, ...(exact ? [] : [{ option: '--probes', value: s.probes }])],
    cap,
  );
}

/** −log p₀ of points in data units with a source's score (its normalisation maps them to the model's units). */
export function runLikelihood(src: Source, data: Matrix, s: LikelihoodSettings, seed: number): LikelihoodResult {
  return likelihood({
    score: src.score,
    schedule: src.schedule,
    data,
    normalization: src.normalization,
    ...(s.method ? { method: s.method } : {}),
    probes: s.probes,
    probeKind: s.probeKind,
    rtol: s.rtol,
    atol: s.atol,
    eps: s.eps,
    T: src.T,
    seed,
  });
}

const fmt = (v: number) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toFixed(4) : v.toExponential(4));

export function registerDiffusionLikelihood(parent: Command, getCtx: () => Context): void {
  addLikelihoodOptions(
    addClipOption(
      parent
        .command('likelihood')
        .description(
          'negative log-likelihood of data points through the probability-flow ODE (--model M, or --exact-score --target FILE)',
        )
        .option('--model <file>', 'a model file from `diffusion train`')
        .option('--exact-score', 'use the exact score ∇log p_t of the --target mixture', false)
        .option('--target <file>', 'target file (with --exact-score)')
        .option('--data <file>', 'points x, one per row: CSV (optional header) or a JSON array of rows, in data units'),
    ),
  )
    .option('--schedule <g>', 'with --exact-score: the schedule', 'linear')
    .option('--T <T>', 'with --exact-score: horizon T', '1')
    .action(async (o: LikelihoodOpts & { clipRadius?: string }) => {
      const ctx = getCtx();
      if (!o.data) throw new CliError('missing option: --data FILE');
      const src = await loadSource(ctx, {
        ...(o.model !== undefined ? { model: o.model } : {}),
        ...(o.target !== undefined ? { target: o.target } : {}),
        ...(o.exactScore !== undefined ? { exactScore: o.exactScore } : {}),
        ...(o.clipRadius !== undefined ? { clipRadius: o.clipRadius } : {}),
        schedule: o.schedule,
        T: o.T,
      });
      const settings = parseLikelihoodOptions(o, o.model ? src.t0 : SCORE_SDE_EPS);
      const data = readLikelihoodData(o.data, src.score.dim);
      checkLikelihoodSettingsMemory(src, data.rows, '--data rows', settings, capOf(ctx.globals));
      if (settings.eps >= src.T)
        throw new CliError(`invalid option: --eps must be smaller than T = ${src.T}, got ${settings.eps}`);
      if (settings.eps < src.t0 && o.model)
        ctx.warn(
          `--eps ${settings.eps} is below the model's training T₀ = ${src.t0}: the learned score is extrapolated there and the NLL is not meaningful`,
        );
      const r = runLikelihood(src, data, settings, ctx.globals.seed ?? 0);
      const out = {
        nll: r.nll,
        bitsPerDim: r.bitsPerDim,
        perSample: Array.from(r.perSample),
        method: r.method,
        stdError: r.stdError,
      };
      checkFiniteTree('', out, 'the NLL overflows float64');
      const d = src.score.dim;
      const lines = [
        `${src.label} — ${data.rows} points of ${o.data} (d = ${d})`,
        `NLL ${fmt(r.nll)} nats per sample${r.stdError ? ` ± ${fmt(r.stdError)} (Hutchinson, ${settings.probes} ${settings.probeKind} probes)` : ''}   ${fmt(r.bitsPerDim)} bits per dimension`,
        `method ${r.method}; probability-flow ODE from ε = ${settings.eps} to T = ${src.T}, RK45 rtol ${settings.rtol}, atol ${settings.atol}: ${r.steps} steps (${r.rejected} rejected), ${r.evaluations} evaluations`,
      ];
      ctx.result(out, lines.join('\n'));
    });
}
