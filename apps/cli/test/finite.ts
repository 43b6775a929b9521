/** The property tests' checks of a command's outputs: every number finite (stdout's JSON, and the files written). */
import { readFileSync } from 'node:fs';

/** Every number in a parsed JSON value is finite (null, strings and booleans pass). */
export function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

/** A CSV (numbers only) or JSON output file's numbers are all finite. */
export function fileFinite(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) return allFinite(JSON.parse(text));
  return text
    .split('\n')
    .filter((l) => l !== '')
    .every((l) => l.split(',').every((c) => Number.isFinite(Number(c))));
}

/** One refusal: exit 1, nothing on stdout, one line on stderr naming `field`. */
export function expectOneLineNaming(r: { code: number; stdout: string; stderr: string }, field: string | RegExp): void {
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 1 });
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof field === 'string') expect(r.stderr).toContain(field);
  else expect(r.stderr).toMatch(field);
}
