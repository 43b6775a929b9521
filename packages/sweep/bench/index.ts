/**
 * Benchmarks of @softmax-ntk/sweep (never run by tests; `pnpm --filter @softmax-ntk/sweep bench`):
 * cells per minute for a 64-cell Table 1 grid — (activation ∈ {softmax, relu}) × (n ∈ {16, 32}) ×
 * (m ∈ {512, 1024, 2048, 4096}) × 4 seeds, 1000-step budget — with the inline executor, the threads
 * executor (2 workers), and the queue executor (Redis, 2 local `sweep worker` processes, one cell
 * each at a time). Every repetition runs all 64 cells (no store, and the queue's results are
 * cleared first). Needs `redis-server` on the PATH for the queue row.
 *
 * Runs the built package (dist/), as users and workers do.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { runBenchmarks, type Workload } from '@softmax-ntk/bench';
import type { Grid } from '../src/index';

// The built package (worker threads load dist/worker.js); typed by the sources, so typecheck needs no build.
const DIST = '../dist/node.js';
const { DEFAULT_QUEUE_NAME, runSweep } = (await import(DIST)) as typeof import('../src/node');

const grid: Grid = {
  name: 'table-1 (64 cells)',
  experiment: 'table1-cell',
  axes: { activation: ['softmax', 'relu'], n: [16, 32], m: [512, 1024, 2048, 4096] },
  seeds: 4,
  fixed: { steps: 1000 },
};
const CELLS = 64;
const perMinute = (ms: number) => (CELLS / ms) * 60_000;

async function timed(f: () => Promise<unknown>): Promise<{ cellsPerMinute: number }> {
  const t0 = performance.now();
  await f();
  return { cellsPerMinute: perMinute(performance.now() - t0) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

interface QueueCtx {
  redisProc: ChildProcess;
  workers: ChildProcess[];
  url: string;
  dir: string;
  redis: Redis;
}

const workerScript = `
import { startQueueWorker } from ${JSON.stringify(new URL('../dist/node.js', import.meta.url).href)};
const w = await startQueueWorker({ queue: process.argv[1], concurrency: 1 });
console.log('ready');
process.on('SIGTERM', () => w.close().then(() => process.exit(0)));
`;

const workloads: Workload[] = [
  {
    name: 'inline (1 thread)',
    repeats: 2,
    warmup: 0,
    run: () => timed(() => runSweep({ grid, executor: 'inline' })),
  },
  {
    name: 'threads (2 workers)',
    repeats: 2,
    warmup: 0,
    baseline: 'inline (1 thread)',
    run: () => timed(() => runSweep({ grid, executor: 'threads', workers: 2 })),
  },
  {
    name: 'queue (Redis, 2 worker processes)',
    repeats: 2,
    warmup: 0,
    baseline: 'inline (1 thread)',
    async setup(): Promise<QueueCtx> {
      if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server is not installed');
      const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
      const port = await freePort();
      const redisProc = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { stdio: 'ignore' },
      );
      const url = `redis://127.0.0.1:${port}`;
      for (
        let k = 0;
        k < 200 &&
        spawnSync('redis-cli', ['-p', String(port), 'ping'])
          .stdout?.toString()
          .trim() !== 'PONG';
        k++
      )
        await new Promise((r) => setTimeout(r, 50));
      const workers = [0, 1].map(() =>
        spawn(process.execPath, ['--input-type=module', '-e', workerScript, url], {
          stdio: ['ignore', 'pipe', 'inherit'],
        }),
      );
      await Promise.all(
        workers.map(
          (w) => new Promise<void>((resolve) => createInterface({ input: w.stdout }).once('line', () => resolve())),
        ),
      );
      return { redisProc, workers, url, dir, redis: new Redis(url) };
    },
    async run(ctx: QueueCtx) {
      // every repetition computes all cells: forget the previous repetition's results
      await ctx.redis.del(`${DEFAULT_QUEUE_NAME}:results`, `${DEFAULT_QUEUE_NAME}:completions`);
      return timed(() => runSweep({ grid, executor: 'queue', queue: ctx.url }));
    },
    async teardown(ctx: QueueCtx) {
      ctx.redis.disconnect();
      await Promise.all(ctx.workers.map((w) => new Promise((r) => (w.once('exit', r), w.kill('SIGTERM')))));
      await new Promise((r) => (ctx.redisProc.once('exit', r), ctx.redisProc.kill('SIGTERM')));
      rmSync(ctx.dir, { recursive: true, force: true });
    },
  },
];

await runBenchmarks(workloads, {
  title: '@softmax-ntk/sweep: a 64-cell Table 1 grid (cells per minute in notes)',
  jsonOut: process.env['BENCH_JSON'],
});
