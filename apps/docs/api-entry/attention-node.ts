/**
 * The Node-only API of `@softmax-ntk/attention/node` (every export of packages/attention/src/node.ts): files, worker threads and
 * processes, which the environment-neutral main entry `@softmax-ntk/attention` leaves out.
 *
 * @module attention/node
 */
export * from '../../../packages/attention/src/node';
