/**
 * @softmax-ntk/linalg/node — the Node-only part of linalg: atomic file
 * replacement for every package that writes results. The main entry
 * (`@softmax-ntk/linalg`) runs unchanged in browsers and bundlers.
 */
export { writeFileAtomic } from './io/writeFileAtomic';
