/** `softmax-ntk diffusion train`: the denoising score model of Section 6.1, GD-trained network or its NTK regression. */
import type { Command } from 'commander';
import { initBackend } from '@softmax-ntk/linalg';
import {
  DEFAULT_CENTRE_SCALE,
  DEFAULT_PAIRS,
  DEFAULT_T0,
  ScoreTrainingError,
  TIME_SAMPLINGS,
  chooseNtkSolver,
  makeSchedule,
  trainScoreModel,
} from '@softmax-ntk/diffusion';
import { readTargetFile, writeModelFile } from '@softmax-ntk/diffusion/node';
import type { Context } from '../internal/context';
import { checkDiffusionTrainMemory } from '../internal/diffusionLimits';
import { capOf } from '../internal/limits';
import { checkOutputPath } from '../internal/outputs';
import { CliError, parseChoice, parseInteger, parseNumber } from '../internal/errors';
import { startProgress } from '../internal/progress';
import { stem, writeLossPlot } from './diffusionPlot';

interface TrainOpts {
  target?: string;
  out?: string;
  model: string;
  param: string;
  n?: string;
  m: string;
  sigma: string;
  eta: string;
  etaScale: string;
  momentum: string;
  steps: string;
  ridge?: string;
  relativeRidge: string;
  ensemble: string;
  lossWeightPower: string;
  solver: string;
  schedule: string;
  t0: string;
  T: string;
  timeSampling: string;
  timeScale: string;
  precondition: boolean;
  inputBias?: string;
  dataCentres: string;
  centreScale: string;
  paperInputs?: boolean;
  plot?: string | false;
}

/** Defaults for 2-D targets; README "Defaults and the trade-off" says where they come from. */
export const TRAIN_DEFAULTS = {
  model: 'ntk',
  param: 'x0',
  m: '2048',
  sigma: '10',
  eta: 'auto',
  etaScale: '1',
  momentum: '0',
  steps: '1000',
  relativeRidge: '1e-4',
  ensemble: '1',
  lossWeightPower: '0',
  solver: 'auto',
  schedule: 'linear',
  t0: String(DEFAULT_T0),
  T: '1',
  timeSampling: 'log-uniform',
  timeScale: '3',
  dataCentres: '0',
  centreScale: String(DEFAULT_CENTRE_SCALE),
};

/**
 * An output path of the diffusion commands, checked before any work: the shared `checkOutputPath` (its directory
 * exists; the path is not a directory; stale temp files beside it are removed). A directory as --out trained first
 * and then failed on the temp file's rename (issue #20 audit).
 */
export function checkWritableDir(option: string, path: string): void {
  checkOutputPath(option, path);
}

export function parseTimes(t0raw: string, Traw: string): { t0: number; T: number } {
  const t0 = parseNumber('--t0', t0raw, { exclusiveMin: 0 });
  const T = parseNumber('--T', Traw, { exclusiveMin: 0 });
  if (t0 >= T)
    throw new CliError(`invalid option: --t0 must be smaller than --T (T₀ < T), got --t0 ${t0} and --T ${T}`);
  return { t0, T };
}

/** The CLI option of each field a {@link ScoreTrainingError} names. */
const TRAINING_OPTION = { eta: '--eta', etaScale: '--eta-scale', ridge: '--ridge', relativeRidge: '--relative-ridge' };

/**
 * The two ways training fails on the options rather than on a bug, as one line naming the option: gradient descent
 * diverging (the step size) and an H* that is not numerically positive definite (the ridge). trainScoreModel
 * reports both as a `ScoreTrainingError` whose `field` names the option; anything else is returned as it is.
 */
function trainingError(e: unknown): unknown {
  if (!(e instanceof ScoreTrainingError)) return e;
  const option = TRAINING_OPTION[e.field as keyof typeof TRAINING_OPTION] ?? `--${e.field}`;
  const stepSize = e.field === 'eta' || e.field === 'etaScale';
  return new CliError(
    `invalid option: ${option} ${e.value} ${stepSize ? 'is too large, ' : ''}${e.detail}; ${stepSize ? 'lower' : 'raise'} ${option}`,
  );
}

export function registerDiffusionTrain(parent: Command, getCtx: () => Context): void {
  const d = TRAIN_DEFAULTS;
  parent
    .command('train')
    .description('fit a score model on denoising pairs (t_i, x(t_i)) → x(0)_i (Section 6.1) and write the model file')
    .option('--target <file>', 'the target file (shared/spec/target-file.md)')
    .option('--out <model>', 'write the model file here')
    .option(
      '--model <kind>',
      'nn: the softmax network trained by GD on W | ntk: its NTK regression (Definition F.1)',
      d.model,
    )
    .option(
      '--param <p>',
      "x0: the network predicts x(0) (the paper's) | eps: it predicts the noise | residual: it predicts x(0) − c_skip(t)·x(t), c_skip the Gaussian posterior-mean factor (eps, residual: beyond the paper)",
      d.param,
    )
    .option(
      '--n <int>',
      `denoising pairs n (default ${DEFAULT_PAIRS.ntk} for ntk, solved in the primal; ${DEFAULT_PAIRS.nn} for nn)`,
    )
    .option('--m <int>', 'hidden neurons m (even)', d.m)
    .option('--sigma <s>', 'σ of the symmetric initialisation w_r ~ N(0, σ²I)', d.sigma)
    .option('--eta <η>', 'GD step size, or auto = eta-scale/λ_max(J Jᵀ)', d.eta)
    .option('--eta-scale <c>', 'c in η = c/λ_max', d.etaScale)
    .option('--momentum <μ>', 'heavy-ball momentum (beyond the paper; 0 = plain GD)', d.momentum)
    .option('--steps <int>', 'GD steps', d.steps)
    .option(
      '--relative-ridge <c>',
      'ntk: ridge relative to the mean diagonal of H*, ρ = c·tr(H*)/(nd)',
      d.relativeRidge,
    )
    .option(
      '--ridge <ρ>',
      'ntk: absolute ridge ρ added to H* (as `softmax-ntk ntk --ridge`); replaces --relative-ridge',
    )
    .option(
      '--ensemble <k>',
      'ntk: k NTK regressions from the same W(0), each on its own n pairs, averaged (bagging, beyond the paper; k times the training time, the same sampling cost)',
      d.ensemble,
    )
    .option(
      '--loss-weight-power <γ>',
      "ntk: each pair's loss weighted by λ(t)^γ, λ(t) = (α_t²v + σ_t²)/(vσ_t²) (EDM's weight, scaled to mean 1; beyond the paper); 0 = the paper's unweighted loss",
      d.lossWeightPower,
    )
    .option(
      '--solver <s>',
      'ntk: dual (the nd × nd system of Definition F.1) | primal (the same U from an m(d+1) × m(d+1) system; cost linear in n, for many pairs) | auto: the one with fewer flops',
      d.solver,
    )
    .option('--schedule <g>', 'linear | constant | cosine | an expression in t, e.g. "0.1 + 19.9*t"', d.schedule)
    .option('--t0 <T0>', 'smallest diffusion time T₀ (training and sampling)', d.t0)
    .option('--T <T>', 'diffusion horizon T', d.T)
    .option(
      '--time-sampling <s>',
      "uniform: t_i ~ U(T₀, T), the paper's | log-uniform: log t_i ~ U(log T₀, log T) (beyond the paper)",
      d.timeSampling,
    )
    .option('--time-scale <c>', "c_t in the input (c_t·t/T, c_in·x)/R (1 = the paper's (t, x))", d.timeScale)
    .option('--no-precondition', "the paper's raw x(t) in the input instead of x(t)/√(α_t²v + σ_t²)")
    .option(
      '--input-bias <c>',
      'a constant coordinate c in the input (c_t·t/T, c_in·x, c)/R (beyond the paper; default 0 = none, 1 with --data-centres)',
    )
    .option(
      '--data-centres <f>',
      'the fraction of neuron pairs of W(0) centred on training inputs, logits σ′(⟨x̃_i, x̃⟩ − ‖x̃_i‖²/2) (beyond the paper)',
      d.dataCentres,
    )
    .option('--centre-scale <s>', 'σ′ of the centred neurons (--data-centres)', d.centreScale)
    .option(
      '--paper-inputs',
      "the paper's Section 6.1 data exactly: --time-sampling uniform --time-scale 1 --no-precondition",
    )
    .option('--plot <file>', 'training-loss plot (SVG, PNG beside it); default <out>.loss.svg')
    .option('--no-plot', 'no training-loss plot')
    .action(async (o: TrainOpts, cmd: Command) => {
      const ctx = getCtx();
      if (!o.target) throw new CliError('missing option: --target FILE is required');
      if (!o.out) throw new CliError('missing option: --out MODEL is required');
      const kind = parseChoice('--model', o.model, ['nn', 'ntk'] as const);
      const parameterization = parseChoice('--param', o.param, ['x0', 'eps', 'residual'] as const);
      const n = parseInteger('--n', o.n ?? String(DEFAULT_PAIRS[kind]), 1);
      const m = parseInteger('--m', o.m, 2);
      if (m % 2 !== 0) throw new CliError(`invalid option: --m must be even for symmetric initialisation, got ${m}`);
      const sigma = parseNumber('--sigma', o.sigma, { exclusiveMin: 0 });
      const eta = o.eta === 'auto' ? 'auto' : parseNumber('--eta', o.eta, { exclusiveMin: 0 });
      const etaScale = parseNumber('--eta-scale', o.etaScale, { exclusiveMin: 0 });
      const momentum = parseNumber('--momentum', o.momentum, { min: 0 });
      if (momentum >= 1) throw new CliError(`invalid option: --momentum must be in [0, 1), got ${momentum}`);
      const steps = parseInteger('--steps', o.steps, 1);
      if (o.ridge !== undefined && cmd.getOptionValueSource('relativeRidge') === 'cli')
        throw new CliError('invalid option: --ridge (absolute) and --relative-ridge are alternatives: give one');
      const ridge = o.ridge === undefined ? undefined : parseNumber('--ridge', o.ridge, { min: 0 });
      const relativeRidge = parseNumber('--relative-ridge', o.relativeRidge, { min: 0 });
      const ensemble = parseInteger('--ensemble', o.ensemble, 1);
      if (ensemble !== 1 && kind !== 'ntk')
        throw new CliError(
          `invalid option: --ensemble ${ensemble} averages NTK regressions and needs --model ntk, got --model ${kind}`,
        );
      const lossWeightPower = parseNumber('--loss-weight-power', o.lossWeightPower, { min: 0 });
      if (lossWeightPower !== 0 && kind !== 'ntk')
        throw new CliError(
          `invalid option: --loss-weight-power ${lossWeightPower} weights the NTK regression's pairs and needs --model ntk, got --model ${kind}`,
        );
      const solverOption = parseChoice('--solver', o.solver, ['auto', 'dual', 'primal'] as const);
      if (solverOption !== 'auto' && kind !== 'ntk')
        throw new CliError(
          `invalid option: --solver ${solverOption} solves the NTK regression and needs --model ntk, got --model ${kind}`,
        );
      const { t0, T } = parseTimes(o.t0, o.T);
      const paper = o.paperInputs === true;
      if (paper) {
        const given = [
          ['timeSampling', '--time-sampling'],
          ['timeScale', '--time-scale'],
          ['precondition', '--no-precondition'],
          ['inputBias', '--input-bias'],
          ['dataCentres', '--data-centres'],
        ].filter(([k]) => cmd.getOptionValueSource(k as string) === 'cli');
        if (given.length)
          throw new CliError(
            `invalid option: --paper-inputs sets the input features itself; drop ${given.map(([, f]) => f).join(', ')}`,
          );
      }
      const timeSampling = paper ? 'uniform' : parseChoice('--time-sampling', o.timeSampling, TIME_SAMPLINGS);
      const timeScale = paper ? 1 : parseNumber('--time-scale', o.timeScale, { exclusiveMin: 0 });
      const precondition = paper ? false : o.precondition;
      const dataCentres = parseNumber('--data-centres', o.dataCentres, { min: 0 });
      if (dataCentres > 1)
        throw new CliError(`invalid option: --data-centres must be a fraction in [0, 1], got ${dataCentres}`);
      const centreScale = parseNumber('--centre-scale', o.centreScale, { exclusiveMin: 0 });
      const inputBias =
        o.inputBias === undefined ? (dataCentres > 0 ? 1 : 0) : parseNumber('--input-bias', o.inputBias, { min: 0 });
      if (dataCentres > 0 && inputBias === 0)
        throw new CliError(
          'invalid option: --input-bias must be > 0 with --data-centres (centred neurons need the constant coordinate)',
        );
      makeSchedule({ spec: o.schedule, T }); // validates before anything runs
      const target = readTargetFile(o.target);
      const width = target.dim + (inputBias > 0 ? 2 : 1);
      const solver = solverOption === 'auto' ? chooseNtkSolver(n, target.dim, m, width) : solverOption;
      checkDiffusionTrainMemory(kind, n, m, target.dim, capOf(ctx.globals), solver, width);
      checkWritableDir('--out', o.out);
      const plotPath = o.plot === false || kind === 'ntk' ? undefined : (o.plot ?? `${stem(o.out)}.loss.svg`);
      if (plotPath) checkWritableDir('--plot', plotPath);
      const precision = ctx.globals.precision ?? 'float32';
      if (precision === 'float32' || ctx.globals.backend) await initBackend({ backend: ctx.globals.backend });
      const bar = kind === 'nn' ? startProgress(ctx, steps, 'train', 'loss {loss}') : undefined;
      if (kind === 'ntk') {
        const p = m * width;
        ctx.info(
          solver === 'primal'
            ? `ntk (primal): JᵀJ (${p} × ${p}) over ${n} pairs, Cholesky, solve…`
            : `ntk: Gram matrix H* (${n * target.dim} × ${n * target.dim}), Cholesky, solve…`,
        );
      }
      const model = await trainScoreModel({
        target,
        kind,
        parameterization,
        n,
        numNeurons: m,
        sigma,
        eta,
        etaScale,
        momentum,
        steps,
        ...(ridge === undefined ? { relativeRidge } : { ridge }),
        ensemble,
        lossWeightPower,
        ...(kind === 'ntk' ? { solver } : {}),
        schedule: o.schedule,
        t0,
        T,
        timeSampling,
        timeScale,
        precondition,
        inputBias,
        dataCentres,
        centreScale,
        precision,
        seed: ctx.globals.seed ?? 0,
        onProgress: (p) => bar?.update(p.step, { loss: p.loss.toPrecision(5) }),
      }).catch((e: unknown) => {
        bar?.stop();
        throw trainingError(e);
      });
      bar?.stop();
      writeModelFile(o.out, model);
      const written = [o.out];
      const tr = model.training;
      if (plotPath && tr.loss) {
        const every = tr.lossEvery ?? 1;
        const xs = tr.loss.map((_, k) => Math.min(k * every, tr.steps ?? 0));
        written.push(
          ...writeLossPlot(
            plotPath,
            xs,
            tr.loss,
            tr.lossFloor ?? null,
            `Denoising loss, ${target.name}, m = ${m}, σ = ${sigma}`,
          ),
        );
      }
      const summary = {
        out: o.out,
        written,
        model: kind,
        parameterization,
        target: target.name,
        n,
        m,
        sigma,
        steps: tr.steps ?? null,
        eta: tr.eta ?? null,
        lambdaMax: tr.lambdaMax ?? null,
        momentum,
        ridge: tr.ridge ?? null,
        ensemble,
        lossWeightPower,
        solver: tr.solver ?? null,
        loss: tr.finalLoss,
        lossFloor: tr.lossFloor ?? null,
        seconds: tr.seconds,
        schedule: model.schedule,
        t0,
        T,
        seed: model.seed,
        timeSampling,
        timeScale,
        precondition,
        inputBias,
        dataCentres,
        centreScale: dataCentres > 0 ? centreScale : null,
        inputScale: model.inputScale,
      };
      const gap = tr.lossFloor
        ? ` (posterior-mean floor ${tr.lossFloor.toPrecision(5)}, ${(((tr.finalLoss - tr.lossFloor) / tr.lossFloor) * 100).toFixed(2)} % above)`
        : '';
      ctx.summary(
        summary,
        [
          `wrote ${written.join(', ')}`,
          `model     ${kind === 'nn' ? 'softmax network, GD on W' : 'NTK regression at W(0) (Definition F.1)'}, parameterization ${parameterization}${parameterization !== 'x0' ? ' (beyond the paper)' : ''}`,
          `target    ${target.name}; n = ${n} pairs, ${timeSampling === 'uniform' ? `t ~ U(${t0}, ${T})` : `log t ~ U(log ${t0}, log ${T}) (beyond the paper)`}, schedule ${JSON.stringify(model.schedule)}`,
          `input     (${timeScale}·t/T, ${precondition ? `x/√(α_t²·${model.input?.secondMoment?.toPrecision(4)} + σ_t²)` : 'x'}${inputBias > 0 ? `, ${inputBias}` : ''})/R, R = ${model.inputScale.toPrecision(4)}${timeScale === 1 && !precondition && inputBias === 0 ? " (the paper's)" : ' (beyond the paper)'}`,
          `network   m = ${m}, σ = ${sigma}${dataCentres > 0 ? `, ${dataCentres * 100} % of the neuron pairs centred on training inputs (σ′ = ${centreScale})` : ''}${kind === 'nn' ? `, η = ${tr.eta?.toPrecision(4)}${momentum ? `, momentum ${momentum}` : ''}, ${tr.steps} steps` : `, ridge ρ = ${tr.ridge?.toPrecision(4)}`}`,
          `loss      ${tr.finalLoss.toPrecision(6)}${gap}`,
          `time      ${tr.seconds.toFixed(1)} s (${model.training.precision})`,
        ].join('\n'),
      );
    });
}
