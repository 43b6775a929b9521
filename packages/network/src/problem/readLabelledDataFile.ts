/**
 * Labelled data for `makeProblem` from a CSV or JSON file (Node): reads the
 * file, then parses it as the environment-neutral `readLabelledData` does.
 */
import { readFileSync } from 'node:fs';
import { ProblemError } from './problem';
import {
  readLabelledData as parseLabelledData,
  type LabelledData,
  type ReadLabelledDataOptions,
} from './readLabelledData';

/** {@link parseLabelledData} with `path` read from disk; a file that cannot be read is a `ProblemError` (field `json`). */
export function readLabelledData(options: ReadLabelledDataOptions): LabelledData {
  if (options.text !== undefined || options.path === undefined) return parseLabelledData(options);
  let text: string;
  try {
    text = readFileSync(options.path, 'utf8');
  } catch (err) {
    throw new ProblemError('json', `${options.path}: cannot read: ${(err as Error).message}`);
  }
  return parseLabelledData({ ...options, text });
}
