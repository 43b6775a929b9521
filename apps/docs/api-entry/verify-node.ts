/**
 * The Node-only API of `@softmax-ntk/verify/node` (every export of packages/verify/src/node.ts): files, worker threads and
 * processes, which the environment-neutral main entry `@softmax-ntk/verify` leaves out.
 *
 * @module verify/node
 */
export * from '../../../packages/verify/src/node';
