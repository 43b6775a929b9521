/**
 * The public API of `@softmax-ntk/attention` (every export of packages/attention/src/index.ts).
 *
 * @module attention
 */
export * from '../../../packages/attention/src/index';
