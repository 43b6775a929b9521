/**
 * A queue worker (`softmax-ntk sweep worker --queue URL`): consumes cells
 * from the BullMQ queue and runs each on a pool of worker threads, so the
 * event loop stays free to renew the job locks while a cell computes. A
 * worker that dies mid-cell stops renewing its lock; after `lockDurationMs`
 * BullMQ's stalled-job check (run by every live worker) puts the job back,
 * and another worker runs it again. Results go to a Redis hash with HSETNX
 * (the first result of a cell is kept) and every finish is counted, so
 * `sweep status` can show that each cell finished exactly once.
 */
import { availableParallelism } from 'node:os';
import type { Job } from 'bullmq';
import { bullmq } from '../internal/lazyModules';
import { argumentError, describeValue } from '@softmax-ntk/linalg';
import type { CellJobData } from '../executors/queue';
import { experimentOf } from '../experiments/index';
import { cellPool } from '../internal/pool';
import type { CellRecord } from '../store/types';
import {
  checkReachable,
  checkRedisUrl,
  connect,
  connectionMonitor,
  DEFAULT_QUEUE_NAME,
  queueKeys,
  within,
} from './redis';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6379. */
  queue: string;
  /** BullMQ queue name (default "softmax-ntk-sweep"). */
  queueName?: string;
  /** Cells run at once, each on its own thread (default: the available cores). */
  concurrency?: number;
  /** A job's lock lasts this long without renewal (default 10 000 ms); a dead worker's cell is retried after it. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (default lockDurationMs / 2). */
  stalledIntervalMs?: number;
  /** Called when a cell starts, finishes, or fails an attempt. */
  onEvent?: (e: QueueWorkerEvent) => void;
  /** Called once when the connection to Redis is lost and once when it is restored (one line each). */
  onConnection?: (state: 'lost' | 'restored', message: string) => void;
  /**
   * This worker's memory budget in bytes (default: none). A queued cell whose experiment's `memory(params)`
   * estimate exceeds it — a cell queued by a runner with a larger cap, on another machine — is not run: it fails at
   * once, without retries, with one line naming the estimate and this budget.
   */
  maxMemoryBytes?: number;
}

/** Options of a queue worker's `close`. */
export interface QueueWorkerCloseOptions {
  /**
   * How long to wait for the running cells and for Redis (default 3500 ms; 300 ms while the connection is
   * lost), so a stop takes under 5 s in every Redis state. After it, running cells are abandoned: their locks lapse and another worker runs
   * them again. 0 abandons them at once (a second signal).
   */
  graceMs?: number;
}

/** A cell event of a queue worker, passed to `onEvent`. */
export interface QueueWorkerEvent {
  /** What happened: a cell started, finished, or failed an attempt. */
  type: 'start' | 'done' | 'failed';
  /** The cell's id. */
  id: string;
  /** Attempt number (1 for the first start). */
  attempt: number;
  /** The error message of a failed attempt. */
  error?: string;
}

/** A running queue worker ({@link startQueueWorker}): close it to stop. */
export interface QueueWorker {
  /**
   * Stops taking cells, waits for the running ones (at most `graceMs`), and disconnects.
   *
   * @param options - How long to wait for the running cells.
   */
  close(options?: QueueWorkerCloseOptions): Promise<void>;
}

/** Bytes for a message: `12345678 B (12.3 MB)`; non-finite as it is. */
function bytesText(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 'B';
  for (const next of units) {
    if (v < 1000) break;
    v /= 1000;
    u = next;
  }
  return u === 'B' ? `${bytes} B` : `${bytes} B (${v.toFixed(1)} ${u})`;
}

/**
 * Starts a queue worker: consumes sweep cells from a BullMQ queue on Redis and runs each on a pool of worker
 * threads.
 *
 * @param o - The Redis URL, the queue name, the concurrency and the callbacks.
 *
 * @example
 * ```js
 * import { DEFAULT_QUEUE_NAME, startQueueWorker } from '@softmax-ntk/sweep/node';
 *
 * // a worker takes the cells that `runSweep({ executor: 'queue', queue })` puts on a Redis queue:
 * //   const worker = await startQueueWorker({ queue: 'redis://127.0.0.1:6379' }); … await worker.close();
 * // its options are checked before it connects:
 * try {
 *   await startQueueWorker({ queue: 'http://127.0.0.1:6379' });
 * } catch (e) {
 *   console.log(e.message);
 *   // → invalid argument: `queue` must be a Redis URL like redis://127.0.0.1:6379, got "http://127.0.0.1:6379"
 * }
 * console.log(DEFAULT_QUEUE_NAME);
 * // → softmax-ntk-sweep
 * ```
 */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const url = checkRedisUrl('`queue`', o.queue);
  const budget = o.maxMemoryBytes;
  if (budget !== undefined && !(typeof budget === 'number' && budget > 0))
    throw argumentError('maxMemoryBytes', `expected a number of bytes > 0, got ${describeValue(budget)}`);
  const name = o.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(name);
  const concurrency = o.concurrency ?? availableParallelism();
  const lockDuration = o.lockDurationMs ?? 10_000;
  await checkReachable(url);
  const pool = cellPool(concurrency);
  const monitor = connectionMonitor(url, o.onConnection);
  const redis = connect(url, monitor);
  const conn = connect(url, monitor);
  const processor = async (job: Job<CellJobData>) => {
    const { id, experiment, params, timeoutMs } = job.data;
    const attempt = job.attemptsStarted;
    o.onEvent?.({ type: 'start', id, attempt });
    try {
      // before the cell's thread allocates anything: a cell over this worker's budget fails for good (retrying it
      // on the same budget cannot succeed; a worker with a larger one may take it after a rerun of the sweep)
      if (budget !== undefined) {
        const est = experimentOf(experiment)?.memory(params);
        if (est && !(est.bytes <= budget))
          throw new (bullmq().UnrecoverableError)(
            `cell ${id} needs an estimated ${bytesText(est.bytes)} for ${est.what}, over this worker's memory budget of ${bytesText(budget)} (maxMemoryBytes; sweep worker --max-memory)`,
          );
      }
      const out = await pool.run({ id, experiment, params }, timeoutMs ? { timeoutMs } : {});
      const rec: CellRecord = {
        id,
        experiment,
        params,
        status: 'done',
        result: out.result,
        attempts: attempt,
        ms: out.ms,
        executor: 'queue',
        worker: out.worker,
        finishedAt: new Date().toISOString(),
      };
      await redis.multi().hsetnx(keys.results, id, JSON.stringify(rec)).hincrby(keys.completions, id, 1).exec();
      o.onEvent?.({ type: 'done', id, attempt });
    } catch (err) {
      o.onEvent?.({ type: 'failed', id, attempt, error: (err as Error).message });
      throw err;
    }
  };
  const worker = new (bullmq().Worker)<CellJobData>(name, processor, {
    connection: conn,
    concurrency,
    lockDuration,
    stalledInterval: o.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
    // A job whose worker died is put back this many times before it fails for good (its attempts count too).
    maxStalledCount: 3,
  });
  worker.on('error', () => {
    // Connection errors are retried by ioredis with backoff and reported once by the monitor;
    // a job's own error is reported through onEvent.
  });
  await worker.waitUntilReady();
  let closing: Promise<void> | undefined;
  return {
    async close(options = {}) {
      // With Redis gone nothing can finish cleanly (results cannot be written): do not wait for it.
      const grace = monitor.isLost() ? Math.min(options.graceMs ?? 3500, 300) : (options.graceMs ?? 3500);
      const graceful = (closing ??= worker.close());
      if (!(await within(graceful, grace))) {
        // Redis is down or a cell is still running: stop without waiting for either. (worker.close(true) would
        // return the pending graceful close, so the connections — the blocking one included — are dropped.)
        await within(
          worker.disconnect().catch(() => undefined),
          500,
        );
      }
      conn.disconnect();
      redis.disconnect();
      await within(pool.close(), 500);
    },
  };
}
