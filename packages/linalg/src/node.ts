/**
 * @softmax-ntk/linalg/node — the Node-only part of linalg: the one reader of files the user names (a regular file
 * within a size limit), atomic file replacement for every package that writes results, and a document kept in a
 * file with both (the training checkpoints). The main entry (`@softmax-ntk/linalg`) runs unchanged in browsers and
 * bundlers.
 *
 * @packageDocumentation
 */
export { writeFileAtomic } from './io/writeFileAtomic';
export { readInputFile, InputFileError, DEFAULT_MAX_FILE_BYTES } from './io/readInputFile';
export type { ReadInputFileOptions } from './io/readInputFile';
export { checkpointStoreOf, fileStore } from './io/fileStore';
export type { CheckpointPathOptions, FileStore, FileStoreOptions } from './io/fileStore';
export { resolveThreads, THREADS_ENV } from './internal/threads';
export { softmaxGradient32Threads, softmaxGradient64Threads } from './fused/softmaxGradient64Threads';
export type { SoftmaxGradient64Threads, SoftmaxGradient64ThreadsOptions } from './fused/softmaxGradient64Threads';
