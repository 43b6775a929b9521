/**
 * @softmax-ntk/attention/node — the Node-only part: attention files on disk
 * (docs/spec/attention-file.md), checkpoint files (`fileCheckpoints`) and the
 * trainer with `checkpointPath`. The main entry runs in any environment.
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
 */
export function readAttentionFile(path: string): AttentionProblem {
  return parseAttentionFile(readInputFile({ path, what: 'attention file' }));
}

/** Validate first, then write atomically: a bad problem leaves no file behind. */
export function writeAttentionFile(path: string, problem: AttentionProblem): void {
  writeFileAtomic(path, serializeAttentionFile(checkProblem(problem)));
}
