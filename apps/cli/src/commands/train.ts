/**
 * `softmax-ntk train`: gradient descent on W (Definition 3.5) for a problem
 * file, with checkpoints and exact resume, the recorder history, and
 * (with --track-kernel) λ_min(H(τ)) and the kernel drift ‖H(τ) − H(0)‖_F.
 */
import type { Command } from 'commander';
import { type Recorder } from '@softmax-ntk/network';
import { train, writeProblemFile } from '@softmax-ntk/network/node';
import { kernelRecorders } from '@softmax-ntk/ntk';
import type { Context } from '../internal/context';
import { CliError, parseInteger, parseNumber } from '../internal/errors';
import { writeTrainPlots } from '../internal/trainPlots';
import { outputBase, trainingSummaryText, writeTrainingResults } from '../internal/trainingResults';
import { loadProblem } from '../internal/problemInput';
import { startProgress } from '../internal/progress';
import { checkOutputPath } from '../internal/outputs';
import { capOf, checkNetworkMemory } from '../internal/limits';

interface TrainOpts {
  problem?: string;
  out?: string;
  eta: string;
  etaScale: string;
  steps: string;
  epsilon: string;
  momentum: string;
  checkpointEvery: string;
  checkpoint?: string;
  resume: boolean;
  trackKernel?: string;
}

/** The network trainer's built-in history columns, in order. */
const NETWORK_HISTORY_COLUMNS = ['step', 'loss', 'maxWeightChange', 'maxStepNorm'] as const;

/** The command-line option behind a library field that a resume found changed. */
const OPTION_OF: Record<string, string> = {
  eta: '--eta',
  etaScale: '--eta-scale',
  momentum: '--momentum',
  precision: '--precision',
  steps: '--steps',
  problemHash: '--problem',
};

/** A checkpoint or resume error with the option it is about named (`… (option --eta-scale)`), as a one-line CliError. */
function withOption(err: unknown): unknown {
  const field = (err as { field?: unknown }).field;
  if (!(err instanceof Error) || typeof field !== 'string') return err;
  const option = OPTION_OF[field];
  return new CliError(option ? `${err.message} (option ${option})` : err.message);
}

export function registerTrain(program: Command, getCtx: () => Context): void {
  program
    .command('train')
    .description('train W by gradient descent (Definition 3.5); writes the trained problem file, the history and plots')
    .option('--problem <file>', 'the problem file at W(0)')
    .option('--out <file>', 'the trained problem file to write (history and plots go beside it)')
    .option('--eta <η>', 'step size, or "auto": η = c/λ_max(J Jᵀ) at W(0) by power iteration', 'auto')
    .option('--eta-scale <c>', 'c in η = c/λ_max when --eta auto', '1')
    .option('--steps <int>', 'step budget', '1000')
    .option('--epsilon <ε>', 'stop when the loss ½‖F − Y‖² ≤ ε', '0')
    .option('--momentum <μ>', 'heavy-ball momentum μ ∈ [0, 1) — beyond the paper (default 0: plain GD)', '0')
    .option('--checkpoint-every <K>', 'write a checkpoint every K steps (atomically)', '100')
    .option('--checkpoint <file>', 'checkpoint file (default: <out>.checkpoint.json)')
    .option('--resume', 'continue from the checkpoint if it exists; the result equals the uninterrupted run', false)
    .option('--track-kernel <every>', 'record λ_min(H(τ)) and ‖H(τ) − H(0)‖_F every this many steps')
    .action(async (o: TrainOpts) => {
      const ctx = getCtx();
      if (!o.out) throw new CliError('missing option: --out FILE is required');
      const eta = o.eta === 'auto' ? 'auto' : parseNumber('--eta', o.eta, { exclusiveMin: 0 });
      const etaScale = parseNumber('--eta-scale', o.etaScale, { exclusiveMin: 0 });
      const steps = parseInteger('--steps', o.steps, 0);
      const epsilon = parseNumber('--epsilon', o.epsilon, { min: 0 });
      const momentum = parseNumber('--momentum', o.momentum, { min: 0 });
      if (momentum >= 1) throw new CliError(`invalid option: --momentum must be below 1, got ${momentum}`);
      const checkpointEvery = parseInteger('--checkpoint-every', o.checkpointEvery, 1);
      const recorders: Recorder[] = o.trackKernel
        ? kernelRecorders({ every: parseInteger('--track-kernel', o.trackKernel, 1) })
        : [];
      checkOutputPath('--out', o.out);
      const base = outputBase(o.out);
      const checkpointPath = o.checkpoint ?? `${base}.checkpoint.json`;
      // also removes the temporary files of a checkpoint write interrupted by kill -9 (bug 9)
      checkOutputPath(o.checkpoint !== undefined ? '--checkpoint' : '--out (its checkpoint)', checkpointPath);
      const problem = loadProblem(ctx, o.problem);
      const shape = { n: problem.x.rows, m: problem.w.rows, dIn: problem.x.cols, dOut: problem.y.cols };
      // the history: step, loss, maxWeightChange, maxStepNorm and the kernel recorders' columns
      checkNetworkMemory('training the network of the problem file', shape, capOf(ctx.globals), {
        steps,
        columns: 4 + recorders.length,
      });
      const precision = ctx.globals.precision ?? 'float64';
      const bar = startProgress(ctx, steps, 'train', 'loss {loss}');
      const result = await train({
        problem,
        precision,
        eta,
        etaScale,
        steps,
        epsilon,
        momentum,
        recorders,
        seed: ctx.globals.seed ?? 0,
        checkpointPath,
        checkpointEvery,
        resume: o.resume,
        onProgress: (p) => bar.update(p.step, { loss: p.loss.toExponential(4) }),
      }).catch((err: unknown) => {
        bar.stop();
        throw withOption(err);
      });
      bar.stop();
      const { files, summary } = writeTrainingResults({
        out: o.out,
        run: result,
        writeModel: (path) => writeProblemFile(path, result.problem),
        columns: NETWORK_HISTORY_COLUMNS,
        stepSizeOption: eta === 'auto' ? '--eta-scale' : '--eta',
        plots: (b, h) =>
          writeTrainPlots(b, h, {
            title: `${problem.activation} n=${problem.x.rows} m=${problem.w.rows}`,
            m: problem.w.rows,
            eta: result.eta,
            activation: problem.activation,
          }),
      });
      ctx.summary(
        summary,
        trainingSummaryText(result, files, `  (= ${etaScale}/λ_max, λ_max(J Jᵀ) ≈ ${result.lambdaMax})`, [
          `precision ${precision}`,
        ]),
      );
    });
}
