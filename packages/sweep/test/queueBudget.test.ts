/**
 * Issue #20, bug 1 on the queue: a `sweep worker` checks each queued cell's memory estimate against its own
 * budget before running it. A runner on another machine (or with a larger `--max-memory`) may queue a cell this
 * worker cannot hold; it fails at once — one line naming the estimate and the budget, no retries — and the other
 * cells run. A real redis-server, as in executors.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithTool } from '@softmax-ntk/test-helpers';
import { experimentOf, type Grid } from '../src/index';
import { runSweep, startQueueWorker, type QueueWorkerEvent } from '../src/node';
import { startRedis, type RedisServer } from './redisServer';

// two cells of one grid: n = 4 (a few kB) and n = 64 (H* of (64·2)² alone is 3·128²·8 B ≈ 393 kB)
const grid: Grid = { experiment: 'train', axes: { n: [4, 64] }, fixed: { m: 16, d: 2, steps: 5 } };
const estimate = (n: number) => experimentOf('train')!.memory({ n, m: 16, d: 2 }).bytes;

let redis: RedisServer;
let dir = '';
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'sweep-budget-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describeWithTool('redis-server', 'sweep worker: a queued cell over the worker’s memory budget', () => {
  it('fails at once, without retries, naming the estimate and the budget; the cell within it runs', async () => {
    const small = estimate(4);
    const big = estimate(64);
    // the formula's numbers, so a change to the estimate shows here: 8·(n·2d + m·2d + 4nm + 2md + 3(n·d)²)
    expect(small).toBe(8 * (4 * 4 + 16 * 4 + 4 * 4 * 16 + 2 * 16 * 2 + 3 * (4 * 2) ** 2));
    expect(big).toBe(8 * (64 * 4 + 16 * 4 + 4 * 64 * 16 + 2 * 16 * 2 + 3 * (64 * 2) ** 2));
    // a budget between the two (the runner, with the default cap, accepts both)
    const budget = Math.round(Math.sqrt(small * big));
    const events: QueueWorkerEvent[] = [];
    const worker = await startQueueWorker({
      queue: redis.url,
      concurrency: 1,
      maxMemoryBytes: budget,
      onEvent: (e) => events.push(e),
    });
    try {
      const r = await runSweep({ grid, executor: 'queue', queue: redis.url, attempts: 3, out: join(dir, 'budget') });
      expect(r).toMatchObject({ total: 2, done: 1, failed: 1, pending: 0 });
      const byN = (n: number) => r.cells.find((c) => c.params['n'] === n)!;
      expect(byN(4)).toMatchObject({ status: 'done' });
      expect(Number.isFinite(byN(4).result?.['loss'])).toBe(true);
      const failed = byN(64);
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe(
        `cell ${failed.id} needs an estimated ${big} B (${(big / 1000).toFixed(1)} kB) for a network cell (n = 64, m = 16, d_in = 2, d_out = 2) and H* of (n·d_out)², over this worker's memory budget of ${budget} B (${(budget / 1000).toFixed(1)} kB) (maxMemoryBytes; sweep worker --max-memory)`,
      );
      // UnrecoverableError: one attempt of the three allowed, and one failure event on the worker
      expect(failed.attempts).toBe(1);
      expect(events.filter((e) => e.id === failed.id).map((e) => e.type)).toEqual(['start', 'failed']);
    } finally {
      await worker.close();
    }
  });

  it('a budget that is not a positive number is refused before Redis is reached', async () => {
    for (const bad of [0, -1, Number.NaN])
      await expect(startQueueWorker({ queue: 'redis://127.0.0.1:1', maxMemoryBytes: bad })).rejects.toThrow(
        /^invalid argument: maxMemoryBytes: expected a number of bytes > 0, got /,
      );
  });
});
