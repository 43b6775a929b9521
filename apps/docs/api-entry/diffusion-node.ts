/**
 * The Node-only API of `@softmax-ntk/diffusion/node` (every export of packages/diffusion/src/node.ts): files, worker threads and
 * processes, which the environment-neutral main entry `@softmax-ntk/diffusion` leaves out.
 *
 * @module diffusion/node
 */
export * from '../../../packages/diffusion/src/node';
