/**
 * Labelled data for `makeProblem` from a CSV or JSON file (Node): reads the
 * file, then parses it as the environment-neutral `readLabelledData` does.
 */
import { readInputFile } from '@softmax-ntk/linalg/node';
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
    // a regular file within the size limit (never a device or a directory)
    text = readInputFile({ path: options.path, what: options.path });
  } catch (err) {
    throw new ProblemError('json', (err as Error).message);
  }
  return parseLabelledData({ ...options, text });
}
