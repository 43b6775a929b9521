/**
 * The public API of `@softmax-ntk/diffusion` (every export of packages/diffusion/src/index.ts).
 *
 * @module diffusion
 */
export * from '../../../packages/diffusion/src/index';
