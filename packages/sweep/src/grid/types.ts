/** A sweep's grid, as written in a grid file (JSON or YAML) or passed as an object. */
import { ValidationError } from '@softmax-ntk/linalg';
import type { ParamValue } from '../internal/params';

export type { ParamValue };

/**
 * A sweep's grid file: the experiment, the parameter axes (their Cartesian product is the cells), fixed parameters
 * and seeds.
 */
export interface Grid {
  /** Name of the experiment each cell runs (a key of `EXPERIMENTS`: `train`, `table1-cell`). */
  experiment: string;
  /** Parameter axes: the cells are their Cartesian product (last axis fastest). */
  axes?: Record<string, ParamValue[]>;
  /** Parameters held fixed in every cell (anything not given takes the experiment's default). */
  fixed?: Record<string, ParamValue>;
  /** Shorthand for a `seed` axis: a count k (seeds 0 … k−1) or the list of seeds. */
  seeds?: number | number[];
  /** Explicit points, each crossed with the axes (for grids that are not a product). */
  points?: Record<string, ParamValue>[];
  /** Result fields to keep (default: all of the experiment's outputs). */
  record?: string[];
  /** A label for reports. */
  name?: string;
}

/** One cell: an experiment and its complete parameters. */
export interface Cell {
  /** Stable id: see `cellId`. */
  id: string;
  /** The experiment the cell runs. */
  experiment: string;
  /** Every parameter of the experiment: the grid's values, the experiment's defaults elsewhere. */
  params: Record<string, ParamValue>;
}

/** A validated grid with its cells expanded. */
export interface ParsedGrid {
  /** The sweep's name. */
  name: string;
  /** The experiment every cell runs. */
  experiment: string;
  /** The axes: each parameter swept, with its values in the order written. */
  axes: Record<string, ParamValue[]>;
  /** The parameters held fixed across the grid. */
  fixed: Record<string, ParamValue>;
  /** The parameter combinations the grid lists explicitly (its `points`). */
  points: Record<string, ParamValue>[];
  /** Result fields kept in the store. */
  record: string[];
  /** In grid order (points outermost, then the axes in the order written, last fastest); ids unique. */
  cells: Cell[];
  /** 16 hex digits: a hash of the experiment and the cell ids in order. */
  sweepId: string;
}

/**
 * A bad grid, or another sweep input error: linalg's `ValidationError`, kept as its own class (with its
 * `(field, message)` constructor, used across the package) so that `instanceof SweepError` goes on working.
 * `field` names what is wrong (`experiment`, `axes.n`, …).
 *
 * @example
 * ```ts
 * import { SweepError, parseGrid } from '@softmax-ntk/sweep';
 *
 * // A grid naming a parameter its experiment does not take
 * try {
 *   parseGrid({ experiment: 'train', axes: { width: [64, 128] } });
 * } catch (e) {
 *   console.log(e instanceof SweepError, e.field, e.message.split(' (')[0]);
 *   // → true axes.width grid object: unknown axis "width" for experiment "train"
 * }
 * ```
 */
export class SweepError extends ValidationError {
  /** The class name that messages and `error.name` show. */
  override name = 'SweepError';
  /**
   * A sweep error whose message is given whole.
   *
   * @param field - What is wrong (`experiment`, `axes.n`, …).
   * @param message - The whole message, naming its source first.
   */
  constructor(field: string, message: string) {
    super(field, message);
    // The message is given whole (it names its source first: `grid g.json: axes.n[1]: …`).
    this.message = message;
  }
}
