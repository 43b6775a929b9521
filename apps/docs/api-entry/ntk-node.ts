/**
 * The Node-only API of `@softmax-ntk/ntk/node` (every export of packages/ntk/src/node.ts): files, worker threads and
 * processes, which the environment-neutral main entry `@softmax-ntk/ntk` leaves out.
 *
 * @module ntk/node
 */
export * from '../../../packages/ntk/src/node';
