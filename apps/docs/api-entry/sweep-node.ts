/**
 * The Node-only API of `@softmax-ntk/sweep/node` (every export of packages/sweep/src/node.ts): files, worker threads and
 * processes, which the environment-neutral main entry `@softmax-ntk/sweep` leaves out.
 *
 * @module sweep/node
 */
export * from '../../../packages/sweep/src/node';
