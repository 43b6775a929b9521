/**
 * @softmax-ntk/network/node — the Node-only part of the two-layer softmax
 * network package of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
 * Softmax" (2024): problem files, labelled-data files, and gradient descent
 * (Definition 3.5) with checkpoint files. Everything else, and these
 * functions' text forms (`parseProblem`, `serializeProblem`, `train` with a
 * `CheckpointStore`), is in the environment-neutral `@softmax-ntk/network`.
 *
 * @packageDocumentation
 */
export { readProblemFile, writeProblemFile } from './problem/problemFile';
export { readLabelledData } from './problem/readLabelledDataFile';
export { train } from './train/trainNode';
export type { TrainOptions } from './train/trainNode';
export { fileCheckpoints, problemHash } from './train/fileCheckpoints';
export { readInputFile, InputFileError, DEFAULT_MAX_FILE_BYTES } from '@softmax-ntk/linalg/node';
export type { ReadInputFileOptions } from '@softmax-ntk/linalg/node';
