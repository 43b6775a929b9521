/**
 * The public API of `@softmax-ntk/linalg` (every export of packages/linalg/src/index.ts).
 *
 * @module linalg
 */
export * from '../../../packages/linalg/src/index';
