/**
 * `softmax-ntk attention init|eval|train|ntk`: one layer of multi-head softmax
 * self-attention (the extension of Eq. (7), Section 7 of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024)) on attention problem files
 * (docs/spec/attention-file.md). The package loads when a subcommand runs.
 */
import type { Command } from 'commander';
import type { Context } from '../internal/context';
import { CliError, parseChoice, parseInteger, parseNumber } from '../internal/errors';
import { checkAttentionFileMemory, checkAttentionInitMemory } from '../internal/attentionLimits';
import { capOf } from '../internal/limits';
import { checkOutputPath } from '../internal/outputs';
import { startProgress } from '../internal/progress';
import { outputBase, trainingSummaryText, writeTrainingResults } from '../internal/trainingResults';
import { ATTENTION_HISTORY_COLUMNS, writeAttentionPlots } from './attentionFiles';

const load = () => import('@softmax-ntk/attention');
const loadNode = () => import('@softmax-ntk/attention/node');

async function readProblem(path: string | undefined) {
  if (!path) throw new CliError('missing option: --problem FILE is required');
  const { readAttentionFile } = await loadNode();
  return readAttentionFile(path);
}

function nest(data: Float64Array, d0: number, d1: number, d2: number): number[][][] {
  const out: number[][][] = [];
  for (let i = 0; i < d0; i++) {
    const a: number[][] = [];
    for (let j = 0; j < d1; j++) a.push(Array.from(data.subarray((i * d1 + j) * d2, (i * d1 + j + 1) * d2)));
    out.push(a);
  }
  return out;
}

function rows(m: { rows: number; cols: number; data: Float64Array }): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

interface InitOpts {
  task: string;
  sequences: string;
  dim: string;
  tokens: string;
  heads: string;
  headDim: string;
  init: string;
  scaling: string;
  temperature?: string;
  teacherHeads: string;
  out?: string;
}

interface TrainOpts {
  problem?: string;
  out?: string;
  schedule: string;
  alternateEvery: string;
  startWith: string;
  eta: string;
  etaScale: string;
  steps: string;
  epsilon: string;
  checkpointEvery: string;
  checkpoint?: string;
  resume: boolean;
  trackKernel?: string;
}

/**
 * `eta: "auto"` failing (an `AttentionStepSizeError` on `eta` or `etaScale`) as one line naming the option to change:
 * `--eta` (give a number) or `--eta-scale` (lower it), with the package's detail in the options' words.
 */
function stepSizeMessage(field: string, detail: string, etaScale: number): string {
  const text = detail
    .replace(/^cannot choose eta automatically: /, '')
    .replace('etaScale / ', '--eta-scale / ')
    .replace('lower `etaScale`', 'lower --eta-scale')
    .replace('pass a number as `eta`', 'pass a number as --eta');
  return field === 'etaScale'
    ? `invalid option: --eta-scale ${etaScale} is too large for --eta auto: ${text}`
    : `invalid option: --eta auto cannot choose a step size: ${text}`;
}

export function registerAttention(program: Command, getCtx: () => Context): void {
  const cmd = program
    .command('attention')
    .description('multi-head softmax self-attention (Section 7, Eq. 7): init, eval, train (joint or alternating), ntk');

  cmd
    .command('init')
    .description('write an attention problem file: a synthetic sequence task and a freshly initialised layer')
    .option('--task <name>', 'random | teacher | icl (in-context linear regression)', 'random')
    .option('--sequences <N>', 'number of sequences', '8')
    .option('--dim <d>', 'token dimension', '4')
    .option('--tokens <n>', "tokens per sequence (n')", '4')
    .option('--heads <H>', 'number of heads', '16')
    .option('--head-dim <dh>', 'key/query dimension per head', '4')
    .option('--init <kind>', 'symmetric (F(0) = 0; H even) | gaussian', 'symmetric')
    .option('--scaling <s>', 'ntk (c_H = 1/√H) | mean-field (c_H = 1/H)', 'ntk')
    .option('--temperature <τ>', 'softmax temperature (default √d_h)')
    .option('--teacher-heads <k>', 'heads of the teacher layer (task teacher)', '2')
    .option('--out <file>', 'the attention problem file to write')
    .action(async (o: InitOpts) => {
      const ctx = getCtx();
      if (!o.out) throw new CliError('missing option: --out FILE is required');
      checkOutputPath('--out', o.out);
      const { makeAttentionTask, ATTENTION_TASKS } = await load();
      const { writeAttentionFile } = await loadNode();
      const shape = {
        numSequences: parseInteger('--sequences', o.sequences, 1),
        dim: parseInteger('--dim', o.dim, 1),
        numTokens: parseInteger('--tokens', o.tokens, 1),
        numHeads: parseInteger('--heads', o.heads, 1),
        headDim: parseInteger('--head-dim', o.headDim, 1),
      };
      const teacherHeads = parseInteger('--teacher-heads', o.teacherHeads, 1);
      const init = parseChoice('--init', o.init, ['symmetric', 'gaussian'] as const);
      // named as the option (the package would name its `shape.numHeads`); found by the options property test
      if (init === 'symmetric' && shape.numHeads % 2 !== 0)
        throw new CliError(
          `invalid option: --heads must be even for symmetric initialisation (--init symmetric), got ${shape.numHeads}`,
        );
      // before anything is allocated: the sizes against the memory budget, naming the largest option
      checkAttentionInitMemory(
        shape,
        teacherHeads,
        [
          { option: '--sequences', value: shape.numSequences },
          { option: '--dim', value: shape.dim },
          { option: '--tokens', value: shape.numTokens },
          { option: '--heads', value: shape.numHeads },
          { option: '--head-dim', value: shape.headDim },
          { option: '--teacher-heads', value: teacherHeads },
        ],
        capOf(ctx.globals),
      );
      const problem = makeAttentionTask({
        task: parseChoice('--task', o.task, ATTENTION_TASKS),
        ...shape,
        init,
        scaling: parseChoice('--scaling', o.scaling, ['ntk', 'mean-field'] as const),
        ...(o.temperature !== undefined
          ? { temperature: parseNumber('--temperature', o.temperature, { exclusiveMin: 0 }) }
          : {}),
        teacherHeads,
        seed: ctx.globals.seed ?? 0,
      });
      writeAttentionFile(o.out, problem);
      const s = problem.shape;
      ctx.summary(
        { out: o.out, task: o.task, ...s, scaling: problem.scaling, temperature: problem.temperature },
        `wrote ${o.out}: task ${o.task}, N=${s.numSequences} d=${s.dim} n'=${s.numTokens} H=${s.numHeads} d_h=${s.headDim}, ${problem.scaling} scaling, τ=${problem.temperature}`,
      );
    });

  cmd
    .command('eval')
    .description('F, the loss ½ Σ‖F(X_s) − Y_s‖² and ∂L/∂θ for (W^K, W^Q, W^V)')
    .option('--problem <file>', 'the attention problem file')
    .action(async (o: { problem?: string }) => {
      const ctx = getCtx();
      const problem = await readProblem(o.problem);
      checkAttentionFileMemory('evaluating the layer of the problem file', problem.shape, false, capOf(ctx.globals));
      const { evaluate } = await load();
      const precision = ctx.globals.precision ?? 'float64';
      const e = evaluate({ problem, precision });
      const { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh } = problem.shape;
      const g = e.grad;
      const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
      ctx.result(
        {
          F: nest(e.F, N, d, n),
          loss: e.loss,
          grad: { wk: nest(g.wk, H, dh, d), wq: nest(g.wq, H, dh, d), wv: nest(g.wv, H, d, d) },
        },
        [
          `loss       ${e.loss}  (${precision})`,
          `‖∂L/∂W^K‖  ${norm(g.wk)}`,
          `‖∂L/∂W^Q‖  ${norm(g.wq)}`,
          `‖∂L/∂W^V‖  ${norm(g.wv)}`,
        ].join('\n'),
      );
    });

  cmd
    .command('ntk')
    .description('the NTK Gram H = H_KQ + H_V: λ_min, λ_max, condition number')
    .option('--problem <file>', 'the attention problem file')
    .option('--part <p>', 'all (H) | kq (H_KQ) | v (H_V)', 'all')
    .option('--full', 'include H in full in the --json output (rows (s, ℓ, j))', false)
    .action(async (o: { problem?: string; part: string; full: boolean }) => {
      const ctx = getCtx();
      const part = parseChoice('--part', o.part, ['all', 'kq', 'v'] as const);
      if ((ctx.globals.precision ?? 'float64') !== 'float64')
        throw new CliError(
          'invalid option: attention ntk computes H in float64 only, got --precision float32 (eval and train take float32)',
        );
      const problem = await readProblem(o.problem);
      checkAttentionFileMemory('the NTK Gram of the problem file', problem.shape, true, capOf(ctx.globals));
      const { attentionGram } = await load();
      const { spectrum } = await import('@softmax-ntk/ntk');
      const g = attentionGram({ problem });
      const H = part === 'all' ? g.H : part === 'kq' ? g.HKQ : g.HV;
      const s = spectrum({ H });
      if (!s.psd) ctx.warn(`H is numerically not positive semidefinite: λ_min = ${s.lambdaMin}`);
      const json: Record<string, unknown> = {
        lambdaMin: s.lambdaMin,
        lambdaMax: s.lambdaMax,
        conditionNumber: s.conditionNumber,
      };
      if (o.full) json['H'] = rows(H);
      ctx.result(
        json,
        [
          `${part === 'all' ? 'H' : part === 'kq' ? 'H_KQ' : 'H_V'}  ${H.rows} × ${H.cols} (rows (s, ℓ, j))`,
          `λ_min      ${s.lambdaMin}  (± ${s.errorMin.toExponential(2)})`,
          `λ_max      ${s.lambdaMax}  (± ${s.errorMax.toExponential(2)})`,
          `condition  ${s.conditionNumber}`,
        ].join('\n'),
      );
    });

  cmd
    .command('train')
    .description('gradient descent on (W^K, W^Q, W^V): joint, or alternating k steps on (W^K, W^Q) then k on W^V')
    .option('--problem <file>', 'the attention problem file at θ(0)')
    .option('--out <file>', 'the trained attention problem file (history and plots go beside it)')
    .option('--schedule <s>', 'joint | alternating', 'joint')
    .option('--alternate-every <k>', 'steps per block of the alternating schedule (an integer, or "inf")', '1')
    .option('--start-with <part>', 'first block of the alternating schedule: kq | v', 'kq')
    .option('--eta <η>', 'step size, or "auto": η = c/λ_max(H(0))', 'auto')
    .option('--eta-scale <c>', 'c in η = c/λ_max when --eta auto', '1')
    .option('--steps <int>', 'step budget', '1000')
    .option('--epsilon <ε>', 'stop when the loss ≤ ε', '0')
    .option('--checkpoint-every <K>', 'write a checkpoint every K steps (atomically)', '100')
    .option('--checkpoint <file>', 'checkpoint file (default: <out>.checkpoint.json)')
    .option('--resume', 'continue from the checkpoint if it exists; the result equals the uninterrupted run', false)
    .option('--track-kernel <K>', 'record ‖H(τ) − H(0)‖_F/‖H(0)‖_F and λ_min of H, H_KQ, H_V every K steps')
    .action(async (o: TrainOpts) => {
      const ctx = getCtx();
      if (!o.out) throw new CliError('missing option: --out FILE is required');
      const schedule = parseChoice('--schedule', o.schedule, ['joint', 'alternating'] as const);
      const alternateEvery =
        o.alternateEvery === 'inf' ? Infinity : parseInteger('--alternate-every', o.alternateEvery, 1);
      const startWith = parseChoice('--start-with', o.startWith, ['kq', 'v'] as const);
      const eta = o.eta === 'auto' ? 'auto' : parseNumber('--eta', o.eta, { exclusiveMin: 0 });
      const etaScale = parseNumber('--eta-scale', o.etaScale, { exclusiveMin: 0 });
      const steps = parseInteger('--steps', o.steps, 0);
      const epsilon = parseNumber('--epsilon', o.epsilon, { min: 0 });
      const checkpointEvery = parseInteger('--checkpoint-every', o.checkpointEvery, 1);
      const trackEvery = o.trackKernel === undefined ? undefined : parseInteger('--track-kernel', o.trackKernel, 1);
      const precision = ctx.globals.precision ?? 'float64';
      checkOutputPath('--out', o.out);
      const checkpointPath = o.checkpoint ?? `${outputBase(o.out)}.checkpoint.json`;
      checkOutputPath(o.checkpoint !== undefined ? '--checkpoint' : '--out (its checkpoint)', checkpointPath);
      const problem = await readProblem(o.problem);
      checkAttentionFileMemory(
        eta === 'auto' || trackEvery !== undefined
          ? 'training the layer of the problem file and its NTK Gram (--eta auto or --track-kernel)'
          : 'training the layer of the problem file',
        problem.shape,
        eta === 'auto' || trackEvery !== undefined,
        capOf(ctx.globals),
        // step, loss, phase, stepGradNorm, and the kernel recorders' drift and three λ_min
        { steps, columns: 4 + (trackEvery ? 4 : 0) },
      );
      const { trainAttention, attentionKernelRecorders, AttentionStepSizeError } = await load();
      const { writeAttentionFile, fileCheckpoints } = await loadNode();
      const bar = startProgress(ctx, steps, 'attention train', 'loss {loss}');
      const result = await trainAttention({
        problem,
        precision,
        schedule,
        alternateEvery,
        startWith,
        eta,
        etaScale,
        steps,
        epsilon,
        recorders: trackEvery ? attentionKernelRecorders({ problem, every: trackEvery }) : [],
        checkpoints: fileCheckpoints(checkpointPath),
        checkpointEvery,
        resume: o.resume,
        onProgress: (p) => bar.update(p.step, { loss: p.loss.toExponential(4) }),
      }).catch((e: unknown) => {
        bar.stop();
        // the package names its field (`eta`, `etaScale`); the user typed the option
        if (e instanceof AttentionStepSizeError) throw new CliError(stepSizeMessage(e.field, e.detail, etaScale));
        throw e;
      });
      bar.stop();
      const s = problem.shape;
      const { files, summary } = writeTrainingResults({
        out: o.out,
        run: result,
        writeModel: (path) => writeAttentionFile(path, result.problem),
        columns: ATTENTION_HISTORY_COLUMNS,
        stepSizeOption: eta === 'auto' ? '--eta-scale' : '--eta',
        plots: (b, h) => writeAttentionPlots(b, h, `attention N=${s.numSequences} H=${s.numHeads} ${schedule}`),
      });
      ctx.summary(
        summary,
        trainingSummaryText(result, files, `  (= ${etaScale}/λ_max, λ_max(H(0)) = ${result.lambdaMax})`, [
          `schedule  ${schedule}${schedule === 'alternating' ? ` (k = ${o.alternateEvery}, first ${startWith})` : ''}`,
          `precision ${precision}`,
        ]),
      );
    });
}
