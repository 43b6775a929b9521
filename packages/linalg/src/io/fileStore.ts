/**
 * One document kept in a file (Node): read back with {@link readInputFile} (a regular file within the size limit;
 * a missing file holds nothing) and replaced with {@link writeFileAtomic} (temporary file, fsync, rename), so a
 * reader never sees half a write. The training checkpoints of network and attention are such stores.
 */
import { existsSync } from 'node:fs';
import { readInputFile, type InputFileError } from './readInputFile';
import { argumentError } from '../validate/arguments';
import { writeFileAtomic } from './writeFileAtomic';

/** Options of {@link fileStore}. */
export interface FileStoreOptions<T> {
  /** The file. */
  path: string;
  /** What the file is, for messages (`checkpoint`, …). */
  what: string;
  /** The document from the file's text; `path` names it in messages. Throws on a defect. */
  parse: (text: string, path: string) => T;
  /** The document's text. */
  serialize: (value: T) => string;
  /** The error to throw when the file cannot be read (default: the `InputFileError` itself). */
  readError?: (err: InputFileError) => Error;
}

/** A document in a file: `read()` (undefined when the file does not exist) and an atomic `write()`. */
export interface FileStore<T> {
  /** The file's path. */
  location: string;
  /** The document, or undefined when there is no file. */
  read: () => T | undefined;
  /** Replace the file's content atomically. */
  write: (value: T) => void;
}

/**
 * The document of {@link FileStoreOptions.parse} kept in `path`: strictly read, atomically replaced.
 *
 * @param options - The file, what it is, and how its document is parsed and serialized.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { fileStore } from '@softmax-ntk/linalg/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const store = fileStore({ path: join(dir, 'state.json'), what: 'state', parse: JSON.parse, serialize: JSON.stringify });
 * console.log(store.read()); // no file yet
 * // → undefined
 * store.write({ step: 10, loss: 0.125 });
 * console.log(store.read());
 * // → { step: 10, loss: 0.125 }
 * ```
 */
export function fileStore<T>(options: FileStoreOptions<T>): FileStore<T> {
  const { path, what, parse, serialize, readError } = options;
  return {
    location: path,
    read: () => {
      if (!existsSync(path)) return undefined;
      let text: string;
      try {
        text = readInputFile({ path, what });
      } catch (err) {
        throw readError ? readError(err as InputFileError) : err;
      }
      return parse(text, path);
    },
    write: (value) => writeFileAtomic(path, serialize(value)),
  };
}

/** The checkpoint options a Node trainer adds to its environment-neutral one (see {@link checkpointStoreOf}). */
export interface CheckpointPathOptions<S> {
  /** A checkpoint file (exclusive with `checkpoints`). */
  checkpointPath?: string;
  /** Any store of the trainer's checkpoints. */
  checkpoints?: S;
  /** Continue from the stored checkpoint. */
  resume?: boolean;
}

/**
 * The store a Node trainer passes on: `open(checkpointPath)` when a path is given, else `checkpoints` as given
 * (undefined for none). Refuses an empty path, a path together with `checkpoints`, and `resume` with neither — one
 * `ValidationError` line, `invalid argument: …`. Network's and attention's Node trainers share it.
 *
 * @param options - The trainer's `checkpointPath`, `checkpoints` and `resume`.
 * @param open - Opens the store of a checkpoint file (e.g. network's `fileCheckpoints`).
 *
 * @example
 * ```js
 * import { checkpointStoreOf } from '@softmax-ntk/linalg/node';
 *
 * const open = (path) => ({ kind: 'file', path });
 * console.log(checkpointStoreOf({ checkpointPath: 'run/ckpt.json' }, open));
 * // → { kind: 'file', path: 'run/ckpt.json' }
 * console.log(checkpointStoreOf({}, open)); // neither: no store
 * // → undefined
 * try {
 *   checkpointStoreOf({ resume: true }, open);
 * } catch (e) {
 *   console.log(e.message);
 *   // → invalid argument: resume: needs `checkpointPath`, got none
 * }
 * ```
 */
export function checkpointStoreOf<S>(options: CheckpointPathOptions<S>, open: (path: string) => S): S | undefined {
  const { checkpointPath, checkpoints, resume } = options;
  if (checkpointPath === undefined) {
    if (resume && !checkpoints) throw argumentError('resume', 'needs `checkpointPath`, got none');
    return checkpoints;
  }
  if (typeof checkpointPath !== 'string' || checkpointPath === '')
    throw argumentError('checkpointPath', `must be a non-empty string, got ${JSON.stringify(checkpointPath)}`);
  if (checkpoints) throw argumentError('checkpointPath', 'excludes `checkpoints` (give one), got both');
  return open(checkpointPath);
}
