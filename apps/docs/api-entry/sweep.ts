/**
 * The public API of `@softmax-ntk/sweep` (every export of packages/sweep/src/index.ts).
 *
 * @module sweep
 */
export * from '../../../packages/sweep/src/index';
