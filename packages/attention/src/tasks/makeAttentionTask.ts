/**
 * Synthetic sequence tasks for the self-attention extension (Eq. (7),
 * Section 7 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax"
 * (2024)): random targets, a teacher attention layer, and in-context linear
 * regression, each with a freshly initialised student layer.
 */
import { Rng } from '@softmax-ntk/linalg';
import { forward64 } from '../internal/core64';
import { argumentError, checkPositive, checkPositiveInt, show } from '../internal/validate';
import { initAttention, type AttentionInit } from '../init/initAttention';
import { SCALINGS, type AttentionProblem, type Scaling } from '../problem/problem';

/**
 * The tasks {@link makeAttentionTask} generates: `"random"` targets, a `"teacher"` layer's outputs, or in-context
 * linear regression (`"icl"`).
 */
export type AttentionTask = 'random' | 'teacher' | 'icl';
/** Every {@link AttentionTask}, in the order the CLI lists them. */
export const ATTENTION_TASKS: readonly AttentionTask[] = ['random', 'teacher', 'icl'];

/** Options of {@link makeAttentionTask}: which task, its sizes, the initialisation of the layer and the seed. */
export interface MakeAttentionTaskOptions {
  /**
   * `random`: tokens $\mathcal{N}(0, 1)$, targets uniform in $[-1, 1]/\sqrt d$ (so every target column has norm $\le 1$).
   * `teacher`: targets $F^*(X)$ of a Gaussian teacher layer with `teacherHeads` heads, rescaled to RMS $1/\sqrt d$.
   * `icl`: in-context linear regression — sequence s draws $w_s \sim \mathcal{N}(0, I/(d-1))$; tokens $j < n'-1$ are $(z_j, \langle w_s, z_j\rangle)$,
   * the last token is $(z_q, 0)$, $z \sim \mathcal{N}(0, I_{d-1})$; the target is 0 except $\langle w_s, z_q\rangle$ at $(\ell = d-1, j = n'-1)$.
   */
  task: AttentionTask;
  /** N, the number of sequences. */
  numSequences: number;
  /** d, the token dimension (rows of $X_s$). */
  dim: number;
  /** $n'$, the number of tokens per sequence (columns of $X_s$). */
  numTokens: number;
  /** H, the number of heads of the student layer (even for the `symmetric` initialisation). */
  numHeads: number;
  /** $d_h$, the key/query dimension of a head. */
  headDim: number;
  /** Student initialisation (default `symmetric`, which needs an even number of heads). */
  init?: AttentionInit;
  /** The output scale $c_H$: `ntk` ($1/\sqrt H$, default) or `mean-field` (1/H). */
  scaling?: Scaling;
  /** Default $\sqrt{d_h}$. */
  temperature?: number;
  /** Teacher heads for the `teacher` task (default 2). */
  teacherHeads?: number;
  /** Seed of the tokens, targets and initial weights (the same seed gives the same problem). */
  seed?: number;
}

/**
 * A synthetic sequence task (random targets, a teacher attention layer, or in-context linear regression) with a
 * freshly initialised student layer.
 *
 * @param options - The task, its sizes, the student's initialisation, scaling, temperature and the seed.
 *
 * @example
 * ```ts
 * import { makeAttentionTask, parameterCount } from '@softmax-ntk/attention';
 *
 * // in-context linear regression: 3 sequences of 4 tokens in R³, a layer of 8 heads with d_h = 2
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 3, dim: 3, numTokens: 4, numHeads: 8, headDim: 2, seed: 1,
 * });
 * console.log(problem.x.length, problem.y.length, parameterCount(problem.shape)); // 36 36 168
 * ```
 */
export function makeAttentionTask(options: MakeAttentionTaskOptions): AttentionProblem {
  const task = options.task;
  if (!ATTENTION_TASKS.includes(task))
    throw argumentError('task', `must be one of ${ATTENTION_TASKS.join(', ')}, got ${show(task)}`);
  const N = checkPositiveInt('numSequences', options.numSequences);
  const d = checkPositiveInt('dim', options.dim);
  const n = checkPositiveInt('numTokens', options.numTokens);
  const H = checkPositiveInt('numHeads', options.numHeads);
  const dh = checkPositiveInt('headDim', options.headDim);
  const scaling = options.scaling ?? 'ntk';
  if (!SCALINGS.includes(scaling))
    throw argumentError('scaling', `must be "ntk" or "mean-field", got ${show(scaling)}`);
  const temperature = checkPositive('temperature', options.temperature ?? Math.sqrt(dh));
  const seed = options.seed ?? 0;
  if (task === 'icl' && (d < 2 || n < 2))
    throw argumentError(
      'task',
      `the \`icl\` task needs dim ≥ 2 and numTokens ≥ 2 (a feature and a label row; context and query), got dim ${d}, numTokens ${n}`,
    );
  const rng = new Rng(`attention-task:${task}:${seed}`);
  const x = new Float64Array(N * d * n);
  const y = new Float64Array(N * d * n);
  if (task === 'random' || task === 'teacher') rng.fillNormal(x);
  if (task === 'random') {
    rng.fillUniform(y, -1 / Math.sqrt(d), 1 / Math.sqrt(d));
  } else if (task === 'teacher') {
    const th = checkPositiveInt('teacherHeads', options.teacherHeads ?? 2);
    const tw = initAttention({
      shape: { dim: d, numHeads: th, headDim: dh },
      kind: 'gaussian',
      seed: `teacher:${seed}`,
    });
    const shape = { numSequences: N, dim: d, numTokens: n, numHeads: th, headDim: dh };
    const F = forward64({ shape, x, y, ...tw, scaling, temperature }).F;
    let ss = 0;
    for (const v of F) ss += v * v;
    const scale = ss > 0 ? 1 / Math.sqrt(d) / Math.sqrt(ss / F.length) : 0;
    for (let t = 0; t < F.length; t++) y[t] = (F[t] as number) * scale;
  } else {
    const dz = d - 1;
    const w = new Float64Array(dz);
    const z = new Float64Array(dz);
    for (let s = 0; s < N; s++) {
      rng.fillNormal(w, 0, 1 / Math.sqrt(dz));
      const base = s * d * n;
      for (let j = 0; j < n; j++) {
        rng.fillNormal(z);
        let label = 0;
        for (let m = 0; m < dz; m++) {
          x[base + m * n + j] = z[m] as number;
          label += (w[m] as number) * (z[m] as number);
        }
        if (j < n - 1) x[base + dz * n + j] = label;
        else y[base + dz * n + j] = label;
      }
    }
  }
  const weights = initAttention({
    shape: { dim: d, numHeads: H, headDim: dh },
    kind: options.init ?? 'symmetric',
    seed,
  });
  return {
    shape: { numSequences: N, dim: d, numTokens: n, numHeads: H, headDim: dh },
    x,
    y,
    ...weights,
    scaling,
    temperature,
  };
}
