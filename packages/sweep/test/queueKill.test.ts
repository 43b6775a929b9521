/**
 * Two queue-worker processes (the built package, as `sweep worker` runs it);
 * one is killed with SIGKILL in the middle of a cell. Its lock lapses, the
 * surviving worker's stalled-job check puts the cell back, and it runs again:
 * every cell finishes exactly once, and status shows the retry.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runSweep, sweepStatus, type QueueWorkerEvent } from '../src/node';
import { type Grid } from '../src/index';
import { describeWithTool } from '@softmax-ntk/test-helpers';
import { startRedis, type RedisServer } from './redisServer';

// Cells of about a second each (n = 16, d = 4, m = 256, 1000 GD steps), so a kill right after a start lands mid-cell.
const grid: Grid = { experiment: 'train', axes: { seed: [0, 1, 2, 3] }, fixed: { n: 16, d: 4, m: 256, steps: 1000 } };
// Short locks so the retry comes within seconds (the real default is 10 s).
const LOCK_MS = 1500;

interface Proc {
  child: ChildProcess;
  events: QueueWorkerEvent[];
  waitFor(pred: (e: QueueWorkerEvent | { type: 'ready' }) => boolean): Promise<void>;
}

function spawnWorker(url: string): Proc {
  const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'queueWorker.mjs'), url, String(LOCK_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: QueueWorkerEvent[] = [];
  const waiters: { pred: (e: never) => boolean; resolve: () => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line);
    if (e.type !== 'ready') events.push(e);
    for (const w of [...waiters])
      if (w.pred(e as never)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  });
  return { child, events, waitFor: (pred) => new Promise((resolve) => waiters.push({ pred: pred, resolve })) };
}

let redis: RedisServer;
let dir = '';
const procs: Proc[] = [];
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'sweep-kill-'));
});
afterAll(async () => {
  for (const p of procs)
    if (p.child.exitCode === null && p.child.signalCode === null) {
      const gone = new Promise((r) => p.child.once('exit', r));
      p.child.kill('SIGTERM');
      await gone;
    }
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describeWithTool('redis-server', 'queue: a worker killed mid-cell loses nothing', () => {
  it('the cell is retried by the other worker; every cell finishes exactly once; status says so', async () => {
    const a = spawnWorker(redis.url);
    const b = spawnWorker(redis.url);
    procs.push(a, b);
    await Promise.all([a.waitFor((e) => e.type === 'ready'), b.waitFor((e) => e.type === 'ready')]);

    const out = join(dir, 'sweep');
    const running = runSweep({ grid, executor: 'queue', queue: redis.url, out, attempts: 3 });
    // Kill worker A as soon as it starts a cell.
    await a.waitFor((e) => e.type === 'start');
    const victim = a.events.find((e) => e.type === 'start')!.id;
    const killed = new Promise((r) => a.child.once('exit', r));
    a.child.kill('SIGKILL');
    await killed;
    expect(a.events.some((e) => e.type === 'done' && e.id === victim)).toBe(false);

    const r = await running;
    expect(r).toMatchObject({ total: 4, done: 4, failed: 0, pending: 0 });
    // B ran the victim again, as its second start
    expect(b.events).toContainEqual({ type: 'start', id: victim, attempt: 2 });
    expect(b.events).toContainEqual({ type: 'done', id: victim, attempt: 2 });

    const s = await sweepStatus({ out });
    expect(s).toMatchObject({
      total: 4,
      done: 4,
      running: 0,
      failed: 0,
      pending: 0,
      retried: 1,
      finishedMoreThanOnce: 0,
    });
    expect(s.cells.map((c) => c.completions)).toEqual([1, 1, 1, 1]);
    expect(s.cells.find((c) => c.id === victim)!.attempts).toBe(2);

    // the retried cell's numbers are those of an uninterrupted inline run
    const inline = await runSweep({
      grid: { ...grid, axes: { seed: [r.cells.find((c) => c.id === victim)!.params.seed as number] } },
    });
    expect(r.cells.find((c) => c.id === victim)!.result).toEqual(inline.cells[0]!.result);
  });
});
