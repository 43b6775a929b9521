/**
 * @softmax-ntk/linalg/node — the Node-only part of linalg: atomic file
 * replacement for every package that writes results. The main entry
 * (`@softmax-ntk/linalg`) runs unchanged in browsers and bundlers.
 */
export { writeFileAtomic } from './io/writeFileAtomic';
export { softmaxGradient64Threads } from './fused/softmaxGradient64Threads';
export type { SoftmaxGradient64Threads, SoftmaxGradient64ThreadsOptions } from './fused/softmaxGradient64Threads';
