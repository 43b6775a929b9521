/**
 * @softmax-ntk/attention/node — the Node-only part: attention files on disk
 * (docs/spec/attention-file.md), checkpoint files (`fileCheckpoints`) and the
 * trainer with `checkpointPath`. The main entry runs in any environment.
 *
 * @packageDocumentation
 */
import { readInputFile, writeFileAtomic } from '@softmax-ntk/linalg/node';
import { checkProblem } from './internal/validate';
import { parseAttentionFile, serializeAttentionFile } from './problem/attentionFile';
import type { AttentionProblem } from './problem/problem';

export { fileCheckpoints } from './train/fileCheckpoints';
export { trainAttention } from './train/trainAttentionNode';
export type { TrainAttentionOptions } from './train/trainAttentionNode';

/**
 * Read and strictly parse an attention file: a regular file within the size limit (linalg's `readInputFile`; an
 * unreadable path, a directory or a device is an `InputFileError` naming it), then every field checked (a defect
 * throws AttentionFileError naming the field).
 *
 * @param path - The attention file (docs/spec/attention-file.md).
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { makeAttentionTask, serializeAttentionFile } from '@softmax-ntk/attention';
 * import { readAttentionFile } from '@softmax-ntk/attention/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 2, dim: 2, numTokens: 3, numHeads: 2, headDim: 1, seed: 1,
 * });
 * writeFileSync(join(dir, 'task.json'), serializeAttentionFile(problem));
 * const back = readAttentionFile(join(dir, 'task.json'));
 * console.log(back.shape.numHeads, back.wk.every((v, k) => v === problem.wk[k]));
 * // → 2 true
 * try {
 *   readAttentionFile(dir); // a directory
 * } catch (e) {
 *   console.log(e.name, e.message.replaceAll(dir, '<dir>'));
 *   // → InputFileError attention file: "<dir>" is not a regular file (a directory)
 * }
 * ```
 */
export function readAttentionFile(path: string): AttentionProblem {
  return parseAttentionFile(readInputFile({ path, what: 'attention file' }));
}

/**
 * Validate first, then write atomically: a bad problem leaves no file behind.
 *
 * @param path - The file to write (replaced atomically).
 * @param problem - The attention problem, checked before anything is written.
 *
 * @example
 * ```js
 * import { existsSync, mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { makeAttentionTask } from '@softmax-ntk/attention';
 * import { readAttentionFile, writeAttentionFile } from '@softmax-ntk/attention/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const problem = makeAttentionTask({
 *   task: 'icl', numSequences: 2, dim: 2, numTokens: 3, numHeads: 2, headDim: 1, seed: 1,
 * });
 * writeAttentionFile(join(dir, 'task.json'), problem);
 * console.log(readAttentionFile(join(dir, 'task.json')).x.length);
 * // → 12
 * try {
 *   writeAttentionFile(join(dir, 'bad.json'), { ...problem, temperature: -1 });
 * } catch (e) {
 *   console.log(e.message, existsSync(join(dir, 'bad.json'))); // nothing written
 *   // → temperature: expected a finite number > 0, got -1 false
 * }
 * ```
 */
export function writeAttentionFile(path: string, problem: AttentionProblem): void {
  writeFileAtomic(path, serializeAttentionFile(checkProblem(problem)));
}
