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

/**
 * {@link parseLabelledData} with `path` read from disk; a file that cannot be read is a `ProblemError` (field `json`).
 *
 * @param options - The file (`path`) or text, its format and the split into `dIn` inputs and `dOut` labels.
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readLabelledData } from '@softmax-ntk/network/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * writeFileSync(join(dir, 'data.csv'), 'x1,x2,y\n0.1,0.2,1\n0.3,-0.4,-1\n');
 * const { x, y } = readLabelledData({ path: join(dir, 'data.csv'), dIn: 2, dOut: 1 });
 * console.log(x.rows, x.cols, Array.from(x.data).join(' '), Array.from(y.data).join(' '));
 * // → 2 2 0.1 0.2 0.3 -0.4 1 -1
 * try {
 *   readLabelledData({ path: join(dir, 'none.csv'), dIn: 2, dOut: 1 });
 * } catch (e) {
 *   console.log(e.field, e.message.replaceAll(dir, '<dir>'));
 *   // → json json: <dir>/none.csv: cannot read "<dir>/none.csv": ENOENT
 * }
 * ```
 */
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
