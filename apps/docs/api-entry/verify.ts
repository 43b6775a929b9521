/**
 * The public API of `@softmax-ntk/verify` (every export of packages/verify/src/index.ts).
 *
 * @module verify
 */
export * from '../../../packages/verify/src/index';
