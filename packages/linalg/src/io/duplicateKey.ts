/**
 * Duplicate keys in JSON text. `JSON.parse` keeps the last of two equal keys without a word, so a problem file with
 * two `activation` fields would evaluate the second one silently (issue #20: one strict reader per format, no
 * silent coercion). The readers parse with `JSON.parse` (fast, and the syntax error messages users know) and then
 * ask this scanner, which walks the text once, for the first key that repeats within one object.
 */
import { joinPath, ValidationError } from '../validate/validationError';

/** The first repeated key of a JSON document: where (a field path as the readers name fields) and which key. */
export interface DuplicateKey {
  /** The field path of the object holding the key twice (`''` for the top-level object, `network`, `runs[2]`). */
  path: string;
  /** The key, decoded (`"a"` and `"\u0061"` are the same key). */
  key: string;
}

interface Frame {
  /** Keys seen so far in this object; undefined for an array. */
  keys: Set<string> | undefined;
  /** The path of this object or array. */
  path: string;
  /** Object: the next string is a key. */
  expectKey: boolean;
  /** Object: the last key read (names the next value). Array: the index of the current element. */
  last: string | number;
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * The first key that appears twice in the same object of `text`, or undefined. `text` should be valid JSON (parse
 * it with `JSON.parse` first: on invalid text the answer is unspecified). One pass over the text, O(length).
 *
 * @param text - A JSON document.
 * @example
 * ```ts
 * import { findDuplicateKey } from '@softmax-ntk/linalg';
 *
 * // "c" twice in the object at `b`; the same key in two sibling objects is no repeat
 * console.log(JSON.stringify(findDuplicateKey('{"a": 1, "b": {"c": 2, "c": 3}}')));
 * // → {"path":"b","key":"c"}
 * console.log(findDuplicateKey('[{"a": 1}, {"a": 2}]'));
 * // → undefined
 * ```
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // Fast exit: a document without any object cannot repeat a key.
  if (!text.includes('{')) return undefined;
  const stack: Frame[] = [];
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    return top === undefined ? '' : joinPath(top.path, top.last);
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // a string: find its end (a quote not escaped)
      let j = i + 1;
      let escaped = false;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) {
          escaped = true;
          j++;
        } else if (d === QUOTE) break;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, j);
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        if (top.keys.has(key)) return { path: top.path, key };
        top.keys.add(key);
        top.last = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 123 /* { */) {
      stack.push({ keys: new Set(), path: childPath(), expectKey: true, last: '' });
    } else if (c === 91 /* [ */) {
      stack.push({ keys: undefined, path: childPath(), expectKey: false, last: 0 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.last = (top.last as number) + 1;
    }
  }
  return undefined;
}

/**
 * Refuses a JSON text holding a key twice in one object, through `error(path, detail)` (the reader's own error
 * class): for readers that have already parsed `text` with `JSON.parse` and keep their own syntax-error message.
 *
 * @param text - The document, already known to be valid JSON.
 * @param error - Makes the reader's error from a path (`json` for the top-level object) and a detail.
 * @example
 * ```ts
 * import { assertNoDuplicateKey } from '@softmax-ntk/linalg';
 *
 * try {
 *   assertNoDuplicateKey('{"n": 1, "n": 2}', (path, detail) => new Error(`${path}: ${detail}`));
 * } catch (error) {
 *   console.log(error.message);
 *   // → json: duplicate key "n" (JSON would keep only the last one; give each field once)
 * }
 * ```
 */
export function assertNoDuplicateKey(text: string, error: (path: string, detail: string) => Error): void {
  const dup = findDuplicateKey(text);
  if (dup)
    throw error(
      dup.path === '' ? 'json' : dup.path,
      `duplicate key "${dup.key}" (JSON would keep only the last one; give each field once)`,
    );
}

/**
 * `JSON.parse` for the file readers, strict: invalid JSON and a key repeated within one object are both refused
 * with one line, through `error(path, detail)` (the reader's own error class; default {@link ValidationError}).
 * Invalid JSON is path `json`; a repeated key is the path of the object holding it (`json` for the top level).
 *
 * @param text - The document.
 * @param error - Makes the reader's error from a path and a detail.
 * @example
 * ```ts
 * import { parseJsonStrict } from '@softmax-ntk/linalg';
 *
 * console.log(JSON.stringify(parseJsonStrict('{"n": 1}')));
 * // → {"n":1}
 * try {
 *   parseJsonStrict('{"n": 1, "n": 2}');
 * } catch (error) {
 *   console.log(error.name, error.message);
 *   // → ValidationError json: duplicate key "n" (JSON would keep only the last one; give each field once)
 * }
 * ```
 */
export function parseJsonStrict(
  text: string,
  error: (path: string, detail: string) => Error = (path, detail) => new ValidationError(path, detail),
): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw error('json', `invalid JSON: ${(err as Error).message}`);
  }
  assertNoDuplicateKey(text, error);
  return doc;
}
