/** What every check returns, and what a report is made of. */

/** `held`: the measured property held; `failed`: it did not (numbers in `measured`); `error`: the check could not run. */
export type CheckStatus = 'held' | 'failed' | 'error';

/** A value in a check's table or settings: a number, a string, a boolean, null (not applicable) or a list. */
export type Value = number | string | boolean | null | number[] | string[];

/** A figure of a check: its file-name stem, title, caption and the SVG text. */
export interface Figure {
  /** File-name stem, unique within the check (e.g. `loss`). */
  name: string;
  /** The figure's title. */
  title: string;
  /** What the plot shows, in a sentence or two. */
  caption: string;
  /** The figure as SVG text. */
  svg: string;
}

/** A check's table of measurements: column names and rows of values. */
export interface CheckTable {
  /** The column names. */
  columns: string[];
  /** The rows, one value per column. */
  rows: Value[][];
}

/**
 * The result of one check: its id, the paper's statement, its setup, the measured values beside the bound, the
 * status, and a table and figures.
 */
export interface CheckResult {
  /** e.g. `lemma-5.1`. */
  id: string;
  /** The paper's statement, in one or two sentences, with its number. */
  claim: string;
  /** What was measured (named numbers). */
  measured: Record<string, Value>;
  /** The bound(s) it is compared with (named numbers or $\mathrm{mantissa} \cdot 10^{\mathrm{exponent}}$ strings). */
  bound: Record<string, Value>;
  /** Whether the measured property stated in `details` held. */
  holds: boolean;
  /** How it was measured, which premises of the paper were (not) met, and why `holds` is what it is. */
  details: string;
  /** `held`, `failed` or `error` (the check could not run). */
  status: CheckStatus;
  /**
   * `"paper"` (default): a claim the paper proves. `"beyond"`: a measurement of an open direction of Section 7,
   * whose criterion is a prediction written before measuring; `failed` then means "prediction not confirmed" —
   * a finding reported with its numbers, not a defect, so verify's exit code counts only the paper's claims.
   */
  scope?: 'paper' | 'beyond';
  /** Sizes and settings of the experiment (n, d, m, $\sigma$, seeds, $\eta$, cond(H), …). */
  setup: Record<string, Value>;
  /** Wall-clock seconds. */
  seconds: number;
  /** The measurements behind the verdict, one row per size or seed. */
  table?: CheckTable;
  /** The check's plots. */
  figures?: Figure[];
}

/** Options every check takes: quick sizes, the base seed, and progress reporting. */
export interface CheckOptions {
  /** Small sizes that run in seconds (the `verify --quick` and test sizes). */
  quick?: boolean;
  /** Base seed (default 0); every random draw derives from it. */
  seed?: number;
  /** Progress messages (one line each). */
  onProgress?: (message: string) => void;
}
