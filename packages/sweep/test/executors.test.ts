/**
 * One grid, three executors: the same cells give the same numbers inline, on
 * the worker-thread pool (which loads the built dist/worker.js), and through
 * the BullMQ queue on a real Redis with two in-process queue-worker slots.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_QUEUE_NAME, runSweep, startQueueWorker, sweepStatus, type Grid, type SweepResult } from '../src/index';
import { startRedis, type RedisServer } from './redisServer';

const grid: Grid = {
  experiment: 'table1-cell',
  axes: { activation: ['softmax', 'relu'], n: [4, 8], m: [16, 32] },
  fixed: { steps: 300 },
};

let redis: RedisServer;
let dir = '';
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'sweep-exec-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const numbers = (r: SweepResult) => r.cells.map((c) => ({ id: c.id, status: c.status, result: c.result }));

describe('executors: inline, threads, queue', () => {
  let inline: SweepResult;

  it('inline runs every cell', async () => {
    inline = await runSweep({ grid, executor: 'inline', out: join(dir, 'inline') });
    expect(inline).toMatchObject({ total: 8, ran: 8, done: 8, failed: 0, pending: 0 });
    // the grid is not trivial: some cells reach ε in the kernel regime, some do not
    expect(inline.cells.some((c) => c.result!.ok === true)).toBe(true);
    expect(inline.cells.some((c) => c.result!.ok === false)).toBe(true);
  });

  it('threads (2 workers) gives the same numbers, bit for bit', async () => {
    const r = await runSweep({ grid, executor: 'threads', workers: 2, out: join(dir, 'threads') });
    expect(r.done).toBe(8);
    expect(numbers(r)).toEqual(numbers(inline));
    // cells ran on worker threads, not on the main thread
    const lines = readFileSync(join(dir, 'threads', 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.every((l) => /#\d+$/.test(l.worker))).toBe(true);
  });

  it('queue (BullMQ on Redis, two worker slots) gives the same numbers, and status reports each cell finished once', async () => {
    const worker = await startQueueWorker({ queue: redis.url, concurrency: 2 });
    try {
      const out = join(dir, 'queue');
      const r = await runSweep({ grid, executor: 'queue', queue: redis.url, out });
      expect(r.done).toBe(8);
      expect(numbers(r)).toEqual(numbers(inline));
      const s = await sweepStatus({ out });
      expect(s).toMatchObject({ total: 8, done: 8, running: 0, failed: 0, pending: 0, finishedMoreThanOnce: 0, queue: redis.url });
      expect(s.cells.every((c) => c.completions === 1)).toBe(true);
      // a second run finds every result on Redis and in the store: nothing is enqueued again
      const again = await runSweep({ grid, executor: 'queue', queue: redis.url, out });
      expect(again).toMatchObject({ ran: 0, skipped: 8, done: 8 });
    } finally {
      await worker.close();
    }
  });

  it('a bad grid is refused before anything is enqueued', async () => {
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const q = new Queue(DEFAULT_QUEUE_NAME, { connection: conn });
    try {
      const before = await q.getJobCounts();
      const bad: [unknown, RegExp][] = [
        [{ experiment: 'table1-cell', axes: { n: [4], width: [8] } }, /unknown axis "width"/],
        [{ experiment: 'table1-cell', axes: { n: [] } }, /axis "n" is empty/],
        [{ experiment: 'tabel1-cell', axes: { n: [4] } }, /unknown experiment "tabel1-cell"/],
      ];
      for (const [g, msg] of bad) {
        await expect(runSweep({ grid: g as Grid, executor: 'queue', queue: redis.url, out: join(dir, 'bad') })).rejects.toThrow(msg);
      }
      expect(await q.getJobCounts()).toEqual(before);
      expect(Object.values(before).every((v) => v === 0)).toBe(true);
    } finally {
      await q.close();
      conn.disconnect();
    }
  });
});
