/**
 * The one writer of a training run's results, shared by `softmax-ntk train`
 * (Definition 3.5) and `softmax-ntk attention train` (Section 7): the trained
 * model file, the history as CSV and JSON, the plots, the one-line failure on
 * divergence and the summary printed.
 */
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { svgToPng } from '@softmax-ntk/verify/node';
import { CliError } from './errors';

/** A training history: `step` and one value (or null where a recorder did not run) per step in every column. */
export interface HistoryTable {
  step: number[];
  [column: string]: (number | null)[];
}

/** What a trainer returns that the summary reports. */
export interface TrainingRun<H extends HistoryTable = HistoryTable> {
  status: string;
  steps: number;
  loss: number;
  eta: number;
  lambdaMax: number | undefined;
  resumed: boolean;
  message: string;
  history: H;
}

/** `run.json` → `run`, so the side files are `run.history.csv`, `run.loss.svg`, …. */
export function outputBase(out: string): string {
  return out.replace(/\.json$/i, '');
}

/** The trainer's built-in columns first, in their order, then the recorder columns in insertion order. */
export function historyColumns(h: HistoryTable, builtin: readonly string[]): string[] {
  return [...builtin, ...Object.keys(h).filter((k) => !builtin.includes(k))];
}

/** CSV with a header; an empty cell where a recorder did not run at that step. */
export function historyCsv(h: HistoryTable, builtin: readonly string[]): string {
  const cols = historyColumns(h, builtin);
  const lines = [cols.join(',')];
  for (let k = 0; k < h.step.length; k++)
    lines.push(
      cols
        .map((c) => {
          const v = (h[c] as (number | null)[])[k];
          return v === null || v === undefined ? '' : String(v);
        })
        .join(','),
    );
  return lines.join('\n') + '\n';
}

/** Writes `<base>.history.csv` and `<base>.history.json` (non-finite numbers as the strings "NaN", "Infinity"). */
export function writeHistory(base: string, h: HistoryTable, builtin: readonly string[]): string[] {
  writeFileAtomic(`${base}.history.csv`, historyCsv(h, builtin));
  const json = Object.fromEntries(
    historyColumns(h, builtin).map((c) => [
      c,
      (h[c] as (number | null)[]).map((v) => (v === null || Number.isFinite(v) ? v : String(v))),
    ]),
  );
  writeFileAtomic(`${base}.history.json`, JSON.stringify(json) + '\n');
  return [`${base}.history.csv`, `${base}.history.json`];
}

/** The recorded (step, value) pairs of one column, skipping the steps where it was not recorded. */
export function historySeries(h: HistoryTable, name: string): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  const col = h[name] as (number | null)[];
  for (let k = 0; k < h.step.length; k++) {
    const v = col[k];
    if (v !== null && v !== undefined) {
      x.push(h.step[k] as number);
      y.push(v);
    }
  }
  return { x, y };
}

/** Writes `<path>.svg` and its PNG rendering `<path>.png`; returns both paths. */
export function writePlot(path: string, svg: string): string[] {
  writeFileAtomic(`${path}.svg`, svg);
  writeFileAtomic(`${path}.png`, svgToPng(svg));
  return [`${path}.svg`, `${path}.png`];
}

/** What {@link writeTrainingResults} writes. */
export interface TrainingResultsOptions<H extends HistoryTable> {
  /** The trained model file; the side files go beside it (`<out without .json>.history.csv`, …). */
  out: string;
  run: TrainingRun<H>;
  /** Writes the trained model to `out`. */
  writeModel: (path: string) => void;
  /** The trainer's built-in history columns, in order. */
  columns: readonly string[];
  /** Writes the plots of the history beside `base`; returns their paths. */
  plots: (base: string, history: H) => string[];
  /** The option a diverged run names to lower (`--eta`, or `--eta-scale` when η was chosen from λ_max); none if unset. */
  stepSizeOption?: string;
}

/**
 * Writes the trained model, the history (CSV, JSON) and the plots, in that order; then, if the run diverged, fails
 * in one line naming the file that holds the last finite state. Returns the files written and the summary object
 * the commands print with `--json`.
 */
export function writeTrainingResults<H extends HistoryTable>(
  o: TrainingResultsOptions<H>,
): { files: string[]; summary: Record<string, unknown> } {
  const base = outputBase(o.out);
  o.writeModel(o.out);
  const files = [o.out, ...writeHistory(base, o.run.history, o.columns), ...o.plots(base, o.run.history)];
  const r = o.run;
  if (r.status === 'diverged')
    throw new CliError(
      `training diverged: ${r.message} (the last finite state was written to ${o.out})${o.stepSizeOption ? `; lower ${o.stepSizeOption}` : ''}`,
    );
  const summary = {
    out: o.out,
    status: r.status,
    steps: r.steps,
    loss: r.loss,
    eta: r.eta,
    lambdaMax: r.lambdaMax ?? null,
    resumed: r.resumed,
    message: r.message,
    files,
  };
  return { files, summary };
}

/** The human summary's lines: status, steps, loss, η (with `etaNote` when η was chosen from λ_max), the extra lines, files. */
export function trainingSummaryText(run: TrainingRun, files: string[], etaNote: string, extra: string[]): string {
  return [
    `${run.status}: ${run.message}`,
    `steps     ${run.steps}${run.resumed ? ' (resumed from checkpoint)' : ''}`,
    `loss      ${run.loss}  (start ${run.history['loss']?.[0]})`,
    `eta       ${run.eta}${run.lambdaMax ? etaNote : ''}`,
    ...extra,
    `wrote     ${files.join(', ')}`,
  ].join('\n');
}
