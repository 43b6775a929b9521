/**
 * Model files of the diffusion score models (Section 6 of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024)), read and written in
 * Node; their text form is `serializeModel`/`parseModel` of the main entry.
 */
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { readJsonFile } from '../internal/readJson';
import type { DiffusionModel } from './model';
import { ModelError, parseModel, serializeModel } from './modelFile';

/** Write atomically: a reader sees the old file or the whole new one. */
export function writeModelFile(path: string, model: DiffusionModel): void {
  writeFileAtomic(path, serializeModel(model));
}

/**
 * Reads a diffusion model file (JSON) and checks every field; a malformed file throws a `ModelError` naming the
 * field.
 */
export function readModelFile(path: string): DiffusionModel {
  return parseModel(readJsonFile(path, 'model file', (message) => new ModelError('json', message)));
}
