/** Grid files: JSON (`.json`) or YAML (`.yaml`, `.yml`); see parseGrid for the content. */
import { assertNoDuplicateKey } from '@softmax-ntk/linalg';
import { readInputFile } from '@softmax-ntk/linalg/node';
import { parse as parseYaml } from 'yaml';
import { parseGrid } from './parseGrid';
import { SweepError, type ParsedGrid } from './types';

/**
 * Reads (a regular file within the size limit), parses and validates a grid file; errors name the file.
 *
 * @param path - A grid file: `.json`, `.yaml` or `.yml`.
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readGridFile } from '@softmax-ntk/sweep/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * writeFileSync(join(dir, 'grid.yaml'), 'experiment: train\naxes:\n  n: [4, 8]\n  m: [64, 256]\nseeds: 2\n');
 * const grid = readGridFile(join(dir, 'grid.yaml'));
 * console.log(grid.cells.length, grid.cells[0].params.n, grid.cells[0].params.m, grid.cells[0].params.seed);
 * // → 8 4 64 0
 * writeFileSync(join(dir, 'bad.yaml'), 'experiment: train\naxes:\n  width: [4, 8]\n');
 * try {
 *   readGridFile(join(dir, 'bad.yaml'));
 * } catch (e) {
 *   console.log(e.name, e.field, e.message.replaceAll(dir, '<dir>').split(' (its parameters')[0]);
 *   // → SweepError axes.width grid <dir>/bad.yaml: unknown axis "width" for experiment "train"
 * }
 * ```
 */
export function readGridFile(path: string): ParsedGrid {
  let text: string;
  try {
    // a regular file within the size limit (linalg's one reader): never a device, a FIFO or a directory
    text = readInputFile({ path, what: 'grid' });
  } catch (err) {
    throw new SweepError('file', `grid ${path}: ${(err as Error).message.replace(/^grid: /, '')}`);
  }
  let doc: unknown;
  try {
    doc = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new SweepError(
      'file',
      `grid ${path}: not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  // (YAML refuses a repeated key itself: the yaml package's uniqueKeys is on by default)
  if (!/\.ya?ml$/i.test(path))
    assertNoDuplicateKey(text, (field, detail) => new SweepError(field, `grid ${path}: ${field}: ${detail}`));
  return parseGrid(doc, { source: path });
}
