/** Grid files: JSON (`.json`) or YAML (`.yaml`, `.yml`); see parseGrid for the content. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseGrid } from './parseGrid';
import { SweepError, type ParsedGrid } from './types';

/** Reads, parses and validates a grid file; errors name the file. */
export function readGridFile(path: string): ParsedGrid {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SweepError(
      'file',
      `grid ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
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
  return parseGrid(doc, { source: path });
}
