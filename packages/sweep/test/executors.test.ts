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
import { DEFAULT_QUEUE_NAME, runSweep, startQueueWorker, sweepStatus, type SweepResult } from '../src/node';
import { type Grid } from '../src/index';
import { describeWithTool } from '@softmax-ntk/test-helpers';
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

describeWithTool('redis-server', 'executors: inline, threads, queue', () => {
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
    const lines = readFileSync(join(dir, 'threads', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
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
      expect(s).toMatchObject({
        total: 8,
        done: 8,
        running: 0,
        failed: 0,
        pending: 0,
        finishedMoreThanOnce: 0,
        queue: redis.url,
      });
      expect(s.cells.every((c) => c.completions === 1)).toBe(true);
      // a second run finds every result on Redis and in the store: nothing is enqueued again
      const again = await runSweep({ grid, executor: 'queue', queue: redis.url, out });
      expect(again).toMatchObject({ ran: 0, skipped: 8, done: 8 });
    } finally {
      await worker.close();
    }
  });

  // A cell far beyond its time limit: 10⁶ GD steps at n = 16, m = 512 take minutes; the limit is 0.3 s.
  const slow: Grid = { experiment: 'train', axes: { seed: [0] }, fixed: { n: 16, d: 4, m: 512, steps: 1_000_000 } };

  it('threads: a cell over its time limit is stopped and recorded as failed with a message saying so', async () => {
    const out = join(dir, 'timeout-threads');
    const r = await runSweep({ grid: slow, executor: 'threads', workers: 1, timeoutMs: 300, out });
    expect(r).toMatchObject({ done: 0, failed: 1 });
    expect(r.cells[0]!.error).toMatch(/^cell [0-9a-f]{16} timed out after 300 ms$/);
    expect((await sweepStatus({ out })).failed).toBe(1);
  });

  it('queue: a cell over its time limit is retried, then recorded as failed with the reason', async () => {
    const worker = await startQueueWorker({ queue: redis.url, concurrency: 1 });
    try {
      const out = join(dir, 'timeout-queue');
      const r = await runSweep({ grid: slow, executor: 'queue', queue: redis.url, timeoutMs: 300, attempts: 2, out });
      expect(r).toMatchObject({ done: 0, failed: 1 });
      expect(r.cells[0]!.error).toMatch(/timed out after 300 ms/);
      expect(r.cells[0]!.attempts).toBe(2);
      const s = await sweepStatus({ out });
      expect(s).toMatchObject({ failed: 1, done: 0 });
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
        [
          { experiment: 'table1-cell', axes: { n: [] } },
          /^grid object: axes\.n: expected at least one entry, got none$/,
        ],
        [{ experiment: 'tabel1-cell', axes: { n: [4] } }, /unknown experiment "tabel1-cell"/],
      ];
      for (const [g, msg] of bad) {
        await expect(
          runSweep({ grid: g as Grid, executor: 'queue', queue: redis.url, out: join(dir, 'bad') }),
        ).rejects.toThrow(msg);
      }
      expect(await q.getJobCounts()).toEqual(before);
      expect([before.waiting, before.active, before.delayed, before.prioritized]).toEqual([0, 0, 0, 0]);
    } finally {
      await q.close();
      conn.disconnect();
    }
  });
});
