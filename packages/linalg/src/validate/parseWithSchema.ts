/**
 * Validation of a parsed document (a problem, target, model, attention or grid file) against its zod schema,
 * reporting the first defect as one {@link ValidationError} line: `<field path>: <what is wrong>`. The schemas
 * live with their formats (network, diffusion, attention, sweep); the messages are made here, once, so the same
 * problem reads the same in every package.
 */
import type { z } from 'zod';
import { describeValue } from './describeValue';
import { ValidationError, joinPath } from './validationError';

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

/** Options of {@link parseWithSchema}. */
export interface ParseWithSchemaOptions {
  /** Put before every path (`"target."` makes `weights[0]` read `target.weights[0]`); default none. */
  root?: string;
  /** Makes the error (a package's subclass of `ValidationError`); default `new ValidationError(path, detail)`. */
  error?: (path: string, detail: string) => ValidationError;
}

const NOUNS: Record<string, string> = {
  number: 'a finite number',
  int: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  array: 'an array',
  tuple: 'an array',
  object: 'an object',
  record: 'an object',
  bigint: 'a finite number',
};

/**
 * The field path of zod's `path` (`['w', 3, 1]` → `w[3][1]`).
 *
 * @param path - zod's path: keys and indices.
 * @param root - A prefix for the path (e.g. the file's name).
 *
 * @example
 * ```ts
 * import { formatPath } from '@softmax-ntk/linalg';
 *
 * // zod's path as messages write it
 * console.log(formatPath(['w', 3, 1]), formatPath(['network', 'w', 0], 'model.json'));
 * // → w[3][1] model.json.network.w[0]
 * ```
 */
export function formatPath(path: readonly Key[], root = ''): string {
  let s = root.endsWith('.') ? root.slice(0, -1) : root;
  for (const k of path) s = joinPath(s, typeof k === 'number' ? k : String(k));
  return s;
}

function valueAt(doc: unknown, path: readonly Key[]): { found: boolean; value: unknown } {
  let v: unknown = doc;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) {
      return { found: false, value: undefined };
    }
    v = (v as Record<Key, unknown>)[k];
  }
  return { found: true, value: v };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function deepest(issues: readonly Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_union' ? deepest(i.errors.flat()) : 0)));
}

/**
 * The `path` and `detail` of one zod issue, found in `doc` (the value that was validated).
 *
 * @param issue - The zod issue.
 * @param doc - The value that was validated.
 *
 * @example
 * ```ts
 * import { describeIssue, zod } from '@softmax-ntk/linalg';
 *
 * // The path and detail of one zod issue, with the offending value quoted from the document
 * const doc = { eta: '0.1' };
 * const issue = zod().object({ eta: zod().number() }).safeParse(doc).error.issues[0];
 * const { path, detail } = describeIssue(issue, doc);
 * console.log(path.join('.'), '|', detail); // eta | expected a finite number, got "0.1"
 * ```
 */
export function describeIssue(issue: Issue, doc: unknown): { path: readonly Key[]; detail: string } {
  const { found, value } = valueAt(doc, issue.path);
  const got = found ? describeValue(value) : 'nothing';
  switch (issue.code) {
    case 'invalid_type': {
      const noun = NOUNS[issue.expected] ?? issue.expected;
      if (!found || value === undefined) return { path: issue.path, detail: `missing (expected ${noun})` };
      return { path: issue.path, detail: `expected ${noun}, got ${got}` };
    }
    case 'too_small':
    case 'too_big': {
      const min = issue.code === 'too_small';
      const bound = Number(min ? issue.minimum : issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') {
        const n = Array.isArray(value) ? value.length : 0;
        if ((issue as { exact?: boolean }).exact)
          return { path: issue.path, detail: `expected ${bound} ${bound === 1 ? 'entry' : 'entries'}, got ${n}` };
        const what = min
          ? bound === 1
            ? 'at least one entry'
            : `at least ${bound} entries`
          : `at most ${count(bound, 'entry').replace('entrys', 'entries')}`;
        return { path: issue.path, detail: `expected ${what}, got ${n === 0 ? 'none' : n}` };
      }
      if (issue.origin === 'string') {
        return {
          path: issue.path,
          detail: min ? `expected a non-empty string, got ${got}` : `expected at most ${bound} characters, got ${got}`,
        };
      }
      const op = min ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      return { path: issue.path, detail: `expected a number ${op} ${bound}, got ${got}` };
    }
    case 'invalid_value': {
      const opts = issue.values.map((v) => describeValue(v));
      const what = opts.length === 1 ? opts[0] : `one of ${opts.join(', ')}`;
      return { path: issue.path, detail: `expected ${what}, got ${got}` };
    }
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string' && issue.errors.length === 0) {
        // zod puts the discriminator's key in the path already.
        const opts = ((issue as { options?: unknown[] }).options ?? []).map((v) => describeValue(v));
        return { path: issue.path, detail: `expected one of ${opts.join(', ')}, got ${got}` };
      }
      // The branch that got furthest into the value says what is wrong.
      let best: readonly Issue[] | undefined;
      for (const branch of issue.errors) if (!best || deepest(branch) > deepest(best)) best = branch;
      const first = best?.[0];
      if (!first) return { path: issue.path, detail: `not one of the accepted forms, got ${got}` };
      return describeIssue({ ...first, path: [...issue.path, ...first.path] }, doc);
    }
    case 'unrecognized_keys':
      // The first unknown key is the field named.
      return { path: [...issue.path, issue.keys[0] ?? ''], detail: 'unknown field' };
    case 'not_multiple_of':
      return { path: issue.path, detail: `expected a multiple of ${String(issue.divisor)}, got ${got}` };
    default:
      return { path: issue.path, detail: issue.message };
  }
}

/**
 * `value` checked against `schema` (never coerced: `null` is not 0, `"0.2"` is not 0.2, nested arrays are not
 * flattened), or the first defect thrown as one line naming its field path: `w[3][1]: expected a finite number,
 * got "0.2"`.
 *
 * @param schema - The zod schema.
 * @param value - The value to check.
 * @param options - Options of the messages (e.g. the root of the field paths).
 *
 * @example
 * ```ts
 * import { parseWithSchema, zod } from '@softmax-ntk/linalg';
 *
 * // Nothing coerced: the first defect is one line naming its field path
 * const z = zod();
 * const schema = z.object({ w: z.array(z.array(z.number())) });
 * try {
 *   parseWithSchema(schema, { w: [[0, 1], [2, '0.2']] });
 * } catch (e) {
 *   console.log(e.message); // w[1][1]: expected a finite number, got "0.2"
 * }
 * ```
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: ParseWithSchemaOptions = {},
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0] as Issue;
  const { path, detail } = describeIssue(issue, value);
  // A defect of the document itself (not an object, say) is reported as field `json`.
  const p = formatPath(path, options.root) || 'json';
  throw options.error ? options.error(p, detail) : new ValidationError(p, detail);
}
