/**
 * The Node-only API of `@softmax-ntk/linalg/node` (every export of packages/linalg/src/node.ts): files, worker threads and
 * processes, which the environment-neutral main entry `@softmax-ntk/linalg` leaves out.
 *
 * @module linalg/node
 */
export * from '../../../packages/linalg/src/node';
