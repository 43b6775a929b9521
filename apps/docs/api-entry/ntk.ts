/**
 * The public API of `@softmax-ntk/ntk` (every export of packages/ntk/src/index.ts).
 *
 * @module ntk
 */
export * from '../../../packages/ntk/src/index';
