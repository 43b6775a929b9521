/**
 * @softmax-ntk/attention/node — the Node-only part: attention files on disk
 * (docs/spec/attention-file.md), checkpoint files (`fileCheckpoints`) and the
 * trainer with `checkpointPath`. The main entry runs in any environment.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { checkProblem } from './internal/validate';
import { parseAttentionFile, serializeAttentionFile } from './problem/attentionFile';
import { AttentionFileError, type AttentionProblem } from './problem/problem';

export { fileCheckpoints } from './train/fileCheckpoints';
export { trainAttention } from './train/trainAttentionNode';
export type { TrainAttentionOptions } from './train/trainAttentionNode';

/** Read and strictly parse an attention file; a defect throws AttentionFileError naming the field. */
export function readAttentionFile(path: string): AttentionProblem {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AttentionFileError(
      'json',
      `cannot read attention file ${JSON.stringify(path)}: ${(err as Error).message}`,
    );
  }
  return parseAttentionFile(text);
}

/** Validate first, then write atomically: a bad problem leaves no file behind. */
export function writeAttentionFile(path: string, problem: AttentionProblem): void {
  writeFileAtomic(path, serializeAttentionFile(checkProblem(problem)));
}
