/**
 * @softmax-ntk/diffusion/node — the Node-only part of the diffusion package
 * (Section 6 and Appendix G of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024)): target files and their data files, model
 * files. `parseTarget` here reads the files of `data` targets; the main
 * entry's reads none. Everything else is in `@softmax-ntk/diffusion`.
 */
export { parseTarget, readTargetFile, readDataRows } from './target/targetFile';
export { readModelFile, writeModelFile } from './model/modelFileIo';
