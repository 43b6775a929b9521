/**
 * Duplicate keys in JSON text. `JSON.parse` keeps the last of two equal keys without a word, so a problem file with
 * two `activation` fields would evaluate the second one silently (issue #20: one strict reader per format, no
 * silent coercion). The readers parse with `JSON.parse` (fast, and the syntax error messages users know) and then
 * ask this scanner for the first key that repeats within one object: a quick check that skips everything but braces
 * and strings, and, only when it finds a repeat, a full scan that names its path.
 */
import { joinPath } from '../validate/validationError';

/** The first repeated key of a JSON document: where (a field path as the readers name fields) and which key. */
export interface DuplicateKey {
  /** The field path of the object holding the key twice (`''` for the top-level object, `network`, `runs[2]`). */
  path: string;
  /** The key, decoded (`"a"` and `"\u0061"` are the same key). */
  key: string;
}

/** An object or an array being read. */
type Frame = ObjectFrame | ArrayFrame;

interface ObjectFrame {
  /** Keys seen so far in this object. */
  keys: Set<string>;
  /** The path of this object. */
  path: string;
  /** The next string is a key. */
  expectKey: boolean;
  /** The last key read (names the next value). */
  last: string;
}

interface ArrayFrame {
  /** (An array has no keys.) */
  keys: undefined;
  /** The path of this array. */
  path: string;
  /** (Never: an array has no keys.) */
  expectKey: false;
  /** The index of the current element. */
  last: number;
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * The full scan: every structural character, tracking array indices so that the repeat can be named by its path.
 * Only run when {@link hasDuplicateKey} has found a repeat.
 */
function locateDuplicateKey(text: string): DuplicateKey | undefined {
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
      else if (top) top.last = top.last + 1;
    }
  }
  return undefined;
}

/** `{`, `}` and `"`: the only characters the quick check needs (numbers, commas and brackets are skipped natively). */
const KEY_STRUCTURE = /["{}]/g;

/** The index of the quote closing the JSON string that opens at `i` (a quote preceded by an even run of `\\`). */
function stringEnd(text: string, i: number): number {
  let j = i;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return j;
  }
}

/**
 * Whether some object of `text` holds a key twice, without naming where: the regular expression jumps from one
 * brace or quote to the next, so the numbers that make up most of a problem or model file cost nothing (about 6×
 * faster than the full scan on a 24 MB matrix; ~1.3× slower on a document that is nothing but small objects). A key
 * is a string followed by `:`, which valid JSON allows nowhere else.
 */
function hasDuplicateKey(text: string): boolean {
  const stack: Set<string>[] = [];
  const re = new RegExp(KEY_STRUCTURE);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) stack.push(new Set());
    else if (c === 125 /* } */) stack.pop();
    else {
      const j = stringEnd(text, i);
      re.lastIndex = j + 1;
      let k = j + 1;
      for (let w = text.charCodeAt(k); w === 32 || w === 10 || w === 13 || w === 9; w = text.charCodeAt(++k));
      const top = stack[stack.length - 1];
      if (text.charCodeAt(k) !== 58 /* : */ || top === undefined) continue;
      const raw = text.slice(i + 1, j);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
      if (top.has(key)) return true;
      top.add(key);
    }
  }
  return false;
}

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
  // Fast exit: a document without any object cannot repeat a key; most documents repeat none, and the quick check
  // says so at a fraction of the full scan's cost.
  if (!text.includes('{') || !hasDuplicateKey(text)) return undefined;
  return locateDuplicateKey(text);
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
