/**
 * The `queue` executor: the cells go to a BullMQ queue on Redis as jobs
 * (job id = cell id, so a cell queued twice is one job), with retries and a
 * per-cell timeout; `sweep worker` processes on any machines consume them
 * (see `startQueueWorker`) and write each result to a Redis hash with HSETNX,
 * so a cell finished twice stores one result. This side waits for the
 * results and hands them to the runner (which appends them to the store).
 */
import type { Job, Queue } from 'bullmq';
import { bullmq } from '../internal/lazyModules';
import type { Redis } from 'ioredis';
import type { Cell } from '../grid/types';
import {
  checkReachable,
  connect,
  connectionMonitor,
  DEFAULT_QUEUE_NAME,
  queueKeys,
  unlessAborted,
  within,
} from '../queue/redis';
import type { CellRecord } from '../store/types';
import type { Executor } from './types';

export interface QueueExecutorOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6379. */
  url: string;
  /** BullMQ queue name (default "softmax-ntk-sweep"). */
  queueName?: string;
  /** Tries per cell, counting retries after a worker died mid-cell or a timeout (default 3). */
  attempts?: number;
  /** Per-cell time limit in ms, enforced by the worker (default none). */
  timeoutMs?: number;
  /** Wait for the results (default true); false: enqueue and return. */
  wait?: boolean;
  /** Poll interval for results, ms (default 200). */
  pollMs?: number;
  /** Called once when the connection to Redis is lost and once when it is restored. */
  onConnection?: (state: 'lost' | 'restored', message: string) => void;
}

/** How long a close may wait for Redis before the connections are dropped (a stop takes at most this). */
const CLOSE_BUDGET_MS = 2000;

/** What the worker receives per job. */
export interface CellJobData {
  id: string;
  experiment: string;
  params: Cell['params'];
  timeoutMs: number | null;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

export function queueExecutor(o: QueueExecutorOptions): Executor {
  const name = o.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(name);
  const attempts = o.attempts ?? 3;
  let redis: Redis | undefined;
  let queueConn: Redis | undefined;
  let queue: Queue | undefined;
  return {
    name: 'queue',
    async run(cells, hooks, signal) {
      if (!redis) await checkReachable(o.url);
      const monitor = connectionMonitor(o.url, o.onConnection);
      redis ??= connect(o.url, monitor);
      queueConn ??= connect(o.url, monitor);
      if (!queue) {
        queue = new (bullmq().Queue)(name, { connection: queueConn });
        queue.on('error', () => {
          // connection errors: reported once by the monitor, retried with backoff by ioredis
        });
      }
      const r = redis,
        q = queue;
      // Every Redis call below returns (undefined) as soon as the signal aborts, whatever Redis's state.
      const stop = <T>(p: Promise<T>) => unlessAborted(p, signal);
      const outstanding = new Set(cells.map((c) => c.id));
      const byId = new Map(cells.map((c) => [c.id, c]));
      const collect = async () => {
        const ids = [...outstanding];
        for (let k = 0; k < ids.length; k += 500) {
          const chunk = ids.slice(k, k + 500);
          const vals = await stop(r.hmget(keys.results, ...chunk));
          if (!vals) return;
          chunk.forEach((id, j) => {
            const v = vals[j];
            if (v) {
              outstanding.delete(id);
              hooks.onRecord(JSON.parse(v) as CellRecord);
            }
          });
        }
      };
      // Cells some earlier run (or another sweep) already finished on this Redis.
      await collect();
      const jobs = [];
      for (const id of outstanding) {
        if (signal?.aborted) return;
        const cell = byId.get(id)!;
        // A job that failed for good keeps its id: remove it so the cell can run again.
        const old = await stop(q.getJob(id));
        if (old && (await stop(old.isFailed()))) await stop(old.remove());
        const data: CellJobData = {
          id,
          experiment: cell.experiment,
          params: cell.params,
          timeoutMs: o.timeoutMs ?? null,
        };
        jobs.push({
          name: cell.experiment,
          data,
          opts: {
            jobId: id,
            attempts,
            backoff: { type: 'fixed', delay: 500 },
            removeOnComplete: true,
            removeOnFail: false,
          },
        });
      }
      if (jobs.length) await stop(q.addBulk(jobs));
      if (o.wait === false) return;
      while (outstanding.size && !signal?.aborted) {
        await sleep(o.pollMs ?? 200, signal);
        await collect();
        if (!outstanding.size) break;
        const failed: Job[] = (await stop(q.getJobs(['failed']))) ?? [];
        for (const job of failed) {
          const id = job.id as string;
          if (!outstanding.has(id)) continue;
          // A late result may have landed between the two reads: prefer it.
          const v = await stop(r.hget(keys.results, id));
          outstanding.delete(id);
          const cell = byId.get(id)!;
          hooks.onRecord(
            v
              ? (JSON.parse(v) as CellRecord)
              : {
                  ...cell,
                  status: 'failed',
                  error: job.failedReason || 'failed',
                  attempts: job.attemptsStarted || job.attemptsMade,
                  ms: 0,
                  executor: 'queue',
                  worker: '',
                  finishedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
                },
          );
        }
      }
    },
    async close() {
      // Bounded: with Redis down, BullMQ's close waits for it; after the budget the connections are dropped.
      if (queue) await within(queue.close(), CLOSE_BUDGET_MS);
      queueConn?.disconnect();
      redis?.disconnect();
      queue = undefined;
      queueConn = undefined;
      redis = undefined;
    },
  };
}
