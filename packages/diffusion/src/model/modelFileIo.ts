/**
 * Model files of the diffusion score models (Section 6 of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax" (2024)), read and written in
 * Node; their text form is `serializeModel`/`parseModel` of the main entry.
 */
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { readJsonFile } from '../internal/readJson';
import type { DiffusionModel } from './model';
import { ModelError, parseModel, serializeModel } from './modelFile';

/**
 * Write atomically: a reader sees the old file or the whole new one.
 *
 * @param path - The file to write (replaced atomically).
 * @param model - The trained score model.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { parseTarget, trainScoreModel } from '@softmax-ntk/diffusion';
 * import { readModelFile, writeModelFile } from '@softmax-ntk/diffusion/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const model = await trainScoreModel({ target, n: 20, numNeurons: 8, seed: 0 });
 * writeModelFile(join(dir, 'model.json'), model);
 * const back = readModelFile(join(dir, 'model.json'));
 * console.log(back.kind, back.network.w.flat().every((v, k) => v === model.network.w.flat()[k]));
 * // → ntk true
 * ```
 */
export function writeModelFile(path: string, model: DiffusionModel): void {
  writeFileAtomic(path, serializeModel(model));
}

/**
 * Reads a diffusion model file (JSON) and checks every field; a malformed file throws a `ModelError` naming the
 * field.
 *
 * @param path - The model file (JSON, as `writeModelFile` writes it).
 *
 * @example
 * ```js
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readModelFile } from '@softmax-ntk/diffusion/node';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'softmax-ntk/diffusion-model', version: 2 }));
 * try {
 *   readModelFile(join(dir, 'model.json'));
 * } catch (e) {
 *   console.log(e.name, e.message.split('\n')[0]);
 *   // → ModelError version: expected 1, got 2
 * }
 * ```
 */
export function readModelFile(path: string): DiffusionModel {
  return parseModel(readJsonFile(path, 'model file', (message) => new ModelError('json', message)));
}
