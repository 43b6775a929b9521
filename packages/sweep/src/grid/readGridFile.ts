/** Grid files: JSON (`.json`) or YAML (`.yaml`, `.yml`); see parseGrid for the content. */
import { assertNoDuplicateKey } from '@softmax-ntk/linalg';
import { readInputFile } from '@softmax-ntk/linalg/node';
import { parse as parseYaml } from 'yaml';
import { parseGrid } from './parseGrid';
import { SweepError, type ParsedGrid } from './types';

/** Reads (a regular file within the size limit), parses and validates a grid file; errors name the file. */
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
