/**
 * The experiments a grid can name: one explicit table from name to function,
 * its parameters (with defaults) and the fields of its result. To add an
 * experiment, write `(params, ctx) => Promise<result>` (JSON-serialisable,
 * deterministic for fixed parameters) and add a row here.
 */
import type { ParamSpec } from '../internal/params';
import { TABLE1_OUTPUTS, TABLE1_PARAMS, table1CellExperiment } from './table1Cell';
import { TRAIN_OUTPUTS, TRAIN_PARAMS, trainExperiment } from './train';
import type { ExperimentContext } from './types';

/**
 * An experiment that a sweep cell runs: its one-line description, its `run` function, its parameters and its output
 * columns.
 */
export interface Experiment {
  /** One line: what a cell computes. */
  doc: string;
  /**
   * Runs one cell.
   *
   * @param params - The cell's complete parameters (checked against `params` first).
   * @param ctx - What the executor passes the run (e.g. a progress hook).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each experiment declares its own parameter type; `params` below checks the values
  run(params: any, ctx?: ExperimentContext): Promise<unknown>;
  /** Every parameter the experiment takes, with its default; any other grid key is refused. */
  params: Record<string, ParamSpec>;
  /** The fields of the result (what `record` may select). */
  outputs: readonly string[];
  /**
   * Bytes a cell with these parameters must hold at once (its dominant float64 buffers, a lower bound of the peak),
   * from the parameters alone: a runner checks every cell against its memory cap before running any.
   *
   * @param params - The cell's parameters (the grid's fixed values and this cell's axis values).
   */
  memory(params: Record<string, unknown>): { bytes: number; what: string; sizes: Record<string, number> };
}

/**
 * A two-layer network cell on n points, m neurons, $d_\text{in} \to d_\text{out}$ (float64): X, Y, W, a; the hidden layer, its
 * activation, the gradient's $n \times m$ factor and the step's copy ($4 n m$); W's velocity and $\Delta W$ ($2 m d_\text{in}$); and $H^*$ of
 * $(n \cdot d_\text{out})^2$ with the dense spectrum's copy and eigenvectors ($3 (n d_\text{out})^2$).
 */
function networkCellMemory(n: number, m: number, dIn: number, dOut: number) {
  const values = n * (dIn + dOut) + m * (dIn + dOut) + 4 * n * m + 2 * m * dIn + 3 * (n * dOut) ** 2;
  return {
    bytes: 8 * values,
    what: `a network cell (n = ${n}, m = ${m}, d_in = ${dIn}, d_out = ${dOut}) and H* of (n·d_out)²`,
  };
}

/** The built-in experiments a grid can name, by name: `train` (one GD run) and `table1-cell` (one cell of Table 1). */
export const EXPERIMENTS = {
  train: {
    doc: 'one float64 GD run (Definition 3.5) on a generated problem: steps, final loss, convergence, λ_min and cond of H* (Definition 3.6)',
    run: trainExperiment,
    params: TRAIN_PARAMS,
    outputs: TRAIN_OUTPUTS,
    memory: (p) => {
      const { n, m, d } = p as { n: number; m: number; d: number };
      return { ...networkCellMemory(n, m, d, d), sizes: { n, m, d } };
    },
  },
  'table1-cell': {
    doc: 'one Table 1 cell (activation, n, m, seed): does GD reach ‖F − Y‖² ≤ ε within the budget in the kernel regime, and in how many steps',
    run: table1CellExperiment,
    params: TABLE1_PARAMS,
    outputs: TABLE1_OUTPUTS,
    memory: (p) => {
      const { n, m, dIn } = p as { n: number; m: number; dIn: number };
      return { ...networkCellMemory(n, m, dIn, 1), sizes: { n, m, dIn } };
    },
  },
} satisfies Record<string, Experiment>;

/** The name of a built-in experiment: a key of {@link EXPERIMENTS}. */
export type ExperimentName = keyof typeof EXPERIMENTS;

/** The names of the built-in {@link EXPERIMENTS}. */
export const EXPERIMENT_NAMES = Object.keys(EXPERIMENTS) as ExperimentName[];

/**
 * The experiment called `name`, or undefined.
 *
 * @param name - The experiment's name as a grid writes it (e.g. `train`, `table1-cell`).
 *
 * @example
 * ```ts
 * import { experimentOf } from '@softmax-ntk/sweep';
 *
 * console.log(Object.keys(experimentOf('train').params).join(' '));
 * // → activation n d m sigma seed data eta steps epsilon
 * ```
 */
export function experimentOf(name: string): Experiment | undefined {
  return Object.prototype.hasOwnProperty.call(EXPERIMENTS, name)
    ? (EXPERIMENTS as Record<string, Experiment>)[name]
    : undefined;
}
