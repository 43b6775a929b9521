/**
 * The Node-only API of `@softmax-ntk/network/node` (every export of packages/network/src/node.ts): files, worker threads and
 * processes, which the environment-neutral main entry `@softmax-ntk/network` leaves out.
 *
 * @module network/node
 */
export * from '../../../packages/network/src/node';
