import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describeWithTool } from '@softmax-ntk/test-helpers';
import { startRedis } from '../../test/redis';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';
import { parseWhere } from './sweepCollect';

const tmp = tempDir();

const GRID = {
  experiment: 'table1-cell',
  axes: { activation: ['softmax', 'relu'], n: [4, 8], m: [32, 64] },
  seeds: 2,
  fixed: { steps: 300 },
  record: ['ok', 'converged', 'steps', 'lambda'],
};

describe('softmax-ntk sweep run / status / collect (inline)', () => {
  it('run executes every cell; a second run skips them all', async () => {
    writeFileSync(tmp.path('t1.json'), JSON.stringify(GRID));
    const r = await runCli(['sweep', 'run', tmp.path('t1.json'), '--out', tmp.path('t1'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      executor: 'inline',
      total: 16,
      ran: 16,
      skipped: 0,
      done: 16,
      failed: 0,
      pending: 0,
    });
    expect(readFileSync(tmp.path('t1/results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(16);
    const again = await runCli(['sweep', 'run', tmp.path('t1.json'), '--out', tmp.path('t1'), '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ ran: 0, skipped: 16, done: 16 });
  });

  it('status: counts, progress, and that each cell finished once', async () => {
    const r = await runCli(['sweep', 'status', '--out', tmp.path('t1')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/16\/16 done \(100\.0%\), 0 running, 0 failed, 0 pending/);
    expect(r.stdout).toMatch(/0 done cells needed a retry; every finished cell finished exactly once/);
  });

  it('collect: table, CSV, log–log fits per group with confidence intervals, and the plot', async () => {
    const r = await runCli([
      'sweep',
      'collect',
      '--out',
      tmp.path('t1'),
      '--x',
      'm',
      '--y',
      'lambda',
      '--by',
      'activation,n',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.columns).toEqual(['activation', 'n', 'm', 'seed', 'ok', 'converged', 'steps', 'lambda']);
    expect(out.rows).toHaveLength(16);
    expect(out.fits).toHaveLength(4);
    for (const f of out.fits) {
      // 2 m values × 2 seeds per group: 4 points, 2 residual degrees of freedom
      expect(f.fit.points).toBe(4);
      expect(f.fit.slopeCi[0]).toBeLessThanOrEqual(f.fit.slope);
      expect(f.fit.slopeCi[1]).toBeGreaterThanOrEqual(f.fit.slope);
    }
    const csv = readFileSync(tmp.path('t1/results.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('activation,n,m,seed,ok,converged,steps,lambda');
    expect(csv).toHaveLength(18); // header, 16 rows, trailing empty
    expect(existsSync(tmp.path('t1/scaling-lambda-vs-m.svg'))).toBe(true);
    expect(readFileSync(tmp.path('t1/scaling-lambda-vs-m.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('collect --where/--reduce: the smallest m that reached ε at each n', async () => {
    const r = await runCli([
      'sweep',
      'collect',
      '--out',
      tmp.path('t1'),
      '--x',
      'n',
      '--y',
      'm',
      '--by',
      'activation',
      '--where',
      'ok=true',
      '--reduce',
      'min',
      '--no-plot',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /scaling of m against n \(log–log least squares, min over the other parameters at each n\):/,
    );
    expect(r.stdout).toMatch(/activation=softmax: /);
  });

  it('parseWhere reads JSON values and bare strings', () => {
    expect(parseWhere('ok=true,activation=relu,n=8')).toEqual({ ok: true, activation: 'relu', n: 8 });
  });

  it('a bad grid file is refused with a message naming the axis, and nothing is written', async () => {
    writeFileSync(tmp.path('bad.yaml'), 'experiment: table1-cell\naxes:\n  n: [4]\n  width: [8]\n');
    const r = await runCli(['sweep', 'run', tmp.path('bad.yaml'), '--out', tmp.path('bad')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^softmax-ntk: error: grid .*bad\.yaml: unknown axis "width" for experiment "table1-cell"/,
    );
    expect(existsSync(tmp.path('bad'))).toBe(false);
  });

  it('option errors name the option', async () => {
    writeFileSync(tmp.path('t2.json'), JSON.stringify(GRID));
    expect((await runCli(['sweep', 'run', tmp.path('t2.json'), '--executor', 'gpu'])).stderr).toMatch(
      /--executor must be one of inline, threads, queue, got "gpu"/,
    );
    expect((await runCli(['sweep', 'run', tmp.path('t2.json'), '--executor', 'queue'])).stderr).toMatch(
      /--executor queue needs --queue/,
    );
    expect((await runCli(['sweep', 'run', tmp.path('t2.json'), '--queue', 'http://x'])).stderr).toMatch(
      /`queue` must be a Redis URL like redis:\/\/127\.0\.0\.1:6379, got "http:\/\/x"/,
    );
    expect((await runCli(['sweep', 'status', '--out', tmp.path('nowhere')])).stderr).toMatch(
      /no sweep in .*nowhere: sweep\.json is missing/,
    );
    // nothing listens on loopback port 1: an error at once, not a retry loop
    const w = await runCli(['sweep', 'worker', '--queue', 'redis://127.0.0.1:1']);
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/^softmax-ntk: error: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    const r = await runCli([
      'sweep',
      'run',
      tmp.path('t2.json'),
      '--queue',
      'redis://127.0.0.1:1',
      '--out',
      tmp.path('t2'),
    ]);
    expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});

describeWithTool('redis-server', 'softmax-ntk sweep on a queue', () => {
  it('run --queue enqueues, worker --queue consumes; the numbers equal the inline run; status reads Redis', async () => {
    const redis = await startRedis(tmp.dir());
    try {
      writeFileSync(tmp.path('q.json'), JSON.stringify(GRID));
      // Enqueue first, then start the worker: a worker started first could go idle (and, with
      // --idle-exit, leave) before a slow `run` enqueued anything on a loaded machine.
      const enq = await runCli([
        'sweep',
        'run',
        tmp.path('q.json'),
        '--queue',
        redis.url,
        '--out',
        tmp.path('q'),
        '--no-wait',
        '--json',
      ]);
      expect(enq.code).toBe(0);
      const w = await runCli([
        'sweep',
        'worker',
        '--queue',
        redis.url,
        '--concurrency',
        '2',
        '--idle-exit',
        '1',
        '--quiet',
        '--json',
      ]);
      expect(w.code).toBe(0);
      expect(JSON.parse(w.stdout)).toEqual({ queue: redis.url, done: 16, failed: 0 });
      // the queued run, started again, enqueues nothing and collects the 16 results from Redis
      const r = await runCli([
        'sweep',
        'run',
        tmp.path('q.json'),
        '--queue',
        redis.url,
        '--out',
        tmp.path('q'),
        '--json',
      ]);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ executor: 'queue', total: 16, done: 16, failed: 0 });
      const s = JSON.parse((await runCli(['sweep', 'status', '--out', tmp.path('q'), '--json'])).stdout);
      expect(s).toMatchObject({ total: 16, done: 16, finishedMoreThanOnce: 0, queue: redis.url });
      const q = JSON.parse((await runCli(['sweep', 'collect', '--out', tmp.path('q'), '--json', '--no-plot'])).stdout);
      const inline = JSON.parse(
        (await runCli(['sweep', 'collect', '--out', tmp.path('t1'), '--json', '--no-plot'])).stdout,
      );
      expect(q.rows).toEqual(inline.rows);
    } finally {
      await redis.stop();
    }
  });
});
