/**
 * Redis names shared by the runner and the workers of the `queue` executor
 * (BullMQ). Results are keyed by cell id alone: a cell's result depends only
 * on its experiment and parameters, so any sweep that contains the cell can
 * use it.
 */
import { Redis } from 'ioredis';
import { SweepError } from '../grid/types';

/** The BullMQ queue every sweep uses by default (so `sweep worker --queue URL` needs no sweep name). */
export const DEFAULT_QUEUE_NAME = 'softmax-ntk-sweep';

export interface QueueKeys {
  /** Hash: cell id → the first `done` CellRecord (JSON), written with HSETNX. */
  results: string;
  /** Hash: cell id → how many times a worker finished it (duplicates included). */
  completions: string;
}

export function queueKeys(queueName: string): QueueKeys {
  return { results: `${queueName}:results`, completions: `${queueName}:completions` };
}

/** Checks a `redis://` / `rediss://` URL; errors name `what` (the option) and the value. */
export function checkRedisUrl(what: string, url: unknown): string {
  if (typeof url !== 'string' || !/^rediss?:\/\/[^\s/]+(:\d+)?(\/\d+)?$/.test(url)) {
    throw new SweepError(
      'queue',
      `invalid argument: ${what} must be a Redis URL like redis://127.0.0.1:6379, got ${JSON.stringify(url) ?? String(url)}`,
    );
  }
  return url;
}

/** A connection usable by BullMQ (which requires maxRetriesPerRequest: null). */
export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** Fails fast (SweepError naming the URL) when nothing answers at `url`, instead of retrying forever. */
export async function checkReachable(url: string, timeoutMs = 5000): Promise<void> {
  const r = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let cause: Error | undefined;
  r.on('error', (err: Error) => {
    cause ??= err; // the socket's own error (e.g. ECONNREFUSED), reported below
  });
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    throw new SweepError('queue', `cannot reach Redis at ${url}: ${(cause ?? (err as Error)).message}`);
  } finally {
    r.disconnect();
  }
}
