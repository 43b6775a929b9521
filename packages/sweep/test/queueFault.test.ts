/**
 * Issue #20, bugs 4, 10, 11: the queue under faults. A real redis-server (loopback, AOF with fsync always)
 * is killed with SIGKILL and restarted under a running sweep: every cell still finishes, one result each;
 * the loss and the return are one line each, never a stack per retry; SIGTERM stops a worker and a waiting
 * runner within 5 s while Redis is down. Also: the sweep-directory lock, credential redaction, and no sweep
 * directory for an unreachable queue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect as connectTcp } from 'node:net';
import type { Grid } from '../src/index';
import { LOCK_FILE, readStore, runSweep, sweepStatus } from '../src/node';
import { checkRedisUrl, redactUrl } from '../src/queue/redis';
import { lockSweepDir } from '../src/store/lock';
import { describeWithTool } from '@softmax-ntk/test-helpers';
import { startRestartableRedis, type RestartableRedis } from './redisServer';

// Cells of about a second each, so the outage lands while cells are queued and running.
const grid: Grid = { experiment: 'train', axes: { seed: [0, 1, 2, 3] }, fixed: { n: 16, d: 4, m: 256, steps: 1000 } };
/** The bound the issue sets on a stop, in every Redis state. */
const STOP_BOUND_MS = 5000;

interface Child {
  child: ChildProcess;
  stdout: string[];
  stderr: string;
  exited: Promise<number | null>;
  waitLine(pred: (l: Record<string, unknown>) => boolean): Promise<void>;
}

function spawnFixture(script: string, args: string[]): Child {
  const child = spawn(process.execPath, [join(__dirname, 'fixtures', script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const c: Child = {
    child,
    stdout: [],
    stderr: '',
    exited: new Promise((r) => child.once('exit', (code) => r(code))),
    waitLine: (pred) =>
      new Promise((resolve) => {
        const check = (l: string) => {
          if (pred(JSON.parse(l) as Record<string, unknown>)) resolve();
        };
        c.stdout.forEach(check);
        waiters.push(check);
      }),
  };
  const waiters: ((l: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => {
    c.stdout.push(l);
    for (const w of waiters) w(l);
  });
  child.stderr.on('data', (b: Buffer) => (c.stderr += b.toString()));
  return c;
}

/** SIGTERM, and the time until the process has exited. */
async function stopTime(c: Child): Promise<number> {
  const t0 = Date.now();
  c.child.kill('SIGTERM');
  await Promise.race([c.exited, new Promise((r) => setTimeout(r, 15_000))]);
  return Date.now() - t0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithTool('redis-server', 'the queue under faults (issue #20, bugs 4, 10, 11)', () => {
  let redis: RestartableRedis;
  let dir = '';
  const children: Child[] = [];
  beforeAll(async () => {
    redis = await startRestartableRedis({ password: 's3cret-pw' });
    dir = mkdtempSync(join(tmpdir(), 'sweep-fault-'));
  });
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('bug 4: redis-server killed and restarted under a running sweep', () => {
    it('every cell finishes with one result; one line at the loss and one at the return; no stack traces', async () => {
      const worker = spawnFixture('queueWorker.mjs', [redis.url, '10000']);
      children.push(worker);
      await worker.waitLine((l) => l['type'] === 'ready');
      const out = join(dir, 'restart');
      const running = runSweep({ grid, executor: 'queue', queue: redis.url, out, attempts: 3 });
      await worker.waitLine((l) => l['type'] === 'done'); // one cell done, the others queued or running
      await redis.kill();
      await sleep(3000); // ≥ several reconnection tries (backoff 100 ms doubling)
      await redis.restart();
      const r = await Promise.race([
        running,
        sleep(90_000).then(() => {
          throw new Error('the sweep did not finish within 90 s of Redis coming back');
        }),
      ]);
      expect(r).toMatchObject({ total: 4, done: 4, failed: 0, pending: 0 });
      // one record per cell in the store
      const store = readStore(out);
      expect([...store.records.values()].filter((x) => x.status === 'done')).toHaveLength(4);
      // the worker said it once each way, and printed no stack
      expect(worker.stderr.match(/connection lost:/g)).toHaveLength(1);
      expect(worker.stderr.match(/connection restored:/g)).toHaveLength(1);
      expect(worker.stderr).not.toMatch(/Unhandled error event|\n\s+at /);
      // … and never printed the password
      expect(worker.stderr).not.toContain('s3cret-pw');
      const s = await sweepStatus({ out, queue: redis.url });
      // exactly once: Redis counts each completion (HINCRBY beside the result), a re-run would count 2
      expect(s.cells.map((c) => c.completions)).toEqual([1, 1, 1, 1]);
      expect(await stopTime(worker)).toBeLessThan(STOP_BOUND_MS);
    }, 150_000);
  });

  describe('bug 4: SIGTERM stops a worker and a waiting runner within 5 s while Redis is down', () => {
    it('idle worker, and a runner waiting for results', async () => {
      const worker = spawnFixture('queueWorker.mjs', [redis.url, '10000']);
      children.push(worker);
      await worker.waitLine((l) => l['type'] === 'ready');
      // a runner waiting on cells no worker will take while Redis is gone
      const runner = spawnFixture('queueRunner.mjs', [
        redis.url,
        join(dir, 'waiting'),
        JSON.stringify({ experiment: 'train', axes: { seed: [100, 101] }, fixed: { n: 4, d: 2, m: 8, steps: 1 } }),
      ]);
      children.push(runner);
      await runner.waitLine((l) => l['type'] === 'ready');
      await sleep(1500); // the runner has reached Redis and enqueued its cells
      await redis.kill();
      await sleep(1500); // both are now retrying
      const [tw, tr] = await Promise.all([stopTime(worker), stopTime(runner)]);
      await redis.restart();
      expect(tw).toBeLessThan(STOP_BOUND_MS);
      expect(tr).toBeLessThan(STOP_BOUND_MS);
      expect(worker.stderr).not.toMatch(/Unhandled error event|\n\s+at /);
      expect(runner.stderr).not.toMatch(/Unhandled error event|\n\s+at /);
    }, 60_000);
  });

  describe('bug 4: SIGTERM stops a worker in the middle of a cell within 5 s, with Redis up and with Redis down', () => {
    it('Redis up: a worker running a long cell; Redis down: another worker mid-cell and the runner waiting on it', async () => {
      // cells of tens of seconds, so each SIGTERM lands while the cell is running
      const long = JSON.stringify({
        experiment: 'train',
        axes: { seed: [200] },
        fixed: { n: 16, d: 4, m: 256, steps: 50000 },
      });
      // Redis database 1: the long cell left queued there does not hold up the workers of the other tests
      const url = `${redis.url}/1`;
      const runner = spawnFixture('queueRunner.mjs', [url, join(dir, 'mid-cell'), long]);
      children.push(runner);
      await runner.waitLine((l) => l['type'] === 'ready');
      const first = spawnFixture('queueWorker.mjs', [url, '10000']);
      children.push(first);
      await first.waitLine((l) => l['type'] === 'start');
      expect(await stopTime(first)).toBeLessThan(STOP_BOUND_MS);
      // the abandoned cell is taken again (lease 2 s) by the next worker
      const second = spawnFixture('queueWorker.mjs', [url, '2000']);
      children.push(second);
      await second.waitLine((l) => l['type'] === 'start');
      await redis.kill();
      await sleep(1500); // both are now retrying
      const [tw, tr] = await Promise.all([stopTime(second), stopTime(runner)]);
      await redis.restart();
      expect(tw).toBeLessThan(STOP_BOUND_MS);
      expect(tr).toBeLessThan(STOP_BOUND_MS);
      for (const c of [first, second, runner]) expect(c.stderr).not.toMatch(/Unhandled error event|\n\s+at /);
    }, 90_000);
  });

  describe('bug 10: an exclusive lock on a sweep directory', () => {
    it('a second runner is refused naming the first one’s pid; the lock is released after the run', async () => {
      const out = join(dir, 'locked');
      // runSweep takes the lock before its first await, so the first call holds it when the second starts
      const first = runSweep({ grid: { ...grid, fixed: { ...grid.fixed, steps: 200 } }, out });
      await expect(runSweep({ grid, out })).rejects.toThrow(new RegExp(`is in use by process ${process.pid} on `));
      await first;
      expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    }, 60_000);

    it('a lock left by a dead process (kill -9) is taken over', () => {
      const d = mkdtempSync(join(dir, 'stale-'));
      // pid 2^22 + 1 is above Linux's pid_max ceiling, so no process has it
      writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), startedAt: 'then' }));
      const release = lockSweepDir(d);
      expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      release();
      expect(existsSync(join(d, LOCK_FILE))).toBe(false);
    });
  });

  describe('bug 11: credentials and reachability', () => {
    it('the password is redacted in sweep.json and status; status needs the full URL back', async () => {
      const out = join(dir, 'redacted');
      const small: Grid = { experiment: 'train', axes: { seed: [7] }, fixed: { n: 4, d: 2, m: 8, steps: 1 } };
      const worker = spawnFixture('queueWorker.mjs', [redis.url, '10000']);
      children.push(worker);
      await worker.waitLine((l) => l['type'] === 'ready');
      await runSweep({ grid: small, executor: 'queue', queue: redis.url, out });
      const manifest = readFileSync(join(out, 'sweep.json'), 'utf8');
      expect(manifest).not.toContain('s3cret-pw');
      expect(JSON.parse(manifest).queue).toBe(`redis://:***@127.0.0.1:${redis.port}`);
      await expect(sweepStatus({ out })).rejects.toThrow(/without its credentials .* pass --queue/);
      const s = await sweepStatus({ out, queue: redis.url });
      expect(s.done).toBe(1);
      expect(JSON.stringify(s)).not.toContain('s3cret-pw');
      await stopTime(worker);
    }, 60_000);

    it('an unreachable queue is one error with the password redacted, and no sweep directory is created', async () => {
      const out = join(dir, 'never');
      const url = 'redis://u:hunter2@127.0.0.1:1';
      await expect(runSweep({ grid, executor: 'queue', queue: url, out })).rejects.toThrow(
        /^cannot reach Redis at redis:\/\/u:\*\*\*@127\.0\.0\.1:1: /,
      );
      expect(existsSync(out)).toBe(false);
    });

    it.each([
      ['redis://127.0.0.1:99999', /port "99999" is not in 1–65535/],
      ['redis://127.0.0.1:0', /port "0" is not in 1–65535/],
      ['redis://:pw@127.0.0.1:70000', /port "70000".*got "redis:\/\/:\*\*\*@127\.0\.0\.1:70000"/],
      ['http://127.0.0.1:6379', /must be a Redis URL/],
    ])('%j is refused with a message naming the problem (not a bare "Invalid URL")', (url, msg) => {
      expect(() => checkRedisUrl('--queue', url)).toThrow(msg);
    });

    it('redactUrl keeps the user and hides the password', () => {
      expect(redactUrl('redis://alice:pw@h:1/0')).toBe('redis://alice:***@h:1/0');
      expect(redactUrl('rediss://token@h:1')).toBe('rediss://***@h:1');
      expect(redactUrl('redis://h:1')).toBe('redis://h:1');
    });

    it('the Redis the tests use really requires the password (so the redaction above is tested against a real secret)', async () => {
      // a raw RESP PING without AUTH: the server must answer -NOAUTH
      const reply = await new Promise<string>((resolve, reject) => {
        const sock = connectTcp(redis.port, '127.0.0.1', () => sock.write('PING\r\n'));
        sock.once('data', (b) => {
          resolve(b.toString());
          sock.destroy();
        });
        sock.once('error', reject);
      });
      expect(reply).toMatch(/^-NOAUTH/);
    });
  });
});
