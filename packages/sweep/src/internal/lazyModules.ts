/**
 * The sweep's heavy dependencies, loaded on the paths that use them (issue #14): BullMQ and ioredis when a sweep
 * runs on a queue, Piscina when it runs on worker threads. Synchronous (Node's `require`), so the functions that
 * construct them keep their signatures; `import type` keeps their types.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

let bullmqModule: typeof import('bullmq') | undefined;
let ioredisModule: typeof import('ioredis') | undefined;
let piscinaModule: typeof import('piscina') | undefined;

/** BullMQ (`Queue`, `Worker`), loaded on first use. */
export const bullmq = (): typeof import('bullmq') => (bullmqModule ??= load('bullmq') as typeof import('bullmq'));

/** ioredis (`Redis`), loaded on first use. */
export const ioredis = (): typeof import('ioredis') => (ioredisModule ??= load('ioredis') as typeof import('ioredis'));

/** Piscina (the worker-thread pool), loaded on first use. */
export const piscina = (): typeof import('piscina') => (piscinaModule ??= load('piscina') as typeof import('piscina'));
