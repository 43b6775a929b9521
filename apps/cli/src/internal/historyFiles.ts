/** Training history as CSV and JSON (columns: step, loss, maxWeightChange, maxStepNorm, recorder columns). */
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import type { History } from '@softmax-ntk/network';

export function historyColumns(h: History): string[] {
  const builtin = ['step', 'loss', 'maxWeightChange', 'maxStepNorm'];
  return [...builtin, ...Object.keys(h).filter((k) => !builtin.includes(k))];
}

/** CSV with a header; an empty cell where a recorder did not run at that step. */
export function historyCsv(h: History): string {
  const cols = historyColumns(h);
  const lines = [cols.join(',')];
  for (let k = 0; k < h.step.length; k++) {
    lines.push(
      cols
        .map((c) => {
          const v = (h[c] as (number | null)[])[k];
          return v === null || v === undefined ? '' : String(v);
        })
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function writeHistory(base: string, h: History): string[] {
  writeFileAtomic(`${base}.history.csv`, historyCsv(h));
  const json = Object.fromEntries(
    historyColumns(h).map((c) => [
      c,
      (h[c] as (number | null)[]).map((v) => (v === null || Number.isFinite(v) ? v : String(v))),
    ]),
  );
  writeFileAtomic(`${base}.history.json`, JSON.stringify(json) + '\n');
  return [`${base}.history.csv`, `${base}.history.json`];
}
