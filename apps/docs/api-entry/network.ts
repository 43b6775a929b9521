/**
 * The public API of `@softmax-ntk/network` (every export of packages/network/src/index.ts).
 *
 * @module network
 */
export * from '../../../packages/network/src/index';
