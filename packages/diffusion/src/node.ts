/**
 * @softmax-ntk/diffusion/node — the Node-only part of the diffusion package
 * (Section 6 and Appendix G of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024)): target files and their data files, model
 * files. `readTargetData` reads the files of `data` targets for the main
 * entry's `parseTarget` (which reads none itself). Everything else is in `@softmax-ntk/diffusion`.
 *
 * @packageDocumentation
 */
export { readTargetData, readTargetFile, readDataRows } from './target/targetFile';
export { readModelFile, writeModelFile } from './model/modelFileIo';
