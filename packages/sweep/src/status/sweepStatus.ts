/**
 * `sweep status`: each cell of a sweep directory's grid is done, running,
 * failed or pending — from the store, the runner's `running.json` (when its
 * process is alive on this host), and, for a queued sweep, Redis (results,
 * finish counts and job states).
 */
import { hostname } from 'node:os';
import { parseGrid } from '../grid/parseGrid';
import { bullmq } from '../internal/lazyModules';
import {
  checkReachable,
  checkRedisUrl,
  connect,
  DEFAULT_QUEUE_NAME,
  isRedacted,
  queueKeys,
  redactUrl,
} from '../queue/redis';
import { SweepError } from '../grid/types';
import { readManifest, readRunning } from '../store/manifest';
import { readStore } from '../store/resultStore';
import type { CellRecord } from '../store/types';

/** The state of a cell in {@link sweepStatus}: done, running (a live runner or worker holds it), failed or pending. */
export type CellState = 'done' | 'running' | 'failed' | 'pending';

/** One cell of {@link SweepStatus}: its id, parameters and state. */
export interface CellStatusRow {
  /** The cell's id. */
  id: string;
  /** The cell's complete parameters. */
  params: Record<string, unknown>;
  /** Done, running, failed or pending. */
  state: CellState;
  /** Starts of the cell, retries included (done and failed cells). */
  attempts: number | null;
  /** Queue: how many times workers finished the cell (1 = exactly once). */
  completions: number | null;
  /** The last error of a failed cell, else null. */
  error: string | null;
}

/** What {@link sweepStatus} returns: the counts per state and each cell's state. */
export interface SweepStatus {
  /** The sweep's id. */
  sweepId: string;
  /** The grid's name. */
  name: string;
  /** The experiment of the cells. */
  experiment: string;
  /** Cells of the grid. */
  total: number;
  /** Cells done. */
  done: number;
  /** Cells running now (a live runner or worker holds them). */
  running: number;
  /** Cells failed. */
  failed: number;
  /** Cells not started. */
  pending: number;
  /** Done cells that needed more than one attempt. */
  retried: number;
  /** Cells finished more than once (their first result is the one stored). */
  finishedMoreThanOnce: number;
  /** done / total. */
  progress: number;
  /** Redis URL when the sweep runs on a queue. */
  queue: string | null;
  /** Each cell of the grid, in grid order. */
  cells: CellStatusRow[];
}

/** Options of {@link sweepStatus}. */
export interface SweepStatusOptions {
  /** The sweep directory. */
  out: string;
  /** Redis URL (default: the one in sweep.json, if the sweep was queued). */
  queue?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The state of each cell of a sweep directory's grid — done, running, failed or pending.
 *
 * @param options - The sweep directory and (optionally) the Redis URL.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { runSweep, sweepStatus } from '@softmax-ntk/sweep/node';
 *
 * const out = join(mkdtempSync(join(tmpdir(), 'softmax-ntk-')), 'demo.sweep');
 * const grid = { experiment: 'train', axes: { n: [4, 8] }, fixed: { m: 16, steps: 20 } };
 * const controller = new AbortController();
 * // stopped after the first cell: one done, one pending
 * await runSweep({ grid, out, signal: controller.signal, onProgress: () => controller.abort() });
 * const s = await sweepStatus({ out });
 * console.log(s.total, s.done, s.pending, s.progress, s.cells.map((c) => `${c.params.n}:${c.state}`).join(' '));
 * // → 2 1 1 0.5 4:done 8:pending
 * ```
 */
export async function sweepStatus(options: SweepStatusOptions): Promise<SweepStatus> {
  const manifest = readManifest(options.out);
  const grid = parseGrid(manifest.grid, { source: `${options.out}/sweep.json` });
  const store = readStore(options.out);
  const records = new Map<string, CellRecord>(store.records);
  const url = options.queue ?? manifest.queue ?? undefined;
  const queueName = manifest.queueName ?? DEFAULT_QUEUE_NAME;
  const running = new Set<string>();
  const failedJobs = new Map<string, { error: string; attempts: number }>();
  const completions = new Map<string, number>();
  const local = readRunning(options.out);
  if (local && local.host === hostname() && alive(local.pid)) for (const id of local.running) running.add(id);
  if (url && options.queue === undefined && isRedacted(url))
    throw new SweepError(
      'queue',
      `${options.out}/sweep.json stores the queue URL without its credentials (${url}): pass --queue with the full URL`,
    );
  if (url) {
    await checkReachable(checkRedisUrl('`queue`', url));
    const redis = connect(url);
    const conn = connect(url);
    const queue = new (bullmq().Queue)(queueName, { connection: conn });
    try {
      const keys = queueKeys(queueName);
      const ids = grid.cells.map((c) => c.id);
      const [results, counts] = await Promise.all([
        redis.hmget(keys.results, ...ids),
        redis.hmget(keys.completions, ...ids),
      ]);
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k] as string;
        const v = results[k];
        if (v && records.get(id)?.status !== 'done') records.set(id, JSON.parse(v) as CellRecord);
        if (counts[k]) completions.set(id, Number(counts[k]));
        if (records.get(id)?.status === 'done') continue;
        const state = await queue.getJobState(id);
        if (state === 'active') running.add(id);
        else if (state === 'failed') {
          const job = await queue.getJob(id);
          failedJobs.set(id, { error: job?.failedReason ?? 'failed', attempts: job?.attemptsStarted ?? 0 });
        }
      }
    } finally {
      await queue.close();
      conn.disconnect();
      redis.disconnect();
    }
  }
  const cells: CellStatusRow[] = grid.cells.map((c) => {
    const r = records.get(c.id);
    const comp = completions.get(c.id) ?? null;
    if (r?.status === 'done')
      return { id: c.id, params: c.params, state: 'done', attempts: r.attempts, completions: comp, error: null };
    if (running.has(c.id))
      return { id: c.id, params: c.params, state: 'running', attempts: null, completions: comp, error: null };
    const f = failedJobs.get(c.id);
    if (f)
      return { id: c.id, params: c.params, state: 'failed', attempts: f.attempts, completions: comp, error: f.error };
    if (r?.status === 'failed')
      return {
        id: c.id,
        params: c.params,
        state: 'failed',
        attempts: r.attempts,
        completions: comp,
        error: r.error ?? null,
      };
    return { id: c.id, params: c.params, state: 'pending', attempts: null, completions: comp, error: null };
  });
  const count = (s: CellState) => cells.filter((c) => c.state === s).length;
  const done = count('done');
  return {
    sweepId: grid.sweepId,
    name: grid.name,
    experiment: grid.experiment,
    total: cells.length,
    done,
    running: count('running'),
    failed: count('failed'),
    pending: count('pending'),
    retried: cells.filter((c) => c.state === 'done' && (c.attempts ?? 1) > 1).length,
    finishedMoreThanOnce: cells.filter((c) => (c.completions ?? 0) > 1).length + (url ? 0 : store.duplicates),
    progress: cells.length ? done / cells.length : 1,
    queue: url === undefined ? null : redactUrl(url),
    cells,
  };
}
