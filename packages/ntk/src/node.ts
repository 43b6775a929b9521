/**
 * @softmax-ntk/ntk/node — the Node-only part of the NTK package of Gu, Li,
 * Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024): H(W) of
 * Definition 3.6 with its float32 product on `worker_threads`
 * (`gramAsync`, bitwise equal to `gram`), and matrix files. Everything else
 * is in the environment-neutral `@softmax-ntk/ntk`.
 *
 * @packageDocumentation
 */
export { gramAsync } from './gram/gramAsync';
export type { GramAsyncOptions } from './gram/gramAsync';
export { terminateGramWorkers } from './gram/terminateGramWorkers';
export { writeMatrixFile, readMatrixFile } from './io/matrixFile';
